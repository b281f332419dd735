"""Retention and customer lifetime value (客户终身价值) (L8, L11, R1).

The retention-based lifetime value formula is standard literature (see Gupta
& Lehmann 2003, *Journal of Interactive Marketing*), an addition to the seeds;
the leaky bucket is Charmich's picture of a firm that pours in new customers
while old ones drain away (seed 001).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab import _checks


def lifetime_value(margin: float, retention: float, discount_rate: float, periods: int | None = None,
                   acquisition_cost: float = 0.0) -> float:
    """Customer lifetime value with constant margin, retention and discount rate.

    A margin m is paid at the end of each period t = 1…T while the customer
    stays; the customer is still there in period t with probability r^(t−1):

    .. math::

        CLV = \\sum_{t=1}^{T} \\frac{m \\, r^{t-1}}{(1+d)^t} - AC
        \\qquad\\text{and, for } T \\to \\infty,\\qquad
        CLV = \\frac{m}{1 + d - r} - AC

    >>> round(lifetime_value(margin=100, retention=0.8, discount_rate=0.1), 2)
    333.33
    >>> round(lifetime_value(100, 0.8, 0.1, periods=3), 2)
    205.11
    """
    margin = _checks.number("margin", margin)
    retention = _checks.number("retention", retention, low=0, high=1, high_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    acquisition_cost = _checks.number("acquisition_cost", acquisition_cost, low=0)
    if periods is None:
        if 1 + discount_rate - retention <= 0:
            raise ValueError(f"with periods=None the sum only converges when discount_rate > retention - 1; "
                             f"got discount_rate={discount_rate:g}, retention={retention:g}")
        return margin / (1 + discount_rate - retention) - acquisition_cost
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"periods must be a whole number ≥ 1 or None (no horizon), got {periods!r}")
    t = np.arange(1, int(periods) + 1)
    return float(np.sum(margin * retention ** (t - 1) / (1 + discount_rate) ** t)) - acquisition_cost


def retention_uplift(retention: float, discount_rate: float, points: float = 0.05,
                     periods: int | None = None) -> float:
    """Relative rise in lifetime value when retention rises by ``points`` (margin held fixed).

    This is the calculation behind claims such as "retention +5 points →
    profit +25–85 %" (Reichheld & Sasser 1990; seeds 001, 002): the answer
    depends heavily on the starting retention rate.

    >>> round(retention_uplift(retention=0.8, discount_rate=0.1), 3)
    0.2
    >>> round(retention_uplift(retention=0.9, discount_rate=0.1), 3)
    0.333
    """
    points = _checks.number("points", points)
    before = lifetime_value(1.0, retention, discount_rate, periods)
    after = lifetime_value(1.0, _checks.number("retention + points", retention + points, low=0, high=1,
                                               high_open=True), discount_rate, periods)
    return after / before - 1


def leaky_bucket(initial: float, acquired_per_period: float, churn_rate: float, periods: int) -> pd.DataFrame:
    """Customers over time when new ones pour in and a share leaks out each period (R1).

    customers_t = customers_(t−1) × (1 − churn) + acquired, from period 0
    (the initial base) to ``periods``.

    >>> leaky_bucket(initial=1000, acquired_per_period=100, churn_rate=0.2, periods=2)
       period  customers  acquired   lost
    0       0     1000.0       0.0    0.0
    1       1      900.0     100.0  200.0
    2       2      820.0     100.0  180.0
    """
    customers = _checks.number("initial", initial, low=0)
    acquired = _checks.number("acquired_per_period", acquired_per_period, low=0)
    churn = _checks.number("churn_rate", churn_rate, low=0, high=1)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 0:
        raise ValueError(f"periods must be a whole number ≥ 0, got {periods!r}")
    rows = [(0, customers, 0.0, 0.0)]
    for period in range(1, int(periods) + 1):
        lost = customers * churn
        customers = customers - lost + acquired
        rows.append((period, customers, acquired, lost))
    return pd.DataFrame(rows, columns=["period", "customers", "acquired", "lost"])


def steady_state(acquired_per_period: float, churn_rate: float) -> float:
    """The customer base a leaky bucket settles at: acquired / churn (where inflow = outflow).

    >>> steady_state(acquired_per_period=100, churn_rate=0.2)
    500.0
    """
    acquired = _checks.number("acquired_per_period", acquired_per_period, low=0)
    churn = _checks.number("churn_rate", churn_rate, low=0, low_open=True, high=1)
    return acquired / churn


def retention_for_uplift(uplift: float, discount_rate: float, points: float = 0.05) -> float:
    """Starting retention at which ``points`` more retention raises lifetime value by ``uplift``.

    The inverse of :func:`retention_uplift` with no horizon and a constant
    margin. There CLV ∝ 1/(1 + d − r), so the relative rise is
    u = p / (1 + d − r − p), which gives

    .. math::

        r = 1 + d - p - \\frac{p}{u}

    It shows what a folk claim silently assumes: at a 10 % discount rate
    "+5 points → +15 %" needs a starting retention of about 72 %, while
    "+5 points → +85 %" is out of reach (r + p < 1 caps the rise at p / d = 50 %);
    at a 5 % discount rate it needs about 94 %.

    >>> round(retention_for_uplift(uplift=0.2, discount_rate=0.1), 3)
    0.8
    >>> round(retention_for_uplift(uplift=0.15, discount_rate=0.1), 3)
    0.717
    >>> round(retention_for_uplift(uplift=0.85, discount_rate=0.05), 3)
    0.941
    """
    uplift = _checks.number("uplift", uplift, low=0, low_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    points = _checks.number("points", points, low=0, high=1, low_open=True, high_open=True)
    retention = 1 + discount_rate - points - points / uplift
    if not 0 <= retention < 1 - points:
        raise ValueError(f"no retention rate in [0, {1 - points:g}) gives a rise of {uplift:g} from +{points:g} "
                         f"at discount_rate={discount_rate:g} (the formula gives {retention:.3f})")
    return retention


def margin_growth_for_uplift(uplift: float, retention: float, discount_rate: float, points: float = 0.05) -> float:
    """Yearly margin growth g that makes ``points`` more retention raise lifetime value by ``uplift``.

    Reichheld & Sasser (1990) found that a customer's yearly profit grows with
    tenure (more purchases, lower cost to serve, referrals, price premium). If
    the margin grows by g a year, m_t = m (1 + g)^(t−1), the lifetime value with
    no horizon is m / (1 + d − r(1 + g)), and the relative rise from r to r + p is
    u = p(1 + g) / (1 + d − (r + p)(1 + g)). Solving for g:

    .. math::

        1 + g = \\frac{u \\, (1 + d)}{p + u \\, (r + p)}

    >>> round(margin_growth_for_uplift(uplift=0.2, retention=0.8, discount_rate=0.1), 3)
    0.0
    >>> round(margin_growth_for_uplift(uplift=0.85, retention=0.8, discount_rate=0.1), 3)
    0.21
    """
    uplift = _checks.number("uplift", uplift, low=0, low_open=True)
    retention = _checks.number("retention", retention, low=0, high=1, high_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    points = _checks.number("points", points, low=0, high=1, low_open=True, high_open=True)
    if retention + points >= 1:
        raise ValueError(f"retention + points must stay below 1, got {retention:g} + {points:g}")
    return uplift * (1 + discount_rate) / (points + uplift * (retention + points)) - 1


def profit_tiers(profit: pd.Series, shares: tuple[float, ...] = (0.2, 0.3, 0.5),
                 labels: tuple[str, ...] = ("A", "B", "C")) -> pd.DataFrame:
    """Tier customers by their profit contribution, most profitable first (C-OH, L11).

    Customers are ranked by profit (ties keep their original order); the first
    ``shares[0]`` of customers form tier ``labels[0]``, the next ``shares[1]``
    tier ``labels[1]``, and so on (a customer belongs to the tier in which its
    rank position, counted as the share of customers ranked above it, falls).
    The result also gives each customer's cumulative share of customers and of
    total profit, the numbers behind a "20 % of guests bring x % of profit"
    statement. Seed 000 says the Oriental Hotel grades its guests this way to
    find "the group that contributes most to the company's profit".

    >>> guests = pd.Series({"Yu": 50.0, "Li": 30.0, "Wang": 10.0, "Zhao": 10.0, "Sun": 0.0})
    >>> profit_tiers(guests, shares=(0.2, 0.4, 0.4))  # doctest: +NORMALIZE_WHITESPACE
          profit  customer_share  profit_share tier
    Yu      50.0             0.2           0.5    A
    Li      30.0             0.4           0.8    B
    Wang    10.0             0.6           0.9    B
    Zhao    10.0             0.8           1.0    C
    Sun      0.0             1.0           1.0    C
    """
    if not isinstance(profit, pd.Series):
        raise TypeError(f"profit must be a pandas Series (index = customer, value = profit), "
                        f"got {type(profit).__name__}")
    profit = _checks.numbers("profit", profit)
    if not isinstance(shares, tuple) or not isinstance(labels, tuple) or len(shares) != len(labels) or not shares:
        raise ValueError(f"shares and labels must be tuples of the same length, got {shares!r} and {labels!r}")
    checked = [_checks.number(f"shares[{i}]", s, low=0, low_open=True, high=1) for i, s in enumerate(shares)]
    if abs(sum(checked) - 1) > 1e-9:
        raise ValueError(f"shares must sum to 1, got {sum(checked):g}")
    total = profit.sum()
    if total <= 0:
        raise ValueError(f"profit must add up to more than 0 to compute profit shares, got a total of {total:g}")
    ranked = profit.sort_values(ascending=False, kind="stable")
    position = np.arange(len(ranked)) / len(ranked)
    bounds = np.cumsum(checked)[:-1]
    tier_index = np.searchsorted(bounds, position + 1e-12, side="right")
    return pd.DataFrame({"profit": ranked,
                         "customer_share": (np.arange(len(ranked)) + 1) / len(ranked),
                         "profit_share": ranked.cumsum() / total,
                         "tier": np.asarray(labels)[tier_index]}, index=ranked.index)


def implied_retention(lifetime_value: float, margin: float, discount_rate: float) -> float:
    """Retention rate at which a yearly margin adds up to a claimed lifetime value (L11).

    Inverts the no-horizon form of :func:`lifetime_value` (no acquisition cost),
    V = m / (1 + d − r):

    .. math::

        r = 1 + d - \\frac{m}{V}

    It tests folk figures such as "a pizza lover is worth $8,000" (seed 001):
    what would a customer have to do for it to be true?

    >>> round(implied_retention(lifetime_value=8000, margin=1040, discount_rate=0.0), 2)
    0.87
    >>> round(implied_retention(lifetime_value=333.33, margin=100, discount_rate=0.1), 2)
    0.8
    """
    value = _checks.number("lifetime_value", lifetime_value, low=0, low_open=True)
    margin = _checks.number("margin", margin, low=0, low_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    retention = 1 + discount_rate - margin / value
    if not 0 <= retention < 1:
        raise ValueError(f"no retention rate in [0, 1) turns a margin of {margin:g} into a lifetime value of "
                         f"{value:g} at discount_rate={discount_rate:g} (the formula gives {retention:.3f})")
    return retention
