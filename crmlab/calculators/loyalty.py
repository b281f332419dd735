"""Calculators of chapter 4, loyalty: Dick & Basu segments of real customers (L4), what a claim about
retention and profit assumes (L8), the profit lost to defection (L12)."""

from __future__ import annotations

import pandas as pd

from crmlab import _checks, loyalty, retention
from crmlab._lang import table_word
from crmlab.calculators._chart import bars, layer, lines, points, rules
from crmlab.calculators._declare import Choice, Slider, calculator
from crmlab.calculators._text import source

ATTITUDE_MEASURES = {
    "recommend": ({"en": "would recommend the provider (CUSL3)", "zh": "会推荐该运营商（CUSL3）"}, ["CUSL3"]),
    "satisfaction": ({"en": "satisfaction, the mean of CUSA1–3", "zh": "满意度，CUSA1–3 的均值"}, ["CUSA1", "CUSA2", "C"
                                                                                                              "USA3"]),
    "image": ({"en": "image, the mean of IMAG1–5", "zh": "企业形象，IMAG1–5 的均值"},
              ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"]),
}
"""Measures of relative attitude in the ECSI survey: key → (what it is, the items averaged)."""

REPEAT_ITEM = "CUSL1"
"""Repeat patronage: would choose the provider again (a stated intention, the survey's nearest to repeat buying)."""


def _prepare_survey(survey: pd.DataFrame | None = None) -> dict:
    """Each attitude measure and the repeat item of the ECSI ``mobi`` survey (customers with an answer to all)."""
    if survey is None:
        from crmlab import data

        survey = data.load("mobi")
    frame = _checks.numeric_frame("survey", survey)
    needed = [item for _, items in ATTITUDE_MEASURES.values() for item in items] + [REPEAT_ITEM]
    missing = [item for item in needed if item not in frame.columns]
    if missing:
        raise ValueError(f"survey must be the ECSI mobi data (crmlab.data.load('mobi')); it lacks {missing}")
    answered = frame[needed].dropna()
    if answered.empty:
        raise ValueError(f"no customer of the survey answered all of {needed}")
    measures = {key: answered[items].mean(axis=1) for key, (_, items) in ATTITUDE_MEASURES.items()}
    return {"measures": measures, "repeat": answered[REPEAT_ITEM], "left_out": len(frame) - len(answered)}


@calculator(
    title={"en": "Loyalty segments (Dick & Basu) of real mobile-phone customers",
           "zh": "真实移动电话顾客的忠诚细分（Dick & Basu）"}, term="customer loyalty",
    note={"en": "Relative attitude × repeat patronage (Dick & Basu 1994, crmlab.loyalty.loyalty_segment); the ECSI "
                "survey of 250 customers, answers 1–10 (Tenenhaus et al. 2005). A value equal to a cut counts as high.",
          "zh": "态度取向 × 重复购买（Dick & Basu 1994，crmlab.loyalty.loyalty_segment）；欧洲顾客满意度指数调查的 250 "
                "位"
                "顾客，回答为 1–10 分（Tenenhaus 等 2005）。等于分界值的按高计。"},
    controls=(Choice("attitude", {"en": "Relative attitude", "zh": "态度取向"},
                     {key: label for key, (label, _) in ATTITUDE_MEASURES.items()}, "recommend"),
              Slider("attitude_cut", {"en": "Attitude cut", "zh": "态度分界"},
                     {"en": "high from this answer up, 1–10", "zh": "从此分起为高，1–10"}, 1, 10, 0.5, 8),
              Slider("repeat_cut", {"en": "Repeat cut: would choose the provider again (CUSL1)",
                                    "zh": "重复购买分界：会再次选择该运营商（CUSL1）"},
                     {"en": "high from this answer up, 1–10", "zh": "从此分起为高，1–10"}, 1, 10, 0.5, 8)),
    prepare=_prepare_survey,
    template={"en": "With attitude ≥ {attitude_cut:.1f} and repeat ≥ {repeat_cut:.1f} counted as high, of {total} "
             "customers:\n{~loyalty} {loyal} ({loyal_share:.0f} %), {~latent loyalty} {latent} ({latent_share:.0f} "
             "%),\n{~spurious loyalty} {spurious} ({spurious_share:.0f} %), {~no loyalty} {none} ({none_share:.0f} "
             "%).{left_out, select, =0 {} other {\n{left_out} customers with a missing answer are left out.}}",
              "zh": "以态度 ≥ {attitude_cut:.1f}、重复购买 ≥ {repeat_cut:.1f} 为高，{total} 位顾客中：\n{~loyalty} {loy"
                    "al} 位"
                    "（{loyal_share:.0f}%），{~latent loyalty} {latent} 位（{latent_share:.0f}%），\n{~spurious loyalty"
                    "} "
                    "{spurious} 位（{spurious_share:.0f}%），{~no loyalty} {none} 位（{none_share:.0f}%）。{left_out, "
                    "select, =0 {} other {\n有 {left_out} 位顾客的回答有缺失，未计入。}}"},
    chart=layer(points("points", x="repeat", y="attitude", color="segment", domain=loyalty.LOYALTY_SEGMENTS,
                       colors=("#2e7d32", "#1565c0", "#e65100", "#9e9e9e"), count=True, x_domain=(0.5, 10.5),
                       y_domain=(0.5, 10.5), ticks=range(1, 11),
                       x_title={"en": "repeat: would choose again (CUSL1)", "zh": "重复购买：会再次选择（CUSL1）"},
                       y_title={"en": "relative attitude", "zh": "态度取向"}, height=300),
                rules("cuts", x="repeat"), rules("cuts", y="attitude")).named({
        "segment": table_word("segment")}),
    description={"en": "Bubble chart of the survey customers by repeat patronage (across) and relative attitude "
                       "(up), bubble size the number of customers, coloured by Dick and Basu segment, with the two "
                       "cut lines.",
                 "zh": "调查顾客按重复购买（横轴）和态度取向（纵轴）的气泡图，气泡大小为顾客人数，按 Dick 和 Basu 的细"
                       "分"
                       "着色，并画出两条分界线。"},
)
def loyalty_segments_calculator(attitude, attitude_cut, repeat_cut, *, measures, repeat, left_out):
    """Dick & Basu loyalty segments (L4) of the ECSI mobile-phone survey's customers, with movable cuts.

    ``survey`` defaults to ``crmlab.data.load("mobi")``. Relative attitude is
    one of :data:`ATTITUDE_MEASURES`; repeat patronage is CUSL1.

    >>> print(loyalty_segments_calculator().sentence().splitlines()[0])
    With attitude ≥ 8.0 and repeat ≥ 8.0 counted as high, of 250 customers:
    """
    segments = loyalty.loyalty_segment(measures[attitude], repeat, attitude_cut, repeat_cut)
    counts = {s: (segments == s).sum() for s in loyalty.LOYALTY_SEGMENTS}
    total = len(repeat)
    names = {"loyalty": "loyal", "latent loyalty": "latent", "spurious loyalty": "spurious", "no loyalty": "none"}
    return {"total": total, "left_out": left_out,
            **{names[s]: counts[s] for s in loyalty.LOYALTY_SEGMENTS},
            **{names[s] + "_share": 100 * counts[s] / total for s in loyalty.LOYALTY_SEGMENTS},
            "points": [{"attitude": a, "repeat": r, "segment": s}
                       for a, r, s in zip(measures[attitude].tolist(), repeat.tolist(), segments.tolist())],
            "cuts": [{"attitude": attitude_cut, "repeat": repeat_cut}]}


@calculator(
    title={"en": "What a claim about retention and profit assumes", "zh": "关于顾客保持与利润的说法隐含了什么假设"},
    term="customer lifetime value (CLV)",
    note={"en": "Lifetime value with constant margins, CLV = m / (1 + d − r) (crmlab.retention); the claims are those "
                "the course's sources report.",
          "zh": "利润率不变时的终身价值，CLV = m / (1 + d − r)（crmlab.retention）；这些说法来自课程资料。"},
    controls=(Slider("claim", {"en": "Claimed rise in profit from more retention", "zh": "声称的保持率提高带来的利润增"
                                                                                         "幅"},
                     "%", 5, 100, 5, 25),
              Slider("points", {"en": "More retention", "zh": "保持率提高"}, {"en": "percentage points", "zh": "个百分"
                                                                                                          "点"},
                     1, 10, 1, 5),
              Slider("discount", {"en": "Discount rate",
                                  "zh": "贴现率"}, {"en": "% a year", "zh": "每年 %"}, 0, 20, 1, 10),
              Slider("start", {"en": "Retention today",
                               "zh": "目前的顾客保持率"}, {"en": "% a year", "zh": "每年 %"}, 50, 94, 1, 80)),
    template={"en": "At a {discount} % discount rate, {points} more points of retention raise lifetime value by "
             "{claim} % {needed, select, none {from no starting retention at all: below 100 % retention the rise "
             "is at most {cap:.0f} %} other {only for a firm that keeps {needed:.1f} % of its customers}}.\n"
             "From {start} % retention the rise is {actual:.1f} %{growth, select, none {.} other {; for +{claim} % "
             "the margin per customer would have to grow {growth:.1f} % a year as customers stay (as Reichheld and "
             "Sasser found it does).}}\nThe course's sources claim +25 % (" + source("trust essay") + ") and "
             "+85 % (" + source("loyalty lecture") + ").",
              "zh": "贴现率为 {discount}% 时，保持率提高 {points} 个百分点使终身价值提高 {claim}%，{needed, select, non"
                    "e "
                    "{无论起始保持率是多少都做不到：保持率低于 100% 时增幅最多为 {cap:.0f}%} other {只有保留 {needed:.1"
                    "f}% "
                    "顾客的企业才能做到}}。\n从 {start}% 的保持率出发，增幅为 {actual:.1f}%{growth, select, none {。} o"
                    "ther "
                    "{；要达到 +{claim}%，每位顾客的利润须随顾客留下每年增长 {growth:.1f}%（Reichheld 和 Sasser 发现确"
                    "实如此）。}}\n课程资料声称 +25%（" + source("trust essay", "zh") + "）和 +85%（"
                    + source("loyalty lecture", "zh") + "）。"},
    chart=layer(lines("curve", x="retention", y="rise", x_title={"en": "retention today (%)",
                                                                 "zh": "目前的保持率（%）"},
                      y_title={"en": "rise in lifetime value (%)", "zh": "终身价值增幅（%）"}, y_domain=(0, 150)),
                rules("claimed", y="rise", label="label"),
                points("today", x="retention", y="rise", size=110)).named({
        "claim: {}": {"zh": "声称 {}"},
        "retention": {"en": "retention (%)", "zh": "保持率（%）"}, "rise": {"en": "rise (%)", "zh": "增幅（%）"}}),
    messages={"retention of {} % leaves no room for {} more points (the rate must stay below 100 %): lower one of "
              "them": {"zh": "保持率为 {}% 时没有再提高 {} 个百分点的余地（保持率必须低于 100%）：请调低其中一项"}},
    description={"en": "Line chart of the rise in lifetime value from more retention against the retention rate "
                       "today, with the claimed rise as a dashed line.",
                 "zh": "保持率提高带来的终身价值增幅随目前保持率变化的折线图，虚线为声称的增幅。"},
)
def retention_profit_calculator(claim, points, discount, start):
    """Retention → profit (L8): where a claim such as "+5 points of retention, +25 % profit" holds.

    :func:`crmlab.retention.retention_for_uplift` finds the retention at which
    the claim holds with constant margins; :func:`crmlab.retention.retention_uplift`
    gives the rise from today's retention, and
    :func:`crmlab.retention.margin_growth_for_uplift` the margin growth the
    claim needs from there.

    >>> print(retention_profit_calculator().sentence().splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    At a 10 % discount rate, 5 more points of retention raise lifetime value by 25 % only for a firm that keeps
    85.0 % of its customers.
    """
    rise, more, rate, today = claim / 100, points / 100, discount / 100, start / 100
    try:
        needed = 100 * retention.retention_for_uplift(rise, rate, more)
    except ValueError:
        needed = None
    if today + more >= 1:
        raise ValueError(f"retention of {start} % leaves no room for {points} more points (the rate must stay below "
                         "100 %): lower one of them")
    growth = 100 * retention.margin_growth_for_uplift(rise, today, rate, more)
    return {"needed": needed, "cap": 100 * more / rate if rate > 0 else float("inf"),
            "actual": 100 * retention.retention_uplift(today, rate, more),
            "growth": growth if growth > 0 else None,
            "curve": [{"retention": r, "rise": 100 * retention.retention_uplift(r / 100, rate, more)}
                      for r in range(50, 95) if r / 100 + more < 1],
            "claimed": [{"rise": claim, "label": f"claim: +{claim} %"}],
            "today": [{"retention": start, "rise": 100 * retention.retention_uplift(today, rate, more)}]}


DEFECTION_REASONS = {"service": "poor service", "products": "poor products", "prices": "high prices"}
DEFECTION_REASONS_ZH = {"service": "服务差", "products": "产品差", "prices": "价格高"}
"""The causes of defection the firm can fix (the satisfaction lecture's examples); the rest (moving away, going
out of business) it cannot."""


@calculator(
    title={"en": "Defection analysis: the profit lost to customers the firm drove away", "zh": "流失分析：企业赶走的顾"
                                                                                               "客带走的利润"},
    term="defection rate",
    note={"en": "Lost profit = N × q × f × V (crmlab.loyalty.defection_cost), with V from "
                "crmlab.retention.lifetime_value: steps 1–4 of the defection analysis in "
                + source("satisfaction lecture") + ".",
          "zh": "损失的利润 = N × q × f × V（crmlab.loyalty.defection_cost），V 来自 crmlab.retention.lifetime_value："
                + source("satisfaction lecture", "zh") + "中流失分析的第 1–4 步。"},
    controls=(Slider("customers", {"en": "Customers at the start of the year", "zh": "年初顾客数"},
                     {"en": "customers", "zh": "位顾客"}, 1000, 100_000, 1000, 10_000),
              Slider("rate", "Defection rate", {"en": "% lost in the year", "zh": "当年流失的 %"}, 0, 50, 1, 20,
                     term="defection rate"),
              *(Slider(key, {"en": f"Left because of {reason}", "zh": f"因{DEFECTION_REASONS_ZH[key]}而离开"},
                       {"en": "% of those who left", "zh": "占离开者的 %"}, 0, 100, 5, default)
                for (key, reason), default in zip(DEFECTION_REASONS.items(), (30, 10, 0))),
              Slider("margin", {"en": "Margin per customer", "zh": "每位顾客的利润"},
                     {"en": "money units a year", "zh": "每年货币单位"}, 0, 1000, 10, 120),
              Slider("retention_rate", {"en": "Retention of a customer",
                                        "zh": "顾客保持率"}, {"en": "% a year", "zh": "每年 %"}, 0, 95, 1, 80),
              Slider("discount", {"en": "Discount rate",
                                  "zh": "贴现率"}, {"en": "% a year", "zh": "每年 %"}, 0, 20, 1, 10)),
    template={"en": "Of {customers:,.0f} customers, {defectors:,.0f} left ({rate} %); {fixable} % of them for reasons t"
                    "he "
             "firm can fix, that is {avoidable:,.0f} customers.\nEach customer is worth V = {value:,.0f} "
             "(lifetime value), so these defections cost {lost:,.0f}: {service_lost:,.0f} from poor service, "
             "{products_lost:,.0f} from poor products, {prices_lost:,.0f} from high prices.\n"
             "{lost, select, =0 {Nothing the firm could fix drove customers away.} other {A programme that prevents "
             "them pays for itself if it costs less than {lost:,.0f} (step 4).}}",
              "zh": "{customers:,.0f} 位顾客中有 {defectors:,.0f} 位离开（{rate}%）；其中 {fixable}% 出于企业能够解决的"
                    "原因，"
                    "即 {avoidable:,.0f} 位顾客。\n每位顾客价值 V = {value:,.0f}（终身价值），所以这些流失损失 {lost:,."
                    "0f}："
                    "服务差 {service_lost:,.0f}，产品差 {products_lost:,.0f}，价格高 {prices_lost:,.0f}。\n{lost, selec"
                    "t, "
                    "=0 {没有企业能够解决的原因赶走顾客。} other {防止这些流失的项目只要成本低于 {lost:,.0f} 就能收回成"
                    "本"
                    "（第 4 步）。}}"},
    chart=bars("bars", x="lost", y="reason", x_title={"en": "lifetime value lost (money units)", "zh": "损失的终身价值"
                                                                                                       "（货币单位）"},
               fmt=",.0f", height=120, labels={"poor service": {"zh": "服务差"},
                                               "poor products": {"zh": "产品差"},
                                               "high prices": {"zh": "价格高"},
                                               "reason": {"zh": "原因"}}),
    messages={"the reasons add up to {} % of the customers who left, more than 100 %: lower one of them": {
        "zh": "各项原因合计占流失顾客的 {}%，超过了 100%：请调低其中一项"}},
    description={"en": "Bar chart of the lifetime value lost to each cause of defection the firm can fix.",
                 "zh": "企业能够解决的各项流失原因所损失的终身价值条形图。"},
)
def defection_calculator(customers, rate, service, products, prices, margin, retention_rate, discount):
    """Analysing defection (L12): lost customers × the share of each fixable reason × a customer's value.

    >>> print(defection_calculator().sentence().splitlines()[1])  # doctest: +NORMALIZE_WHITESPACE
    Each customer is worth V = 400 (lifetime value), so these defections cost 320,000: 240,000 from poor service,
    80,000 from poor products, 0 from high prices.
    """
    fixable = service + products + prices
    if fixable > 100:
        raise ValueError(f"the reasons add up to {fixable} % of the customers who left, more than 100 %: lower one "
                         "of them")
    worth = retention.lifetime_value(margin, retention_rate / 100, discount / 100)
    shares = {"service": service, "products": products, "prices": prices}
    lost = {key: loyalty.defection_cost(customers, rate / 100, share / 100, worth) for key, share in shares.items()}
    return {"defectors": customers * rate / 100, "fixable": fixable,
            "avoidable": customers * rate / 100 * fixable / 100, "value": worth,
            "lost": loyalty.defection_cost(customers, rate / 100, fixable / 100, worth),
            **{f"{key}_lost": amount for key, amount in lost.items()},
            "bars": [{"reason": DEFECTION_REASONS[key], "lost": lost[key]} for key in DEFECTION_REASONS]}

