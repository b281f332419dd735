"""Customer satisfaction (顾客满意): gap and ratio formulas, the Q1/Q0 model,
SERVQUAL-style P−E scores, importance–performance analysis, ACSI-style
indices, the satisfaction-to-retention table and word of mouth.

Every function here is the one the book, the calculators and the graders use,
so a number shown anywhere in the course comes from this module.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crmlab import _checks, _lang

SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
"""The five SERVQUAL dimensions (Parasuraman, Zeithaml & Berry 1988), the default attribute set."""

Q_OUTCOMES = ("highly satisfied", "satisfied", "dissatisfied")

IPA_QUADRANTS = {
    "urgent improvement": ("急需改进区", "Concentrate here"),
    "secondary improvement": ("次要改进区", "Low priority"),
    "competitive advantage": ("竞争优势区", "Keep up the good work"),
    "icing on the cake": ("锦上添花区", "Possible overkill"),
}
"""IPA quadrant → (Chinese name in the satisfaction lecture 《顾客满意及其管理》, Martilla & James 1977 label)."""

RETENTION_BANDS = {5: (0.92, 0.97), 4: (0.80, 0.85), 3: (0.60, 0.65), 2: (0.15, 0.20), 1: (0.00, 0.05)}
"""Share of customers still buying a year later by 5-point satisfaction score (the satisfaction lecture, S9)."""


def satisfaction_gap(perceived: Any, expected: Any) -> Any:
    """Difference form (S2): satisfaction = perceived performance − expectation.

    Positive means the experience beat the expectation. Accepts scalars, NumPy
    arrays and pandas Series (element by element). Source: Kotler; Oliver
    (1980) expectancy disconfirmation; the loyalty lecture 《客户忠诚管理》.

    >>> satisfaction_gap(perceived=8, expected=6)
    2.0
    >>> satisfaction_gap([7, 5], [6, 6]).tolist()
    [1.0, -1.0]
    """
    perceived = _checks.numbers("perceived", perceived)
    expected = _checks.numbers("expected", expected)
    _same_length(perceived, expected)
    return perceived - expected


def satisfaction_ratio(perceived: Any, expected: Any) -> Any:
    """Ratio form (S3): satisfaction = perceived effect / expectation.

    Above 1 the customer is pleased, below 1 disappointed. Both inputs must be
    on a ratio scale with ``expected > 0``. The course material 004 (the public-bus story).

    >>> satisfaction_ratio(perceived=6, expected=4)
    1.5
    """
    perceived = _checks.numbers("perceived", perceived, low=0)
    expected = _checks.numbers("expected", expected, low=0, low_open=True)
    _same_length(perceived, expected)
    return perceived / expected


def _same_length(first: Any, second: Any) -> None:
    if np.ndim(first) and np.ndim(second) and len(first) != len(second):
        raise ValueError(f"perceived and expected must have the same length, got {len(first)} and {len(second)}")


def q_model(perceived: float, expected: float, tolerance: float = 0.0) -> str:
    """The Q1/Q0 decision model (S4): compare perceived effect Q1 with expectation Q0.

    - Q1 > Q0 + tolerance → ``"highly satisfied"`` (service quality excellent, 优异)
    - |Q1 − Q0| ≤ tolerance → ``"satisfied"`` (good, 优良)
    - Q1 < Q0 − tolerance → ``"dissatisfied"`` (unacceptable, 难以接受)

    The comparison signs were lost in the course material's text (the loyalty lecture 《客户忠诚管理》, figure 6.4);
    this is the usual reading, reconstructed.

    >>> q_model(perceived=9, expected=7)
    'highly satisfied'
    >>> q_model(perceived=7.2, expected=7, tolerance=0.5)
    'satisfied'
    >>> q_model(perceived=5, expected=7)
    'dissatisfied'
    """
    q1 = _checks.number("perceived", perceived)
    q0 = _checks.number("expected", expected)
    tolerance = _checks.number("tolerance", tolerance, low=0)
    if q1 > q0 + tolerance:
        return "highly satisfied"
    if q1 >= q0 - tolerance:
        return "satisfied"
    return "dissatisfied"


def _weights(weights: Any, attributes: Sequence[str], name: str = "weights") -> pd.Series:
    """Normalise weights (mapping, Series or sequence, ≥ 0, not all 0) to sum to 1 over ``attributes``."""
    attributes = list(attributes)
    if weights is None:
        return pd.Series(1.0 / len(attributes), index=attributes)
    if isinstance(weights, (Mapping, pd.Series)):
        given = dict(weights)
        missing = [a for a in attributes if a not in given]
        extra = [k for k in given if k not in attributes]
        if missing or extra:
            raise ValueError(f"{name} must name exactly the attributes {attributes}; "
                             f"missing {missing}, unknown {extra}")
        values = [given[a] for a in attributes]
    else:
        values = list(weights)
        if len(values) != len(attributes):
            raise ValueError(f"{name} must have one weight per attribute ({len(attributes)}), got {len(values)}")
    checked = pd.Series([_checks.number(f"{name}[{a!r}]", v, low=0) for a, v in zip(attributes, values)],
                        index=attributes)
    if checked.sum() == 0:
        raise ValueError(f"{name} must not all be 0")
    return checked / checked.sum()


def servqual_score(perceptions: pd.DataFrame, expectations: pd.DataFrame, weights: Any = None) -> pd.Series:
    """Weighted P−E service-quality score per customer (S6).

    .. math:: SQ_i = \\sum_{j=1}^{k} W_j \\, (P_{ij} - E_{ij})

    Rows are customers, columns the k attributes (for example
    :data:`SERVQUAL_DIMENSIONS`). Weights are normalised to sum to 1 (equal by
    default). Negative scores mean service falls short of expectations.
    Source: the satisfaction lecture 《顾客满意及其管理》; Parasuraman, Zeithaml & Berry (1988).

    >>> p = pd.DataFrame({"reliability": [6, 4], "empathy": [5, 5]})
    >>> e = pd.DataFrame({"reliability": [7, 4], "empathy": [4, 6]})
    >>> servqual_score(p, e).tolist()
    [0.0, -0.5]
    >>> servqual_score(p, e, weights={"reliability": 3, "empathy": 1}).tolist()
    [-0.5, -0.25]
    """
    perceptions = _checks.numeric_frame("perceptions", perceptions)
    expectations = _checks.numeric_frame("expectations", expectations)
    if set(perceptions.columns) != set(expectations.columns):
        raise ValueError("perceptions and expectations must have the same attribute columns; "
                         f"only in perceptions: {sorted(set(perceptions.columns) - set(expectations.columns))}, "
                         f"only in expectations: {sorted(set(expectations.columns) - set(perceptions.columns))}")
    if not perceptions.index.equals(expectations.index):
        raise ValueError(f"perceptions and expectations must have the same rows (customers); got "
                         f"{len(perceptions)} and {len(expectations)} rows with different index labels")
    expectations = expectations[perceptions.columns]
    for name, frame in (("perceptions", perceptions), ("expectations", expectations)):
        missing = frame.isna().to_numpy()
        if missing.any():
            row, column = np.argwhere(missing)[0]
            raise ValueError(f"{name} is missing a value at row {frame.index[row]!r}, column "
                             f"{frame.columns[column]!r}; drop or impute incomplete rows first")
    w = _weights(weights, perceptions.columns)
    return ((perceptions - expectations) * w).sum(axis=1).rename("servqual")


def ipa_quadrant(importance: Any, performance: Any, importance_cut: float | None = None,
                 performance_cut: float | None = None) -> pd.Series:
    """Importance–performance analysis (S7): place each attribute in a quadrant.

    ================  ==================  ========================================
    importance        performance         quadrant
    ================  ==================  ========================================
    high              low                 ``"urgent improvement"`` (急需改进区)
    low               low                 ``"secondary improvement"`` (次要改进区)
    high              high                ``"competitive advantage"`` (竞争优势区)
    low               high                ``"icing on the cake"`` (锦上添花区)
    ================  ==================  ========================================

    Cuts default to the means; a value equal to the cut counts as high. Source:
    the satisfaction lecture 《顾客满意及其管理》; Martilla & James (1977), whose labels are in :data:`IPA_QUADRANTS`.

    >>> imp = pd.Series({"price": 9, "speed": 8, "decor": 3, "music": 2})
    >>> perf = pd.Series({"price": 4, "speed": 9, "decor": 8, "music": 3})
    >>> ipa_quadrant(imp, perf).to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'price': 'urgent improvement', 'speed': 'competitive advantage',
     'decor': 'icing on the cake', 'music': 'secondary improvement'}
    """
    importance = _as_series("importance", importance)
    performance = _as_series("performance", performance)
    if not importance.index.equals(performance.index):
        raise ValueError("importance and performance must list the same attributes in the same order; got "
                         f"{list(importance.index)} and {list(performance.index)}")
    i_cut = importance.mean() if importance_cut is None else _checks.number("importance_cut", importance_cut)
    p_cut = performance.mean() if performance_cut is None else _checks.number("performance_cut", performance_cut)
    high_i = importance >= i_cut
    high_p = performance >= p_cut
    labels = np.select([high_i & ~high_p, ~high_i & ~high_p, high_i & high_p],
                       ["urgent improvement", "secondary improvement", "competitive advantage"],
                       default="icing on the cake")
    return pd.Series(labels, index=importance.index, name="quadrant")


def _as_series(name: str, values: Any) -> pd.Series:
    checked = _checks.numbers(name, values)
    if np.ndim(checked) == 0:
        raise TypeError(f"{name} must list one value per attribute (a Series or a sequence), got one number")
    return checked if isinstance(checked, pd.Series) else pd.Series(checked)


def satisfaction_index(scores: Any, weights: Any = None, scale: tuple[float, float] = (1, 10)) -> float:
    """ACSI-style 0–100 satisfaction index (S8).

    Each item's mean over respondents (missing answers skipped) is rescaled to
    0–100 as (mean − low) / (high − low) × 100; the index is the weighted mean of
    the rescaled items (equal weights by default). Source: Fornell et al. (1996)
    report the ACSI on this 0–100 scale.

    >>> answers = pd.DataFrame({"overall": [10, 8, 9], "vs_expectation": [7, 7, 7]})
    >>> round(satisfaction_index(answers), 2)
    77.78
    """
    if isinstance(scores, pd.Series):
        scores = scores.to_frame()
    scores = _checks.numeric_frame("scores", scores)
    if not isinstance(scale, tuple) or len(scale) != 2:
        raise TypeError(f"scale must be a (low, high) tuple, got {scale!r}")
    low = _checks.number("scale[0]", scale[0])
    high = _checks.number("scale[1]", scale[1])
    if high <= low:
        raise ValueError(f"scale must have low < high, got {scale!r}")
    outside = (scores < low) | (scores > high)
    if outside.to_numpy().any():
        row, column = np.argwhere(outside.to_numpy())[0]
        raise ValueError(f"scores must be on the {low:g}–{high:g} scale; row {scores.index[row]!r}, column "
                         f"{scores.columns[column]!r} has {scores.iat[row, column]:g}")
    empty = [column for column in scores.columns if scores[column].isna().all()]
    if empty:
        raise ValueError(f"scores column(s) {empty} have no answers at all")
    rescaled = (scores.mean() - low) / (high - low) * 100
    return float((rescaled * _weights(weights, scores.columns)).sum())


def retention_band(score: int) -> tuple[float, float]:
    """Share of customers still buying a year later, by 5-point satisfaction score (S9).

    the course material's table: 5 → 92–97 %, 4 → 80–85 %, 3 → 60–65 %, 2 → 15–20 %,
    1 → 0–5 %. It is courseware lore with no traceable study behind it; the
    book presents it as such (the satisfaction lecture 《顾客满意及其管理》).

    >>> retention_band(4)
    (0.8, 0.85)
    """
    if isinstance(score, bool) or not isinstance(score, (int, np.integer, float, np.floating)):
        raise TypeError(f"score must be a whole number from 1 to 5, got {score!r}")
    if score not in RETENTION_BANDS:
        raise ValueError(f"score must be a whole number from 1 to 5 (a 5-point scale), got {score!r}")
    return RETENTION_BANDS[int(score)]


def word_of_mouth(lost_per_day: float = 1, tells: float = 8, days: float = 365) -> tuple[float, float]:
    """Customers lost and people reached by their complaints (S10).

    customers lost = lost_per_day × days; people reached = customers lost × tells.
    the course material's example: one customer a day, each telling 8 people, is 365
    customers and 2,920 people a year (the loyalty and satisfaction lectures).

    >>> word_of_mouth()
    (365.0, 2920.0)
    """
    lost = _checks.number("lost_per_day", lost_per_day, low=0) * _checks.number("days", days, low=0)
    return lost, lost * _checks.number("tells", tells, low=0)


def derived_importance(ratings: pd.DataFrame, overall: Any) -> pd.Series:
    """Derived importance of each attribute: its correlation with overall satisfaction (S7, S12).

    When a survey asks customers to rate attributes but not how important each
    one is, importance is commonly *derived* as the Pearson correlation between
    the attribute rating and the overall satisfaction rating (rows with a
    missing value are left out pair by pair). It feeds :func:`ipa_quadrant` in
    place of stated importance. This is an *addition* to the course material (the satisfaction lecture
    asks for stated importance), a standard variant of Martilla & James (1977).

    >>> ratings = pd.DataFrame({"network": [1, 2, 3, 4], "advice": [2, 2, 3, 1]})
    >>> derived_importance(ratings, overall=[1, 2, 3, 4]).round(3).to_dict()
    {'network': 1.0, 'advice': -0.316}
    """
    ratings = _checks.numeric_frame("ratings", ratings)
    overall = _checks.numbers("overall", overall) if not isinstance(overall, pd.Series) else overall
    if isinstance(overall, pd.Series):
        if not pd.api.types.is_numeric_dtype(overall):
            raise TypeError(f"overall must hold numbers, got dtype {overall.dtype}")
        if not overall.index.equals(ratings.index):
            raise ValueError("overall must have the same rows (index) as ratings")
    else:
        if np.ndim(overall) == 0 or len(overall) != len(ratings):
            raise ValueError(f"overall must give one rating per row of ratings ({len(ratings)}), got {overall!r}")
        overall = pd.Series(overall, index=ratings.index)
    if len(ratings) < 3:
        raise ValueError(f"ratings needs at least 3 rows to estimate a correlation, got {len(ratings)}")
    constant = [column for column in ratings.columns if ratings[column].nunique() < 2]
    if constant or overall.nunique() < 2:
        raise ValueError(f"every column must vary to have a correlation; constant: {constant or ['overall']}")
    return ratings.corrwith(overall.astype(float)).rename("importance")


@dataclass(frozen=True)
class DerivedIPA:
    """An importance–performance analysis with derived importance: the two choices that decide its answer (S7).

    ``attributes`` maps the survey columns that rate the firm's performance
    on one specific aspect to their labels; ``overall`` names the columns
    averaged into overall satisfaction. Importance is each attribute's
    correlation with overall satisfaction (:func:`derived_importance`),
    performance its mean rating, and the quadrant comes from
    :func:`ipa_quadrant` with cuts at the means. Both choices move the answer:
    the cut lines are means *over the attributes chosen*, and a single overall
    item correlates less with everything than the mean of several.

    Overall satisfaction below is the mean of two items, 1.5, 2.5, 3.5, 4.5;
    speed rises with it (r = 1), price falls (r = −1), and advice, 3, 3, 4, 4,
    has r = 2/√5 = 0.894. The cut lines are the means over the three
    attributes: importance 0.298, performance (2.5 + 2.5 + 3.5)/3 = 2.833.

    >>> survey = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [4, 3, 2, 1], "q3": [3, 3, 4, 4],
    ...                        "all_a": [1, 2, 3, 4], "all_b": [2, 3, 4, 5]})
    >>> DerivedIPA({"q1": "speed", "q2": "price", "q3": "advice"}, ("all_a", "all_b")).table(survey).round(3)
            importance  performance               quadrant
    speed        1.000          2.5     urgent improvement
    price       -1.000          2.5  secondary improvement
    advice       0.894          3.5  competitive advantage
    """

    attributes: Mapping[str, str]
    overall: tuple[str, ...]
    name: str = field(default="", compare=False)
    chinese: Mapping[str, str] = field(default_factory=dict, compare=False)
    """The attributes' labels in Chinese (``table(..., lang="zh")``), by their English label."""

    def table(self, survey: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
        """Importance (correlation with overall satisfaction), performance (mean) and quadrant of each attribute,
        the attributes named in ``lang`` (a label with no Chinese kept as it is; the quadrants stay crmlab's
        names, which :func:`ipa_chart` and the calculators write in the reader's language)."""
        _lang.check(lang)
        frame = _checks.numeric_frame("survey", survey)
        needed = [*self.attributes, *self.overall]
        missing = [column for column in needed if column not in frame.columns]
        if missing:
            raise ValueError(f"survey lacks the column(s) {missing} that this analysis uses ({self.name or needed})")
        if not self.attributes or not self.overall:
            raise ValueError("a derived IPA needs at least one attribute and one overall-satisfaction column")
        ratings = frame[list(self.attributes)].rename(columns=dict(self.attributes))
        importance = derived_importance(ratings, frame[list(self.overall)].mean(axis=1))
        performance = ratings.mean().rename("performance")
        table = pd.DataFrame({"importance": importance, "performance": performance,
                              "quadrant": ipa_quadrant(importance, performance)})
        return table.rename(index=dict(self.chinese)) if lang == "zh" else table


MOBI_DRIVERS = DerivedIPA(
    attributes={"PERQ2": "network quality", "PERQ3": "service and advice", "PERQ4": "quality of services used",
                "PERQ5": "range of services", "PERQ6": "reliability", "PERQ7": "clear information"},
    overall=("CUSA1", "CUSA2", "CUSA3"),
    name="mobi: six quality aspects against overall satisfaction (mean of CUSA1–3)",
    chinese={"network quality": "网络质量", "service and advice": "服务与咨询",
             "quality of services used": "所用服务的质量", "range of services": "服务种类", "reliability": "可靠性",
             "clear information": "信息清晰"},
)
"""The course's derived IPA of the ``mobi`` survey, used by every page that draws one.

*Overall satisfaction* is the mean of the three satisfaction items (overall
satisfaction CUSA1, fulfilment of expectations CUSA2, comparison with the ideal
CUSA3): the construct the ECSI and ACSI measure
(:data:`crmlab.models.ECSI_CONSTRUCTS`), and more reliable than the single item
CUSA1. The *attributes* are the six perceived-quality items that rate one
specific aspect of the service (PERQ2–PERQ7); PERQ1, overall quality, is a
summary rather than an attribute, the value items PERV1–2 are ratios of price
and quality, and the expectation items are not performance at all.
"""


def complaint_outcomes(lifetime_value: float, swayed: float, handled_retention: float = 0.945,
                       handled_tells: float = 10, mishandled_retention: float = 0.025,
                       mishandled_tells: float = 22) -> pd.Series:
    """What one complaint is worth to the firm when it is handled well and when it is not (R3, S9, S10).

    After the complaint the complainer stays with probability r and tells n
    people, of whom a share s change what they buy (each gained or lost
    customer is worth the same lifetime value V):

    .. math::

        W_{handled} = r_h V + s\\, n_h V, \\qquad
        W_{mishandled} = r_m V - s\\, n_m V, \\qquad
        \\Delta = W_{handled} - W_{mishandled}

    Defaults come from the course material: a customer whose complaint is
    handled well is highly satisfied (score 5 on the course material's table, 92–97 % still
    a customer a year later, midpoint 0.945) and tells 10 people; one handled
    badly is very dissatisfied (score 1, 0–5 %, midpoint 0.025) and tells 22
    (the loyalty lecture 《客户忠诚管理》; another slide of the same lecture says 8–10). The share swayed has
    no source: it is the reader's assumption.

    >>> complaint_outcomes(lifetime_value=1000, swayed=0.1).round(1).to_dict()
    {'handled': 1945.0, 'mishandled': -2175.0, 'difference': 4120.0}
    """
    value = _checks.number("lifetime_value", lifetime_value, low=0)
    swayed = _checks.number("swayed", swayed, low=0, high=1)
    kept = {"handled": _checks.number("handled_retention", handled_retention, low=0, high=1),
            "mishandled": _checks.number("mishandled_retention", mishandled_retention, low=0, high=1)}
    tells = {"handled": _checks.number("handled_tells", handled_tells, low=0),
             "mishandled": _checks.number("mishandled_tells", mishandled_tells, low=0)}
    handled = kept["handled"] * value + swayed * tells["handled"] * value
    mishandled = kept["mishandled"] * value - swayed * tells["mishandled"] * value
    return pd.Series({"handled": handled, "mishandled": mishandled, "difference": handled - mishandled},
                     name="value")


def retained_range(counts: Mapping[int, float]) -> tuple[float, float]:
    """How many of a customer base the course material's retention table expects to keep a year later (S9).

    ``counts`` maps each 5-point satisfaction score to the number of customers
    giving it; every count is multiplied by the low and the high end of
    :func:`retention_band` for its score:

    .. math:: K_{low} = \\sum_s n_s\\, r_s^{low}, \\qquad K_{high} = \\sum_s n_s\\, r_s^{high}

    The table is courseware lore (the satisfaction lecture 《顾客满意及其管理》); the result is only as good as the
    assumption that it holds for your customers.

    >>> retained_range({5: 200, 4: 400, 3: 250, 2: 100, 1: 50})
    (669.0, 719.0)
    """
    if not isinstance(counts, Mapping) or not counts:
        raise TypeError(f"counts must be a non-empty mapping of score (1–5) -> number of customers, got {counts!r}")
    low = high = 0.0
    for score, count in counts.items():
        band_low, band_high = retention_band(score)
        count = _checks.number(f"counts[{score!r}]", count, low=0)
        low += count * band_low
        high += count * band_high
    return round(low, 9), round(high, 9)


def satisfied_among_defectors(counts: Mapping[int, float], satisfied_scores: Sequence[int] = (4, 5)) -> float:
    """Share of the customers who leave within a year who had called themselves satisfied (S9, S11).

    The retention table read the other way round: a customer with score s
    leaves with probability 1 − r_s (the midpoint of :func:`retention_band`),
    so the expected defectors are D_s = n_s (1 − r_s), and the share of
    defectors who were satisfied is

    .. math:: P(S \\mid D) = \\frac{\\sum_{s \\in S} D_s}{\\sum_s D_s}

    This is the quantity Reichheld (1993) reports as "65–85 % of defectors say
    they were satisfied", which the satisfaction–trust essay misreads as the
    share of satisfied customers who defect. Here: of 306 defectors, 11 + 70 =
    81 gave a 5 or a 4, 26 %; with most customers satisfied, 64 %.

    >>> round(satisfied_among_defectors({5: 200, 4: 400, 3: 250, 2: 100, 1: 50}), 4)
    0.2647
    >>> round(satisfied_among_defectors({5: 450, 4: 450, 3: 60, 2: 30, 1: 10}), 4)
    0.6449
    """
    if not isinstance(counts, Mapping) or not counts:
        raise TypeError(f"counts must be a non-empty mapping of score (1–5) -> number of customers, got {counts!r}")
    for score in satisfied_scores:
        retention_band(score)  # a score outside 1–5 is named here
    satisfied = set(satisfied_scores)
    defectors = {score: _checks.number(f"counts[{score!r}]", count, low=0) * (1 - sum(retention_band(score)) / 2)
                 for score, count in counts.items()}
    total = sum(defectors.values())
    if total == 0:
        raise ValueError(f"counts has no customer who is expected to leave, so there are no defectors: {counts!r}")
    return sum(d for score, d in defectors.items() if score in satisfied) / total


def distinct_listeners(customers: float, tells: float, population: float) -> float:
    """Expected number of different people reached when complaints overlap (S10, an assumption check).

    the course material's "365 customers × 8 people = 2,920 people a year" assumes no one
    hears two complaints. If each of ``customers`` complainers tells ``tells``
    people picked at random from a community of ``population``, the expected
    number of distinct listeners is

    .. math:: D = N \\left[1 - \\left(1 - \\frac{t}{N}\\right)^{c}\\right]

    which approaches c·t when N is large and N when it is small (the standard
    occupancy result; an *addition*, not in the course material).

    >>> round(distinct_listeners(customers=365, tells=8, population=10_000))
    2533
    >>> round(distinct_listeners(customers=365, tells=8, population=10**9))
    2920
    """
    customers = _checks.number("customers", customers, low=0)
    population = _checks.number("population", population, low=0, low_open=True)
    tells = _checks.number("tells", tells, low=0, high=population)
    if customers == 0 or tells == 0:
        return 0.0
    if tells == population:
        return population
    # expm1/log1p keep the precision when t/N is tiny (a large population).
    return -population * math.expm1(customers * math.log1p(-tells / population))


def defection_by_satisfaction(satisfied_among_defectors: float, defection_rate: float,
                              satisfied_share: float) -> pd.Series:
    """Defection rate of satisfied and of dissatisfied customers, from a survey of defectors (S11).

    Surveys of customers who left report the share who *had said they were
    satisfied*, P(S | D). What a manager wants is the reverse, the share of
    satisfied customers who leave, P(D | S). Bayes' rule gives it from the
    overall defection rate P(D) and the share of satisfied customers P(S):

    .. math::

        P(D \\mid S) = \\frac{P(S \\mid D)\\, P(D)}{P(S)}, \\qquad
        P(D \\mid \\bar S) = \\frac{(1 - P(S \\mid D))\\, P(D)}{1 - P(S)}

    A result above 1 means the three inputs cannot all be true together.
    (Bayes' rule is an *addition*; the inputs are the reader's assumptions or the
    figures quoted in the satisfaction–trust essay.)

    >>> defection_by_satisfaction(0.75, defection_rate=0.2, satisfied_share=0.8).round(4).to_dict()
    {'satisfied': 0.1875, 'dissatisfied': 0.25}
    """
    given = _checks.number("satisfied_among_defectors", satisfied_among_defectors, low=0, high=1)
    rate = _checks.number("defection_rate", defection_rate, low=0, high=1)
    share = _checks.number("satisfied_share", satisfied_share, low=0, high=1, low_open=True, high_open=True)
    return pd.Series({"satisfied": given * rate / share, "dissatisfied": (1 - given) * rate / (1 - share)},
                     name="defection rate")


def servqual_gaps(perceived: Any, expected: Any, weights: Any = None) -> pd.DataFrame:
    """One respondent's (or the average) P−E gap on each attribute, and its weighted share of the SQ score (S6).

    ``perceived`` and ``expected`` give one value per attribute (a mapping or a
    Series indexed by attribute); weights as in :func:`servqual_score`
    (normalised to sum to 1, equal by default). Returns one row per attribute
    with columns ``perceived``, ``expected``, ``gap`` (P − E), ``weight``
    (normalised) and ``weighted_gap`` (weight × gap); the ``weighted_gap``
    column sums to the :func:`servqual_score` of that respondent, and its most
    negative entry is the attribute that hurts the score most.

    >>> gaps = servqual_gaps({"reliability": 6, "empathy": 5}, {"reliability": 7, "empathy": 4},
    ...                      weights={"reliability": 3, "empathy": 1})
    >>> gaps["weighted_gap"].tolist()  # 0.75 × (6 − 7), 0.25 × (5 − 4)
    [-0.75, 0.25]
    >>> float(gaps["weighted_gap"].sum())
    -0.5
    """
    perceived = _as_series("perceived", pd.Series(perceived) if isinstance(perceived, Mapping) else perceived)
    expected = _as_series("expected", pd.Series(expected) if isinstance(expected, Mapping) else expected)
    if set(perceived.index) != set(expected.index):
        raise ValueError("perceived and expected must name the same attributes; got "
                         f"{list(perceived.index)} and {list(expected.index)}")
    expected = expected[perceived.index]
    weight = _weights(weights, perceived.index)
    gap = perceived - expected
    return pd.DataFrame({"perceived": perceived, "expected": expected, "gap": gap, "weight": weight,
                         "weighted_gap": weight * gap})
