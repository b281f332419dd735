"""Customer loyalty (客户忠诚): the Dick & Basu (1994) matrix (seed 002, L4).

Loyalty is both an attitude and a behaviour. Dick & Basu cross relative
attitude with repeat patronage: high–high is loyalty (忠诚), high attitude but
little repeat buying is latent loyalty (潜在忠诚), repeat buying without
attachment is spurious loyalty (虚假忠诚), and low–low is no loyalty (不忠诚).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlab import _checks

LOYALTY_SEGMENTS = ("loyalty", "latent loyalty", "spurious loyalty", "no loyalty")
LOYALTY_SEGMENTS_ZH = {"loyalty": "忠诚", "latent loyalty": "潜在忠诚",
                       "spurious loyalty": "虚假忠诚", "no loyalty": "不忠诚"}


def loyalty_segment(attitude: Any, repeat: Any, attitude_cut: float, repeat_cut: float) -> Any:
    """Dick & Basu (1994) segment from relative attitude and repeat patronage.

    A value equal to its cut counts as high. Scalars give a string; arrays or
    Series (one entry per customer) give a Series of strings.

    >>> loyalty_segment(attitude=8, repeat=0.7, attitude_cut=6, repeat_cut=0.5)
    'loyalty'
    >>> loyalty_segment(8, 0.2, 6, 0.5), loyalty_segment(3, 0.9, 6, 0.5), loyalty_segment(3, 0.1, 6, 0.5)
    ('latent loyalty', 'spurious loyalty', 'no loyalty')
    """
    attitude = _checks.numbers("attitude", attitude)
    repeat = _checks.numbers("repeat", repeat)
    attitude_cut = _checks.number("attitude_cut", attitude_cut)
    repeat_cut = _checks.number("repeat_cut", repeat_cut)
    if np.ndim(attitude) != np.ndim(repeat) or (np.ndim(attitude) and len(attitude) != len(repeat)):
        raise ValueError("attitude and repeat must both be single numbers or have the same length")
    high_attitude = np.asarray(attitude) >= attitude_cut
    high_repeat = np.asarray(repeat) >= repeat_cut
    labels = np.select([high_attitude & high_repeat, high_attitude & ~high_repeat, ~high_attitude & high_repeat],
                       LOYALTY_SEGMENTS[:3], default=LOYALTY_SEGMENTS[3])
    if np.ndim(attitude) == 0:
        return str(labels)
    index = attitude.index if isinstance(attitude, pd.Series) else None
    return pd.Series(labels, index=index, name="segment")


def share_of_wallet(firm_spend: Any, category_spend: Any) -> Any:
    """Share of a customer's spending in a category that goes to the firm (L1, L2).

    .. math::

        \\text{SOW} = \\frac{\\text{spend with the firm}}{\\text{spend in the category}}

    Cunningham (1956) measured brand loyalty this way, as the share of a
    household's purchases of a product that goes to its favourite brand
    (seed 002's definitions table); seed 002 lists "share of purchase
    spending" (购买支出份额) among the measures of loyalty. Scalars give a
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


def defection_cost(customers: float, defection_rate: float, share_caused_by_firm: float,
                   lifetime_value: float) -> float:
    """Profit lost to the defections the firm itself caused (L12, seed 004's third step).

    .. math::

        \\text{lost} = N \\times q \\times f \\times V

    with N customers at the start of the period, defection rate q, share f of
    the defections caused by the firm's own failures (not by customers moving
    away or no longer needing the product) and V the lifetime value of a
    customer. Seed 004 asks firms to estimate this and compare it with the
    cost of reducing defections (step four).

    >>> defection_cost(customers=10_000, defection_rate=0.2, share_caused_by_firm=0.4, lifetime_value=500)
    400000.0
    """
    customers = _checks.number("customers", customers, low=0)
    defection_rate = _checks.number("defection_rate", defection_rate, low=0, high=1)
    share_caused_by_firm = _checks.number("share_caused_by_firm", share_caused_by_firm, low=0, high=1)
    lifetime_value = _checks.number("lifetime_value", lifetime_value)
    return customers * defection_rate * share_caused_by_firm * lifetime_value
