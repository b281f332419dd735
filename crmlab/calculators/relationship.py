"""Calculators of chapter 5, relationships: lifetime value and five more points of retention (L8, L11), the
leaky bucket (R1), what one complaint is worth (R3)."""

from __future__ import annotations

from crmlab import retention, satisfaction
from crmlab._lang import table_word
from crmlab.calculators._chart import bars, layer, lines, points, rules
from crmlab.calculators._declare import Choice, Slider, Toggle, calculator
from crmlab.calculators._text import source

CLAIMS = {"claim: +25 % (essay)": 0.25, "claim: +85 % (loyalty lecture)": 0.85}
"""Claimed profit rises from five more points of retention that the course's sources report."""


@calculator(
    title={"en": "Customer lifetime value and five more points of retention", "zh": "客户终身价值与顾客保持率提高 5 个"
                                                                                    "百分点"},
    term="customer lifetime value (CLV)",
    controls=(Slider("margin", {"en": "Margin per period",
                                "zh": "每期利润"}, {"en": "money units", "zh": "货币单位"}, 0, 1000, 10, 100),
              Slider("retention_rate", {"en": "Retention rate", "zh": "顾客保持率"}, {"en": "% per period", "zh": "每期"
                                                                                                             " %"},
                     0, 99, 1, 80),
              Slider("discount", {"en": "Discount rate",
                                  "zh": "贴现率"}, {"en": "% per period", "zh": "每期 %"}, 0, 30, 1, 10),
              Slider("horizon", {"en": "Horizon", "zh": "期限"}, {"en": "periods", "zh": "期"}, 1, 50, 1, 20),
              Toggle("unlimited", {"en": "No horizon (the customer may stay for ever)", "zh": "无期限（顾客可能永远留"
                                                                                              "下）"},
                     True)),
    template={"en": "CLV = {clv:,.2f} with a margin of {margin:,.0f} a period, {retention_rate} % retention, a {discoun"
                    "t} % "
             "discount rate, {unlimited, select, true {no horizon} other {{horizon} periods}}.\nFive more points of "
             "retention ({more_rate} %) make it {more:,.2f}: {uplift:+.1f} %.\nThe course's sources claim +25 % ("
             + source("trust essay") + ") and +85 % (" + source("loyalty lecture") + "): the dashed lines.",
              "zh": "CLV = {clv:,.2f}：每期利润 {margin:,.0f}，顾客保持率 {retention_rate}%，贴现率 {discount}%，"
                    "{unlimited, select, true {无期限} other {{horizon} 期}}。\n保持率提高 5 个百分点（{more_rate}%）"
                    "后为 {more:,.2f}：{uplift:+.1f}%。\n课程资料声称 +25%（" + source("trust essay", "zh") + "）和 "
                    "+85%（" + source("loyalty lecture", "zh") + "）：见虚线。"},
    chart=layer(lines("curve", x="retention", y="rise", x_title={"en": "starting retention rate (%)", "zh": "起始顾客保"
                                                                                                            "持率（%）"},
                      y_title={"en": "rise in CLV from +5 points (%)", "zh": "提高 5 个百分点带来的 CLV 增幅（%）"},
                      y_domain=(0, 150)),
                rules("claims", y="rise", label="claim"), points("now", x="retention", y="rise", size=110)).named({
        "claim: +25 % (essay)": {"zh": "声称 +25%（论文）"},
        "claim: +85 % (loyalty lecture)": {"zh": "声称 +85%（忠诚讲义）"},
        "retention": {"en": "retention (%)", "zh": "保持率（%）"}, "rise": {"en": "rise (%)", "zh": "增幅（%）"}}),
    messages={"retention of {} % leaves no room for five more points (the rate must stay below 100 %): choose 94 % or "
              "less": {"zh": "保持率为 {}% 时没有再提高 5 个百分点的余地（保持率必须低于 100%）：请选择 94% 或更低"}},
    description={"en": "Line chart of the rise in lifetime value from five more points of retention against the "
                       "starting retention rate, with the claimed +25 % and +85 % as dashed lines.",
                 "zh": "保持率提高 5 个百分点带来的终身价值增幅随起始保持率变化的折线图，虚线为声称的 +25% 和 +85%。"},
)
def lifetime_value_calculator(margin, retention_rate, discount, horizon, unlimited):
    """Customer lifetime value and what five more points of retention do to it (L8, L11).

    :func:`crmlab.retention.lifetime_value` and ``retention_uplift``; above 94 %
    retention five more points would reach 100 % and the calculator says so.

    >>> print(lifetime_value_calculator().sentence().splitlines()[0])
    CLV = 333.33 with a margin of 100 a period, 80 % retention, a 10 % discount rate, no horizon.
    """
    if retention_rate + 5 >= 100:
        raise ValueError(f"retention of {retention_rate} % leaves no room for five more points (the rate must stay "
                         "below 100 %): choose 94 % or less")
    periods = None if unlimited else horizon
    rate, d = retention_rate / 100, discount / 100
    return {"clv": retention.lifetime_value(margin, rate, d, periods),
            "more": retention.lifetime_value(margin, rate + 0.05, d, periods), "more_rate": retention_rate + 5,
            "uplift": 100 * retention.retention_uplift(rate, d, 0.05, periods),
            "curve": [{"retention": r, "rise": 100 * retention.retention_uplift(r / 100, d, 0.05, periods)}
                      for r in range(0, 95)],
            "claims": [{"claim": label, "rise": 100 * rise} for label, rise in CLAIMS.items()],
            "now": [{"retention": retention_rate, "rise": 100 * retention.retention_uplift(rate, d, 0.05, periods)}]}


@calculator(
    title={"en": "The leaky bucket: acquisition against churn",
           "zh": "漏桶：获取新顾客与顾客流失"}, term="leaky bucket",
    controls=(Slider("initial", {"en": "Customers at the start",
                                 "zh": "初始顾客数"}, {"en": "customers", "zh": "位顾客"},
                     0, 10_000, 100, 1000),
              Slider("acquired", {"en": "New customers",
                                  "zh": "新顾客"}, {"en": "per period", "zh": "每期"}, 0, 1000, 10, 100),
              Slider("churn", "Churn", {"en": "% of customers lost per period",
                                        "zh": "每期流失顾客的 %"}, 0, 100, 1, 20,
                     term="churn rate"),
              Slider("periods", {"en": "Periods shown",
                                 "zh": "显示的期数"}, {"en": "periods", "zh": "期"}, 1, 50, 1, 20)),
    template={"en": "Starting from {initial:,.0f} customers, with {acquired:,.0f} new and {churn} % leaking out each "
             "period,\nthe bucket holds {final:,.0f} customers after {periods} periods.\n{steady, select, none "
             "{With no churn nothing leaks: the bucket grows by {acquired:,.0f} customers a period and never settles "
             "(no steady state).} other {It settles where inflow equals outflow: steady state = {acquired:,.0f} / "
             "{churn} % = {steady:,.0f} customers.}}",
              "zh": "从 {initial:,.0f} 位顾客开始，每期新增 {acquired:,.0f} 位、流失 {churn}%，\n{periods} 期后桶里有 "
                    "{final:,.0f} 位顾客。\n{steady, select, none {没有流失就没有漏出：桶每期增加 {acquired:,.0f} 位顾"
                    "客，"
                    "永远不会稳定（没有稳态）。} other {它在流入等于流出处稳定下来：稳态 = {acquired:,.0f} / {churn}% ="
                    " "
                    "{steady:,.0f} 位顾客。}}"},
    chart=layer(lines("path", x="period", y="customers", x_title=table_word("period"),
                      y_title=table_word("customers"), fmt=",.0f"),
                rules("steady_line", y="customers", label="label")).named({"steady state": None}),
    description={"en": "Line chart of the number of customers over the periods, with the steady state as a dashed "
                       "line.", "zh": "各期顾客数的折线图，虚线为稳态。"},
)
def leaky_bucket_calculator(initial, acquired, churn, periods):
    """The leaky bucket (R1): customers poured in, customers leaking out, and where the level settles.

    :func:`crmlab.retention.leaky_bucket` and :func:`crmlab.retention.steady_state`.

    >>> print(leaky_bucket_calculator().sentence().splitlines()[1])
    the bucket holds 506 customers after 20 periods.
    """
    table = retention.leaky_bucket(initial, acquired, churn / 100, periods)
    steady = retention.steady_state(acquired, churn / 100) if churn > 0 else None
    return {"final": table["customers"].iloc[-1], "steady": steady,
            "steady_line": [{"customers": steady, "label": "steady state"}] if churn > 0 else [],
            "path": [{"period": t, "customers": c} for t, c in zip(table["period"].tolist(),
                                                                  table["customers"].tolist())]}


SCORES = {"5": {"en": "5, highly satisfied", "zh": "5，高度满意"}, "4": {"en": "4, satisfied", "zh": "4，满意"},
          "3": {"en": "3, neutral", "zh": "3，一般"}, "2": {"en": "2, dissatisfied", "zh": "2，不满意"},
          "1": {"en": "1, very dissatisfied", "zh": "1，很不满意"}}
"""The satisfaction lecture's 5-point scale, whose retention table (crmlab.satisfaction.retention_band) says how many
customers at each score still buy a year later."""


@calculator(
    title={"en": "What is one complaint worth?", "zh": "一次抱怨值多少？"}, term="service recovery",
    note={"en": "W = r V ± s n V (crmlab.satisfaction.complaint_outcomes): r from the retention table of "
                + source("satisfaction lecture") + " (midpoint), n people told (" + source("loyalty lecture")
                + " says 22 in one place and 8–10 in another); the share s swayed is your assumption.",
          "zh": "W = r V ± s n V（crmlab.satisfaction.complaint_outcomes）：r 取自" + source("satisfaction lecture", "z"
                                                                                                                "h")
                + "的顾客保持表（区间中点），n 为告诉的人数（" + source("loyalty lecture", "zh")
                + "一处说 22 人，另一处说 8–10 人）；被影响的比例 s 是你的假设。"},
    controls=(Slider("lifetime_value", {"en": "Lifetime value of the customer who complains",
                                        "zh": "抱怨顾客的终身价值"},
                     {"en": "money units",
                      "zh": "货币单位"}, 0, 10_000, 100, 1000, term="customer lifetime value (CLV)"),
              Slider("swayed", {"en": "Share of the people told who change what they buy", "zh": "听说者中改变购买的比"
                                                                                                 "例"},
                     "%", 0, 20, 1, 5),
              Choice("handled_score", {"en": "Handled well: satisfaction afterwards",
                                       "zh": "处理得好：事后的满意度"}, SCORES,
                     "5"),
              Slider("handled_tells", {"en": "Handled well: people told", "zh": "处理得好：告诉的人数"},
                     {"en": "people", "zh": "人"}, 0, 30, 1, 10),
              Choice("mishandled_score", {"en": "Handled badly: satisfaction afterwards",
                                          "zh": "处理不当：事后的满意度"},
                     SCORES, "1"),
              Slider("mishandled_tells", {"en": "Handled badly: people told", "zh": "处理不当：告诉的人数"},
                     {"en": "people", "zh": "人"}, 0, 30, 1, 22)),
    template={"en": "{lifetime_value, select, =0 {A customer worth nothing makes every complaint worth nothing.} other "
             "{Handled well, the complaint is worth {handled:,.0f} to the firm (the customer stays with a chance of "
             "{kept_handled:.1f} % and {handled_tells} people hear good news); handled badly, {mishandled:,.0f} "
             "({kept_mishandled:.1f} %, {mishandled_tells} people hear bad news).\nHandling it well is worth "
             "{difference:,.0f}, {times:.1f} times the customer's own lifetime value.}}",
              "zh": "{lifetime_value, select, =0 {一文不值的顾客使每次抱怨都一文不值。} other {处理得好，这次抱怨对企业"
                    "值 "
                    "{handled:,.0f}（顾客留下的可能性为 {kept_handled:.1f}%，{handled_tells} 个人听到好消息）；处理不"
                    "当，"
                    "值 {mishandled:,.0f}（{kept_mishandled:.1f}%，{mishandled_tells} 个人听到坏消息）。\n妥善处理多值 "
                    "{difference:,.0f}，是这位顾客自身终身价值的 {times:.1f} 倍。}}"},
    chart=bars("bars", x="worth", y="outcome", color="outcome", domain=("handled well", "handled badly"),
               colors=("#2e7d32", "#c62828"), x_title={"en": "worth to the firm (money units)", "zh": "对企业的价值（货"
                                                                                                      "币单位）"},
               fmt=",.0f", height=110, labels={"handled well": {"zh": "处理得好"},
                                               "handled badly": {"zh": "处理不当"},
                                               "outcome": table_word("outcome")}),
    description={"en": "Bars of what the complaint is worth to the firm when it is handled well and when it is not.",
                 "zh": "抱怨处理得好与处理不当时对企业价值的条形图。"},
)
def complaint_calculator(lifetime_value, swayed, handled_score, handled_tells, mishandled_score, mishandled_tells):
    """What one complaint is worth handled well and badly (R3, S9, S10).

    >>> print(complaint_calculator().sentence().splitlines()[1])
    Handling it well is worth 2,520, 2.5 times the customer's own lifetime value.
    """
    kept_handled = sum(satisfaction.retention_band(int(handled_score))) / 2
    kept_mishandled = sum(satisfaction.retention_band(int(mishandled_score))) / 2
    outcome = satisfaction.complaint_outcomes(lifetime_value, swayed / 100, kept_handled, handled_tells,
                                              kept_mishandled, mishandled_tells)
    return {"handled": outcome["handled"], "mishandled": outcome["mishandled"], "difference": outcome["difference"],
            "kept_handled": 100 * kept_handled, "kept_mishandled": 100 * kept_mishandled,
            "times": outcome["difference"] / lifetime_value if lifetime_value > 0 else 0.0,
            "bars": [{"outcome": "handled well", "worth": outcome["handled"]},
                     {"outcome": "handled badly", "worth": outcome["mishandled"]}]}
