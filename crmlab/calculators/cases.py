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
from crmlab.calculators._chart import bars, layer, lines, rules
from crmlab.calculators._declare import Choice, Slider, Toggle, calculator
from crmlab.calculators._text import source

# ---------------------------------------------------------------------------------------------------------
# Oriental Hotel (C-OH)

JOURNEY = {
    "fits_needs": "Stay 1: the hotel's environment and service fit his needs",
    "name_known": "Stay 2: staff know his name (背熟客人的姓名)",
    "usual_seat": "Stay 2: his usual seat and usual breakfast (老位子, 老菜单)",
    "name_relayed": "Stay 2: his name reaches the restaurant before he does",
    "side_dish": "Stay 2: a free side dish, presented with a step back",
    "postcard": "Three years later: a birthday postcard (明信片)",
}
"""The service details of Mr Yu's story (the slides 顾客信任), each a check box."""

LEVEL_RANK = {level: rank for rank, level in enumerate(trust.TRUST_LEVELS, start=1)}


@calculator(
    title="Mr Yu's trust journey at the Oriental Hotel", term="customer trust",
    note="A first stay that fits his needs is the personalised offer (cognitive trust); the four details of the "
         "second stay together are the timely service that adds affective trust; the postcard is the hotel keeping "
         "in touch (behavioural trust): the rule of " + source("trust slides") + " and " + source("trust essay")
         + ", crmlab.trust.trust_from_service.",
    controls=tuple(Toggle(name, text, True) for name, text in JOURNEY.items()),
    template="After stay 1: {first, select, none {no trust} other {{first~}}}; after stay 2: {second, select, none "
             "{no trust} other {{second~}}}; after the postcard: {final, select, none {no trust} other {{final~}}}"
             "{final, select, behavioural { — Mr Yu has become a loyal guest, as in the case.} other {.}}",
    terms=trust.TRUST_LEVELS,
    chart=bars("bars", x="step", y="rank", horizontal=False, y_title="level of trust", fmt=".0f", height=180,
               value_labels=("no trust", *trust.TRUST_LEVELS)),
    description="Bars of the level of trust Mr Yu reaches after each stay.",
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
    title="What is a guest like Mr Yu worth?", term="customer lifetime value (CLV)",
    note="Lifetime value = Σ m r^(t−1) / (1+d)^t (crmlab.retention.lifetime_value); tiers of the simulated guest "
         "ledger by profit (crmlab.retention.profit_tiers).",
    controls=(Slider("margin", "Profit a year from the guest", "US dollars", 0, 1000, 10, 300),
              Slider("retention_rate", "Chance he comes back each year", "%", 0, 95, 5, 80),
              Slider("discount", "Discount rate", "% a year", 0, 20, 1, 8),
              Slider("years", "Horizon", "years; 0 = no horizon", 0, 30, 1, 0),
              Slider("top", "Top tier", "% of the guests", 5, 50, 5, 20)),
    prepare=_prepare_ledger,
    template="A guest worth {margin:,.0f} dollars a year who comes back with a chance of {retention_rate} % is worth "
             "{value:,.0f} dollars today {years, select, =0 {with no horizon} other {over {years} years}} at a "
             "{discount} % discount rate.\nThe top {top} % of guests bring {top_profit:.0f} % of the hotel's profit "
             "(simulated ledger).",
    chart=bars("bars", x="profit", y="tier", x_title="share of the hotel's profit (%)", fmt=".0f", height=100),
    description="Bars of the share of the simulated ledger's profit that the top tier of guests and the rest bring.",
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

SHORT_RESPONSES = dict(zip(RESPONSES, ("no response", "gestures (Shuanghui)", "rebuild (the slides)",
                                        "collapse (Sanlu)")))
"""The responses as the chart's legend names them (short enough for a phone)."""

SANLU_KEPT = trust.share_retained({s: SANLU_2008[s] for s in trust.TRUST_STRENGTHS}, SANLU_2008["breach"],
                                  SANLU_2008["tolerance"])
"""Share of customers a Sanlu-like collapse keeps (5 %: only strong trust forgives the worst breach)."""

DAYS = 26 * 7
WEEKS = [(name, week) for name in RESPONSES for week in range(26)]


@calculator(
    title="How sales recover after the shock",
    note="S_t = B [1 − (1 − ρ)(1 − g)^t] per day (crmlab.trust.sales_after_shock); the recovery rates g are "
         "assumptions, except the calibrated one. The Sanlu line keeps its own 5 % of customers.",
    controls=(Choice("response", "Response", list(RESPONSES), list(RESPONSES)[1]),
              Slider("retained", "Customers who keep buying at the shock", "share", 0, 1, 0.05, 0.25),
              Slider("baseline_week", "Sales a week before the crisis", "million yuan", 100, 3000, 100, 1000)),
    template="{response}: {march:,.0f} million yuan of sales lost in the first 17 days (for Shuanghui, 15–31 March "
             "2011: " + source("trust slides") + " reports more than 1,500), {half_year:,.0f} million over 26 weeks; "
             "{back, select, none {sales never get back to 90 %.} other {sales are back to 90 % after {back} days "
             "(about {weeks:.0f} weeks).}}",
    chart=layer(lines("paths", x="week", y="sales", color="response", domain=tuple(SHORT_RESPONSES.values()),
                      x_title="weeks after the shock", y_title="sales a week (million yuan)", fmt=",.0f", height=240),
                rules("before", y="sales", label="label")),
    description="Lines of weekly sales after the shock under each response, against the sales before the crisis.",
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


def _prepare_pg(survey: pd.DataFrame, labels: dict | None = None) -> dict:
    perceptions, expectations, importance = survey_frames(survey)
    return {"perceptions": perceptions, "expectations": expectations, "importance": importance,
            "labels": {a: str((labels or {}).get(a, a)) for a in perceptions.columns}}


def _pg_controls(perceptions, expectations, importance, labels) -> tuple:
    return (Choice("weighting", "Weights W", {"stated": "stated importance", "equal": "equal weights"}, "stated"),
            Choice("attribute", "Improve this attribute", labels, list(labels)[0]),
            Slider("improvement", "…by this many points of perception", "points, −3 to 3", -3, 3, 0.5, 0))


def _mean_score(perceptions: pd.DataFrame, expectations: pd.DataFrame, importance: pd.DataFrame, weighting: str,
                attribute: str | None = None, improvement: float = 0.0) -> float:
    """The mean weighted SERVQUAL score, after improving one attribute's perception (capped at 1–7) if given."""
    weights = importance.mean() if weighting == "stated" else None
    if attribute is not None:
        perceptions = perceptions.copy()
        perceptions[attribute] = (perceptions[attribute] + improvement).clip(1, 7)
    return float(satisfaction.servqual_score(perceptions, expectations, weights).mean())


@calculator(
    title="Listening to the consumer's voice: P − E gaps", term="SERVQUAL",
    note="SQ = Σ W_j (P_j − E_j) averaged over respondents (crmlab.satisfaction.servqual_score). Simulated survey.",
    controls=_pg_controls, prepare=_prepare_pg,
    template="Mean weighted SERVQUAL score ({weighting, select, stated {stated importance} other {equal weights}}): "
             "{before:+.3f} now, {after:+.3f} if “{name}” improves by {improvement:+.1f} points (perceptions capped "
             "at 7).",
    chart=bars("bars", x="gap", y="pillar", x_title="mean P − E gap", height=200),
    description="Bar chart of the P − E gap of each pillar in the simulated survey.",
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
