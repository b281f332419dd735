"""Customer loyalty (客户忠诚): the three matrices of the loyalty lecture 《客户忠诚管理》 (L4, L5, L7).

Loyalty is both an attitude and a behaviour. Dick & Basu (1994) cross relative
attitude with repeat patronage: high–high is loyalty (忠诚), high attitude but
little repeat buying is latent loyalty (潜在忠诚), repeat buying without
attachment is spurious loyalty (虚假忠诚), and low–low is no loyalty (不忠诚).
The expectation × expression matrix sorts what a customer wants into four
zones (:func:`loyalty_zone`); Knox's (1998) diamond of loyalty sorts customers
by involvement and the number of brands they buy (:func:`diamond_segment`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlab import _checks

LOYALTY_SEGMENTS = ("loyalty", "latent loyalty", "spurious loyalty", "no loyalty")
LOYALTY_SEGMENTS_ZH = {"loyalty": "忠诚", "latent loyalty": "潜在忠诚",
                       "spurious loyalty": "虚假忠诚", "no loyalty": "不忠诚"}

LOYALTY_ZONES = {  # (expects, expresses) → zone, numbered as in the lecture's figure 6.2
    (True, False): "indifference zone", (True, True): "satisfaction zone",
    (False, True): "delight zone", (False, False): "loyalty zone",
}
LOYALTY_ZONES_ZH = {"indifference zone": "冷淡区", "satisfaction zone": "满意区", "delight zone": "愉悦区",
                    "loyalty zone": "忠诚区"}

CORP_REP_RELATIVE_ATTITUDE = ("like_1", "like_2")
"""The ``corp_rep`` items that measure *relative* attitude, Dick & Basu's first axis (L4).

Both compare the firm with others: "a company that I can better identify with
than other companies" and "that I would regret more not having ... than other
companies". Satisfaction is neither relative nor an attitude to the firm, and
"would recommend" or "would choose again" are intentions.
"""

CORP_REP_INTENTION = "cusl_3"
"""The ``corp_rep`` item that stands in for repeat patronage: "I will remain a customer of the company in the future".

An intention to stay (conative loyalty), not observed repeat buying: no survey
of the course records purchases. Dick & Basu's second axis needs behaviour,
from purchase records such as the CDNOW log.
"""

DIAMOND_SEGMENTS = ("loyal buyers", "multi-brand buyers", "habitual buyers", "brand switchers")
DIAMOND_SEGMENTS_ZH = {"loyal buyers": "忠诚者", "multi-brand buyers": "多品牌购买者",
                       "habitual buyers": "习惯性购买者", "brand switchers": "品牌转换者"}
"""The diamond's four purchasing styles; Knox (1998) calls multi-brand buyers "variety seekers"."""


def loyalty_segment(attitude: Any, repeat: Any, attitude_cut: float, repeat_cut: float) -> Any:
    """Dick & Basu (1994) segment from relative attitude and repeat patronage.

    A value equal to its cut counts as high. Scalars give a string; arrays or
    Series (one entry per customer) give a Series of strings.

    >>> loyalty_segment(attitude=8, repeat=0.7, attitude_cut=6, repeat_cut=0.5)
    'loyalty'
    >>> loyalty_segment(8, 0.2, 6, 0.5), loyalty_segment(3, 0.9, 6, 0.5), loyalty_segment(3, 0.1, 6, 0.5)
    ('latent loyalty', 'spurious loyalty', 'no loyalty')
    """
    return _two_by_two(("attitude", attitude, attitude_cut), ("repeat", repeat, repeat_cut), LOYALTY_SEGMENTS,
                       "segment")


def _two_by_two(first: tuple[str, Any, float], second: tuple[str, Any, float], labels: tuple[str, ...],
                series_name: str, second_low: float | None = None) -> Any:
    """Label each case of a two-way matrix: ``labels`` in the order high–high, high–low, low–high, low–low.

    ``first`` and ``second`` are (argument name, values, cut); a value equal to its cut counts as high;
    ``second_low`` is the smallest value the second argument may take. Scalars give a string; arrays or
    Series give a Series named ``series_name``.
    """
    (x_name, x, x_cut), (y_name, y, y_cut) = first, second
    x = _checks.numbers(x_name, x)
    y = _checks.numbers(y_name, y, low=second_low)
    x_cut = _checks.number(f"{x_name}_cut", x_cut)
    y_cut = _checks.number(f"{y_name}_cut", y_cut)
    if np.ndim(x) != np.ndim(y) or (np.ndim(x) and len(x) != len(y)):
        raise ValueError(f"{x_name} and {y_name} must both be single numbers or have the same length")
    high_x = np.asarray(x) >= x_cut
    high_y = np.asarray(y) >= y_cut
    chosen = np.select([high_x & high_y, high_x & ~high_y, ~high_x & high_y], labels[:3], default=labels[3])
    if np.ndim(x) == 0:
        return str(chosen)
    return pd.Series(chosen, index=x.index if isinstance(x, pd.Series) else None, name=series_name)


def loyalty_zone(expects: bool, expresses: bool) -> str:
    """The zone of the expectation × expression matrix (期望/表达, the loyalty lecture's figure 6.2; L5).

    ================  =================  =================================
    expects (期望)     expresses (表达)    zone
    ================  =================  =================================
    yes               no                 indifference zone (冷淡区, 1)
    yes               yes                satisfaction zone (满意区, 2)
    no                yes                delight zone (愉悦区, 3)
    no                no                 loyalty zone (忠诚区, 4)
    ================  =================  =================================

    Meeting an unspoken expectation avoids dissatisfaction; meeting a spoken
    one earns satisfaction; giving what the customer wished for but did not
    expect delights; a benefit neither expected nor asked for is, the
    lecture says, the one most likely to make the customer loyal.

    >>> loyalty_zone(expects=True, expresses=False)
    'indifference zone'
    >>> loyalty_zone(expects=False, expresses=False)
    'loyalty zone'
    """
    for name, value in (("expects", expects), ("expresses", expresses)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {value!r}")
    return LOYALTY_ZONES[(bool(expects), bool(expresses))]


def diamond_segment(involvement: Any, brands: Any, involvement_cut: float, brands_cut: float) -> Any:
    """Knox's (1998) diamond of loyalty: purchasing style from involvement and the number of brands bought (L7).

    High involvement with few brands: loyal buyers (忠诚者); high involvement
    with many: multi-brand buyers (多品牌购买者, Knox's variety seekers); low
    involvement with few: habitual buyers (习惯性购买者); low with many: brand
    switchers (品牌转换者). A value equal to its cut counts as high involvement
    or as *many* brands. Scalars give a string; arrays or Series give a Series.

    >>> diamond_segment(involvement=8, brands=1, involvement_cut=5, brands_cut=3)
    'loyal buyers'
    >>> diamond_segment([8, 2, 2], [4, 1, 5], 5, 3).tolist()
    ['multi-brand buyers', 'habitual buyers', 'brand switchers']
    """
    by_quadrant = (DIAMOND_SEGMENTS[1], DIAMOND_SEGMENTS[0], DIAMOND_SEGMENTS[3], DIAMOND_SEGMENTS[2])
    return _two_by_two(("involvement", involvement, involvement_cut), ("brands", brands, brands_cut), by_quadrant,
                       "purchasing style", second_low=0)


def share_of_wallet(firm_spend: Any, category_spend: Any) -> Any:
    """Share of a customer's spending in a category that goes to the firm (L1, L2).

    .. math::

        \\text{SOW} = \\frac{\\text{spend with the firm}}{\\text{spend in the category}}

    Cunningham (1956) measured brand loyalty this way, as the share of a
    household's purchases of a product that goes to its favourite brand (the
    loyalty lecture's definitions table); the lecture lists "share of
    purchase spending" (购买支出份额) among the measures of loyalty. Scalars give a
    float, arrays or Series (one entry per customer) give the same kind back.

    >>> share_of_wallet(firm_spend=300, category_spend=1200)
    0.25
    >>> share_of_wallet([300, 900], [1200, 1000]).tolist()
    [0.25, 0.9]
    """
    firm_spend = _checks.numbers("firm_spend", firm_spend, low=0)
    category_spend = _checks.numbers("category_spend", category_spend, low=0, low_open=True)
    if np.ndim(firm_spend) != np.ndim(category_spend) or (np.ndim(firm_spend) and
                                                         len(firm_spend) != len(category_spend)):
        raise ValueError("firm_spend and category_spend must both be single numbers or have the same length")
    over = np.asarray(firm_spend) > np.asarray(category_spend)
    if np.any(over):
        position = int(np.argmax(np.atleast_1d(over)))
        raise ValueError(f"firm_spend cannot exceed category_spend (the firm's spend is part of the category's), "
                         f"got {np.atleast_1d(firm_spend)[position]:g} > "
                         f"{np.atleast_1d(category_spend)[position]:g} at position {position}")
    share = np.asarray(firm_spend) / np.asarray(category_spend)
    if np.ndim(share) == 0:
        return float(share)
    if isinstance(firm_spend, pd.Series):
        return pd.Series(share, index=firm_spend.index, name="share_of_wallet")
    return share


def compound_defection(rate: float, periods: int) -> float:
    """Share of customers lost over ``periods`` periods at a constant defection rate per period (L12).

    A customer survives one period with probability 1 − q, so over n periods

    .. math:: q_n = 1 - (1 - q)^n

    A defection rate means nothing without its period: 2 % a month is about
    21.5 % a year, not 24 %.

    >>> round(compound_defection(rate=0.02, periods=12), 4)
    0.2153
    >>> compound_defection(0.5, 2)
    0.75
    """
    rate = _checks.number("rate", rate, low=0, high=1)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"periods must be a whole number ≥ 1, got {periods!r}")
    return 1 - (1 - rate) ** int(periods)


def defection_cost(customers: float, defection_rate: float, share_caused_by_firm: float,
                   lifetime_value: float) -> float:
    """Profit lost to the defections the firm itself caused (L12, the satisfaction lecture's third step).

    .. math::

        \\text{lost} = N \\times q \\times f \\times V

    with N customers at the start of the period, defection rate q, share f of
    the defections caused by the firm's own failures (not by customers moving
    away or no longer needing the product) and V the lifetime value of a
    customer. The satisfaction lecture asks firms to estimate this and compare
    it with the cost of reducing defections (step four).

    >>> defection_cost(customers=10_000, defection_rate=0.2, share_caused_by_firm=0.4, lifetime_value=500)
    400000.0
    """
    customers = _checks.number("customers", customers, low=0)
    defection_rate = _checks.number("defection_rate", defection_rate, low=0, high=1)
    share_caused_by_firm = _checks.number("share_caused_by_firm", share_caused_by_firm, low=0, high=1)
    lifetime_value = _checks.number("lifetime_value", lifetime_value)
    return customers * defection_rate * share_caused_by_firm * lifetime_value
