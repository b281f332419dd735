"""Calculators of the four case notebooks (those the chapters also use live in the chapters' modules).

- Oriental Hotel (C-OH): :data:`guest_journey_calculator`, :data:`guest_value_calculator`
- Shuanghui (C-SH): ``trust_shock_calculator`` (the trust-breach calculator set to the crisis),
  :data:`sales_recovery_calculator`
- Coca-Cola (C-CC): ``complaint_calculator``, ``loyalty_segments_calculator`` (chapters 5 and 4)
- Procter & Gamble (C-PG): :data:`servqual_gap_calculator`, ``ipa_calculator`` (chapter 2)
"""

from __future__ import annotations

import math

import pandas as pd

from crmlab import _checks, retention, satisfaction, trust
from crmlab._lang import table_word
from crmlab.calculators._chart import bars, layer, lines, rules
from crmlab.calculators._declare import Choice, Slider, Toggle, calculator
from crmlab.calculators._text import source

# ---------------------------------------------------------------------------------------------------------
# Oriental Hotel (C-OH)

JOURNEY = {
    "fits_needs": {"en": "Stay 1: the hotel's environment and service fit his needs",
                   "zh": "第 1 次入住：饭店的环境和服务符合他的需要"},
    "name_known": {"en": "Stay 2: staff know his name (背熟客人的姓名)", "zh": "第 2 次入住：服务员背熟客人的姓名"},
    "usual_seat": {"en": "Stay 2: his usual seat and usual breakfast (老位子, 老菜单)",
                   "zh": "第 2 次入住：老位子、老菜单"},
    "name_relayed": {"en": "Stay 2: his name reaches the restaurant before he does",
                     "zh": "第 2 次入住：他的名字先于他传到餐厅"},
    "side_dish": {"en": "Stay 2: a free side dish, presented with a step back",
                  "zh": "第 2 次入住：免费的小菜，服务员先退后一步再介绍"},
    "postcard": {"en": "Three years later: a birthday postcard (明信片)", "zh": "三年后：一张生日贺卡（明信片）"},
}
"""The service details of Mr Yu's story (the slides 顾客信任), each a check box."""

LEVEL_RANK = {level: rank for rank, level in enumerate(trust.TRUST_LEVELS, start=1)}


@calculator(
    title={"en": "Mr Yu's trust journey at the Oriental Hotel", "zh": "于先生在东方饭店的信任历程"}, term="customer tru"
                                                                                             "st",
    note={"en": "A first stay that fits his needs is the personalised offer (cognitive trust); the four details of the "
                "second stay together are the timely service that adds affective trust; the postcard is the hotel "
                "keeping in touch (behavioural trust): the rule of " + source("trust slides") + " and "
                + source("trust essay") + ", crmlab.trust.trust_from_service.",
          "zh": "符合需要的第 1 次入住是个性化的产品（认知信任）；第 2 次入住的四个细节合起来是增加情感信任的及时服务；"
                "贺卡是饭店保持联系（行为信任）：这是" + source("trust slides", "zh") + "和" + source("trust essay", "z"
                                                                                                  "h")
                + "的规律，见 crmlab.trust.trust_from_service。"},
    controls=tuple(Toggle(name, text, True) for name, text in JOURNEY.items()),
    template={"en": "After stay 1: {first, select, none {no trust} other {{first~}}}; after stay 2: {second, select, "
                    "none {no trust} other {{second~}}}; after the postcard: {final, select, none {no trust} other "
                    "{{final~}}}{final, select, behavioural { — Mr Yu has become a loyal guest, as in the case.} "
                    "other {.}}",
              "zh": "第 1 次入住后：{first, select, none {尚无信任} other {{first~}}}；第 2 次入住后：{second, select, "
                    "none {尚无信任} other {{second~}}}；收到贺卡后：{final, select, none {尚无信任} other {{final~}}}"
                    "{final, select, behavioural {——于先生成了忠诚的客人，正如案例所述。} other {。}}"},
    terms=trust.TRUST_LEVELS,
    chart=bars("bars", x="step", y="rank", horizontal=False, y_title={"en": "level of trust", "zh": "信任层次"},
               fmt=".0f", height=180, value_labels=({"en": "no trust", "zh": "尚无信任"},
                                                    *({"en": level, "zh": trust.TRUST_LEVELS_ZH[level]}
                                                      for level in trust.TRUST_LEVELS)),
               labels={"stay {}": {"zh": "第 {} 次入住"}, "postcard": {"zh": "贺卡"},
                       "step": {"zh": "环节"}}),
    description={"en": "Bars of the level of trust Mr Yu reaches after each stay.",
                 "zh": "于先生每次入住后达到的信任层次的条形图。"},
)
def guest_journey_calculator(fits_needs, name_known, usual_seat, name_relayed, side_dish, postcard):
    """Mr Yu's journey (T4, T9): which service details build which level of trust; untick one to see.

    >>> print(guest_journey_calculator().sentence())  # doctest: +NORMALIZE_WHITESPACE
    After stay 1: cognitive (认知信任); after stay 2: affective (情感信任); after the postcard:
    behavioural (行为信任) — Mr Yu has become a loyal guest, as in the case.
    >>> print(guest_journey_calculator(postcard=False).sentence())  # doctest: +NORMALIZE_WHITESPACE
    After stay 1: cognitive (认知信任); after stay 2: affective (情感信任); after the postcard: affective (情感信任).
    """
    timely = name_known and usual_seat and name_relayed and side_dish
    steps = [trust.trust_from_service(fits_needs, False, False), trust.trust_from_service(fits_needs, timely, False),
             trust.trust_from_service(fits_needs, timely, postcard)]
    first, second, final = steps
    return {"first": first, "second": second, "final": final,
            "bars": [{"step": step, "rank": LEVEL_RANK[level] if level else 0}
                     for step, level in zip(("stay 1", "stay 2", "postcard"), steps)]}


def _top_share(guest_profit: pd.Series, top_share: float) -> float:
    """Share of the hotel's profit that the top ``top_share`` of guests bring (crmlab.retention.profit_tiers)."""
    tiers = retention.profit_tiers(guest_profit, shares=(top_share, 1 - top_share), labels=("top", "rest"))
    return float(tiers.loc[tiers["tier"] == "top", "profit"].sum() / tiers["profit"].sum())


def _prepare_ledger(guest_profit: pd.Series) -> dict:
    if not isinstance(guest_profit, pd.Series):
        raise TypeError(f"guest_profit must be a pandas Series (guest -> profit), got {type(guest_profit).__name__}")
    return {"guest_profit": _checks.numbers("guest_profit", guest_profit)}


@calculator(
    title={"en": "What is a guest like Mr Yu worth?", "zh": "像于先生这样的客人值多少？"},
    term="customer lifetime value (CLV)",
    note={"en": "Lifetime value = Σ m r^(t−1) / (1+d)^t (crmlab.retention.lifetime_value); tiers of the simulated "
                "guest ledger by profit (crmlab.retention.profit_tiers).",
          "zh": "终身价值 = Σ m r^(t−1) / (1+d)^t（crmlab.retention.lifetime_value）；模拟客人账簿按利润分层"
                "（crmlab.retention.profit_tiers）。"},
    controls=(Slider("margin", {"en": "Profit a year from the guest", "zh": "这位客人每年带来的利润"},
                     {"en": "US dollars", "zh": "美元"}, 0, 1000, 10, 300),
              Slider("retention_rate", {"en": "Chance he comes back each year", "zh": "他每年再来的可能性"}, "%",
                     0, 95, 5, 80),
              Slider("discount", {"en": "Discount rate",
                                  "zh": "贴现率"}, {"en": "% a year", "zh": "每年 %"}, 0, 20, 1, 8),
              Slider("years", {"en": "Horizon", "zh": "期限"}, {"en": "years; 0 = no horizon", "zh": "年；0 = 无期限"},
                     0, 30, 1, 0),
              Slider("top", {"en": "Top tier",
                             "zh": "最高层"}, {"en": "% of the guests", "zh": "占客人的 %"}, 5, 50, 5, 20)),
    prepare=_prepare_ledger,
    template={"en": "A guest worth {margin:,.0f} dollars a year who comes back with a chance of {retention_rate} % is "
                    "worth {value:,.0f} dollars today {years, select, =0 {with no horizon} other {over {years} "
                    "years}} at a {discount} % discount rate.\nThe top {top} % of guests bring {top_profit:.0f} % of "
                    "the hotel's profit (simulated ledger).",
              "zh": "一位每年带来 {margin:,.0f} 美元、每年以 {retention_rate}% 的可能性再来的客人，在贴现率为 {discount"
                    "}% "
                    "时，{years, select, =0 {无期限} other {在 {years} 年内}}的现值为 {value:,.0f} 美元。\n最高的 {top}"
                    "% "
                    "的客人带来饭店 {top_profit:.0f}% 的利润（模拟账簿）。"},
    chart=bars("bars", x="profit", y="tier", x_title={"en": "share of the hotel's profit (%)", "zh": "占饭店利润的比例"
                                                                                                     "（%）"},
               fmt=".0f", height=100, labels={"top {} %": {"zh": "前 {}%"},
                                              "the rest": {"zh": "其余客人"},
                                              "tier": {"zh": "层级"}}),
    description={"en": "Bars of the share of the simulated ledger's profit that the top tier of guests and the rest "
                       "bring.", "zh": "模拟账簿中最高层客人与其余客人带来的利润比例的条形图。"},
)
def guest_value_calculator(margin, retention_rate, discount, years, top, *, guest_profit):
    """Lifetime value of a guest like Mr Yu, and the share of profit the top tier of guests brings (L11).

    ``guest_profit`` is the total profit per guest of the simulated ledger.
    """
    value = retention.lifetime_value(margin, retention_rate / 100, discount / 100, years or None)
    top_profit = 100 * _top_share(guest_profit, top / 100)
    return {"value": value, "top_profit": top_profit,
            "bars": [{"tier": f"top {top} %", "profit": top_profit}, {"tier": "the rest", "profit": 100 - top_profit}]}


# ---------------------------------------------------------------------------------------------------------
# Shuanghui (C-SH)

SHUANGHUI_2011 = {"weak": 0.45, "semi-strong": 0.30, "strong": 0.25, "breach": 0.7, "tolerance": 0.6}
"""The assumed trust mix and breach of the simulated Shuanghui series (datasets/shuanghui_sales/card.md)."""

SANLU_2008 = {"weak": 0.60, "semi-strong": 0.35, "strong": 0.05, "breach": 1.0, "tolerance": 0.6}
"""An illustrative setting for Sanlu 2008 (the articles on relationship marketing and trust): harm to infants is
the worst breach (1.0) and few parents' trust in a formula brand was strong enough to forgive it. Assumptions,
not data."""

RESPONSES = {
    "no response": 0.010,
    "gestures only (what Shuanghui did; calibrated)": 0.0249,
    "the slides' rebuild: sincere apology, open workshops": 0.050,
    "Sanlu 2008: the firm collapses": 0.0,
}
"""Daily share of the missing customers who come back, by response. Shuanghui's gestures (public burial of
the pork, the "10,000-person" meeting, executives eating ham sausage) are the rate the simulated series is
calibrated to (≈ 0.0249, datasets/shuanghui_sales/generate.py); the other rates are assumptions."""

RESPONSES_ZH = dict(zip(RESPONSES, ("不应对", "只有姿态（双汇的做法；经校准）", "课件的重建：真诚道歉、开放车间",
                                    "三鹿 2008：企业倒闭")))
"""The responses in Chinese (the sentence names the chosen one with ``{response~}``)."""

SHORT_RESPONSES = dict(zip(RESPONSES, ("no response", "gestures (Shuanghui)", "rebuild (the slides)",
                                        "collapse (Sanlu)")))
"""The responses as the chart's legend names them (short enough for a phone)."""

SANLU_KEPT = trust.share_retained({s: SANLU_2008[s] for s in trust.TRUST_STRENGTHS}, SANLU_2008["breach"],
                                  SANLU_2008["tolerance"])
"""Share of customers a Sanlu-like collapse keeps (5 %: only strong trust forgives the worst breach)."""

DAYS = 26 * 7
WEEKS = [(name, week) for name in RESPONSES for week in range(26)]


@calculator(
    title={"en": "How sales recover after the shock", "zh": "冲击之后销售额如何恢复"},
    note={"en": "S_t = B [1 − (1 − ρ)(1 − g)^t] per day (crmlab.trust.sales_after_shock); the recovery rates g are "
                "assumptions, except the calibrated one. The Sanlu line keeps its own 5 % of customers.",
          "zh": "S_t = B [1 − (1 − ρ)(1 − g)^t]，按天计（crmlab.trust.sales_after_shock）；除校准得到的那个外，恢复率 g"
                " "
                "都是假设。三鹿那条线保留它自己的 5% 顾客。"},
    controls=(Choice("response", {"en": "Response", "zh": "应对方式"},
                     {key: {"en": key, "zh": zh} for key, zh in RESPONSES_ZH.items()}, list(RESPONSES)[1]),
              Slider("retained", {"en": "Customers who keep buying at the shock", "zh": "冲击时继续购买的顾客"},
                     table_word("share"), 0, 1, 0.05, 0.25),
              Slider("baseline_week", {"en": "Sales a week before the crisis", "zh": "危机前的周销售额"},
                     {"en": "million yuan", "zh": "百万元"}, 100, 3000, 100, 1000)),
    template={"en": "{response}: {march:,.0f} million yuan of sales lost in the first 17 days (for Shuanghui, 15–31 Mar"
                    "ch "
             "2011: " + source("trust slides") + " reports more than 1,500), {half_year:,.0f} million over 26 weeks; "
             "{back, select, none {sales never get back to 90 %.} other {sales are back to 90 % after {back} days "
             "(about {weeks:.0f} weeks).}}",
              "zh": "{response~}：前 17 天损失销售额 {march:,.0f} 百万元（双汇 2011 年 3 月 15–31 日："
                    + source("trust slides", "zh") + "记载超过 1,500），26 周共损失 {half_year:,.0f} 百万元；{back, sel"
                                                     "ect, "
                    "none {销售额始终回不到 90%。} other {{back} 天后（约 {weeks:.0f} 周）销售额恢复到 90%。}}"},
    terms=tuple(RESPONSES),
    chart=layer(lines("paths", x="week", y="sales", color="response", domain=tuple(SHORT_RESPONSES.values()),
                      x_title={"en": "weeks after the shock", "zh": "冲击后的周数"},
                      y_title={"en": "sales a week (million yuan)", "zh": "周销售额（百万元）"}, fmt=",.0f", height=240,
                      labels=dict(zip(SHORT_RESPONSES.values(), ({"en": name, "zh": zh} for name, zh in zip(
                          SHORT_RESPONSES.values(), ("不应对", "姿态（双汇）", "重建（课件）", "倒闭（三鹿）")))))),
                rules("before", y="sales", label="label")).named({
        "before the crisis": {"zh": "危机前"}}),
    description={"en": "Lines of weekly sales after the shock under each response, against the sales before the "
                       "crisis.", "zh": "各种应对方式下冲击后周销售额的折线图，对照危机前的销售额。"},
)
def sales_recovery_calculator(response, retained, baseline_week):
    """Sales after the shock under different responses, day by day (C-SH, T7, T12).

    >>> print(sales_recovery_calculator().sentence())  # doctest: +NORMALIZE_WHITESPACE
    gestures only (what Shuanghui did; calibrated): 1,500 million yuan of sales lost in the first 17 days (for
    Shuanghui, 15–31 March 2011: the slides 顾客信任 (Customer trust) reports more than 1,500), 4,259 million over
    26 weeks; sales are back to 90 % after 80 days (about 11 weeks).
    """
    baseline = baseline_week / 7
    kept = {name: SANLU_KEPT if name == list(RESPONSES)[-1] else retained for name in RESPONSES}
    paths = {name: trust.sales_after_shock(baseline, kept[name], rate, DAYS - 1) for name, rate in RESPONSES.items()}
    lost = paths[response]["lost"]
    back = trust.periods_to_recover(kept[response], RESPONSES[response], 0.9)
    return {"march": lost.iloc[:17].sum(), "half_year": lost.sum(),
            "back": None if math.isinf(back) else back, "weeks": back / 7,
            "paths": [{"response": SHORT_RESPONSES[name], "week": week,
                       "sales": 7 * paths[name]["sales"].iloc[7 * week]}
                      for name, week in WEEKS],
            "before": [{"sales": baseline_week, "label": "before the crisis"}]}


# ---------------------------------------------------------------------------------------------------------
# Procter & Gamble (C-PG)

def survey_frames(survey: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Split the ``pg_survey`` table into perception, expectation and importance frames (attributes as columns).

    >>> p, e, i = survey_frames(pd.DataFrame({"P_a": [5], "E_a": [6], "I_a": [7]}))
    >>> list(p.columns), float(e.iloc[0, 0])
    (['a'], 6.0)
    """
    frame = _checks.numeric_frame("survey", survey.drop(columns=["respondent"], errors="ignore"))
    parts = []
    for prefix in ("P_", "E_", "I_"):
        columns = [c for c in frame.columns if c.startswith(prefix)]
        if not columns:
            raise ValueError(f"survey has no {prefix}… columns; it must be the pg_survey data set")
        parts.append(frame[columns].set_axis([c[len(prefix):] for c in columns], axis=1))
    if not (list(parts[0].columns) == list(parts[1].columns) == list(parts[2].columns)):
        raise ValueError("survey must have the same attributes after P_, E_ and I_")
    return parts[0], parts[1], parts[2]


PG_ATTRIBUTES_ZH = {"takes me seriously": "重视我的意见", "honest claims": "宣传诚实", "value for money": "物有所值",
                    "fits my needs": "符合我的需要", "after sale care": "售后关怀",
                    "follows consumer wishes": "听从消费者意愿", "safe consistent": "安全稳定",
                    "answers feedback": "回应反馈"}
"""The ``pg_survey`` attributes (its columns, spaces for underscores) as the chart names them in Chinese."""


def _prepare_pg(survey: pd.DataFrame, labels: dict | None = None) -> dict:
    perceptions, expectations, importance = survey_frames(survey)
    return {"perceptions": perceptions, "expectations": expectations, "importance": importance,
            "labels": {a: str((labels or {}).get(a, a)) for a in perceptions.columns}}


def _pg_controls(perceptions, expectations, importance, labels) -> tuple:
    return (Choice("weighting", {"en": "Weights W", "zh": "权重 W"},
                   {"stated": {"en": "stated importance",
                               "zh": "陈述重要性"}, "equal": {"en": "equal weights", "zh": "等权重"}},
                   "stated"),
            Choice("attribute", {"en": "Improve this attribute", "zh": "改进这个属性"}, labels, list(labels)[0]),
            Slider("improvement", {"en": "…by this many points of perception", "zh": "……感知提高的分数"},
                   {"en": "points, −3 to 3", "zh": "分，−3 至 3"}, -3, 3, 0.5, 0))


def _mean_score(perceptions: pd.DataFrame, expectations: pd.DataFrame, importance: pd.DataFrame, weighting: str,
                attribute: str | None = None, improvement: float = 0.0) -> float:
    """The mean weighted SERVQUAL score, after improving one attribute's perception (capped at 1–7) if given."""
    weights = importance.mean() if weighting == "stated" else None
    if attribute is not None:
        perceptions = perceptions.copy()
        perceptions[attribute] = (perceptions[attribute] + improvement).clip(1, 7)
    return float(satisfaction.servqual_score(perceptions, expectations, weights).mean())


@calculator(
    title={"en": "Listening to the consumer's voice: P − E gaps",
           "zh": "倾听消费者的声音：P − E 差距"}, term="SERVQUAL",
    note={"en": "SQ = Σ W_j (P_j − E_j) averaged over respondents (crmlab.satisfaction.servqual_score). Simulated "
                "survey.", "zh": "SQ = Σ W_j (P_j − E_j)，对受访者求平均（crmlab.satisfaction.servqual_score）。模拟调"
                                 "查。"},
    controls=_pg_controls, prepare=_prepare_pg,
    template={"en": "Mean weighted SERVQUAL score ({weighting, select, stated {stated importance} other {equal "
                    "weights}}): {before:+.3f} now, {after:+.3f} if “{name}” improves by {improvement:+.1f} points "
                    "(perceptions capped at 7).",
              "zh": "平均加权服务质量得分（{weighting, select, stated {陈述重要性} other {等权重}}）：目前为 {before:+."
                    "3f}，"
                    "“{name}”提高 {improvement:+.1f} 分后为 {after:+.3f}（感知最高为 7）。"},
    chart=bars("bars", x="gap", y="pillar", x_title={"en": "mean P − E gap", "zh": "平均 P − E 差距"}, height=200,
               labels={"pillar": {"zh": "支撑点"}, **{
                   attribute: {"zh": zh} for attribute, zh in PG_ATTRIBUTES_ZH.items()}}),
    description={"en": "Bar chart of the P − E gap of each pillar in the simulated survey.",
                 "zh": "模拟调查中各支柱 P − E 差距的条形图。"},
)
def servqual_gap_calculator(weighting, attribute, improvement, *, perceptions, expectations, importance, labels):
    """P − E gaps per attribute and the mean SERVQUAL score, before and after improving one attribute (S6)."""
    return {"before": _mean_score(perceptions, expectations, importance, weighting),
            "after": _mean_score(perceptions, expectations, importance, weighting, attribute, improvement),
            "name": labels[attribute],
            "bars": [{"pillar": a.replace("_", " "), "gap": float((perceptions[a] - expectations[a]).mean())}
                     for a in perceptions.columns]}


def derived_ipa(survey: pd.DataFrame, items: dict, overall: list) -> tuple[pd.Series, pd.Series]:
    """(importance, performance) of survey items: importance derived by correlation with overall satisfaction.

    ``items`` maps a column to its label; ``overall`` names the satisfaction
    columns averaged into the overall rating. Performance is the item's mean.
    Importance: :func:`crmlab.satisfaction.derived_importance`.
    """
    frame = _checks.numeric_frame("survey", survey)
    ratings = frame[list(items)].rename(columns=dict(items))
    importance = satisfaction.derived_importance(ratings, frame[list(overall)].mean(axis=1))
    return importance, ratings.mean().rename("performance")
