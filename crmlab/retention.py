"""Retention and customer lifetime value (客户终身价值) (L8, L11, R1).

The retention-based lifetime value formula is standard literature, an addition
to the course material; the leaky bucket is the picture that the essay on
satisfaction and trust (《顾客满意顾客信任论文》) credits to a "Professor Daniel
Charmich": a firm that pours in new customers while old ones drain away.

**Timing convention.** A retention-based lifetime value must say whether the
first margin is certain. Two conventions are in use, and every function here
takes the choice as ``timing``:

- ``"first-margin-certain"`` (:data:`LTV_TIMING`, the course's choice): the
  customer is valued at the moment of a purchase decision, so the first
  margin is certain; it arrives at the end of period 1 and each later margin
  needs the customer to have stayed, with probability r per period. The
  margins are m, m r, m r², …, and with no horizon CLV = m / (1 + d − r).
- ``"gupta-lehmann"``: every margin, the first included, arrives only if the
  customer stays through its period: m r, m r², …, so CLV = m r / (1 + d − r),
  Gupta & Lehmann's "margin multiple" r / (1 + i − r) (Gupta & Lehmann 2003,
  *Journal of Interactive Marketing* 17(1)). It values a customer just after a
  purchase whose margin is already booked.

The two differ by the factor r: Gupta–Lehmann = r × first-margin-certain, for
any horizon. The course uses the first convention because its claims are about
customers at a purchase (a relationship against a single sale, a customer won
or lost) and because the folk figures it tests count the first purchase.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmlab import _checks

LTV_TIMINGS = {
    "first-margin-certain": "margins m, m r, m r², … at the ends of periods 1, 2, 3, …; CLV = m / (1 + d − r)",
    "gupta-lehmann": "margins m r, m r², … at the ends of periods 1, 2, …; CLV = m r / (1 + d − r) "
                     "(Gupta & Lehmann 2003)",
}
"""The lifetime-value timing conventions: name → what the customer pays when."""

LTV_TIMING = "first-margin-certain"
"""The course's timing convention, used by every page, calculator and exercise unless one says otherwise."""


def _timing(timing: str) -> int:
    """How many periods of survival the first margin needs: 0 (first margin certain) or 1 (Gupta–Lehmann)."""
    return tuple(LTV_TIMINGS).index(_checks.choice("timing", timing, tuple(LTV_TIMINGS)))


def lifetime_value(margin: float, retention: float, discount_rate: float, periods: int | None = None,
                   acquisition_cost: float = 0.0, *, timing: str = LTV_TIMING) -> float:
    """Customer lifetime value with constant margin, retention and discount rate.

    A margin m is paid at the end of each period t = 1…T while the customer
    stays. With the course's timing (``timing="first-margin-certain"``) the
    customer is still there in period t with probability r^(t−1); with
    ``timing="gupta-lehmann"`` with probability r^t (see :data:`LTV_TIMINGS`):

    .. math::

        CLV = \\sum_{t=1}^{T} \\frac{m \\, r^{t-1}}{(1+d)^t} - AC
        \\qquad\\text{and, for } T \\to \\infty,\\qquad
        CLV = \\frac{m}{1 + d - r} - AC

    and, for Gupta & Lehmann, r times the sum (CLV = m r / (1 + d − r) − AC).

    >>> round(lifetime_value(margin=100, retention=0.8, discount_rate=0.1), 2)
    333.33
    >>> round(lifetime_value(100, 0.8, 0.1, periods=3), 2)
    205.11
    >>> round(lifetime_value(100, 0.8, 0.1, timing="gupta-lehmann"), 2)
    266.67
    """
    margin = _checks.number("margin", margin)
    retention = _checks.number("retention", retention, low=0, high=1, high_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    acquisition_cost = _checks.number("acquisition_cost", acquisition_cost, low=0)
    first_survival = retention ** _timing(timing)
    if periods is None:
        if 1 + discount_rate - retention <= 0:
            raise ValueError(f"with periods=None the sum only converges when discount_rate > retention - 1; "
                             f"got discount_rate={discount_rate:g}, retention={retention:g}")
        return first_survival * margin / (1 + discount_rate - retention) - acquisition_cost
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 1:
        raise ValueError(f"periods must be a whole number ≥ 1 or None (no horizon), got {periods!r}")
    t = np.arange(1, int(periods) + 1)
    return first_survival * float(np.sum(margin * retention ** (t - 1) / (1 + discount_rate) ** t)) \
        - acquisition_cost


def retention_uplift(retention: float, discount_rate: float, points: float = 0.05,
                     periods: int | None = None, *, timing: str = LTV_TIMING) -> float:
    """Relative rise in lifetime value when retention rises by ``points`` (margin held fixed).

    This is the calculation behind claims such as "retention +5 points →
    profit +25–85 %" (Reichheld & Sasser 1990, retold in the course material):
    the answer depends heavily on the starting retention rate, and on the
    timing convention: Gupta & Lehmann's adds the factor (r + p) / r.

    >>> round(retention_uplift(retention=0.8, discount_rate=0.1), 3)
    0.2
    >>> round(retention_uplift(retention=0.9, discount_rate=0.1), 3)
    0.333
    >>> round(retention_uplift(retention=0.8, discount_rate=0.1, timing="gupta-lehmann"), 3)
    0.275
    """
    points = _checks.number("points", points)
    before = lifetime_value(1.0, retention, discount_rate, periods, timing=timing)
    after = lifetime_value(1.0, _checks.number("retention + points", retention + points, low=0, high=1,
                                               high_open=True), discount_rate, periods, timing=timing)
    if before == 0:
        raise ValueError("with timing='gupta-lehmann' and retention=0 the customer is worth nothing, "
                         "so a relative rise is undefined; give retention > 0")
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


def retention_for_uplift(uplift: float, discount_rate: float, points: float = 0.05, *,
                         timing: str = LTV_TIMING) -> float:
    """Starting retention at which ``points`` more retention raises lifetime value by ``uplift``.

    The inverse of :func:`retention_uplift` with no horizon and a constant
    margin. With the course's timing CLV ∝ 1/(1 + d − r), so the relative rise
    is u = p / (1 + d − r − p), which gives

    .. math::

        r = 1 + d - p - \\frac{p}{u}

    With ``timing="gupta-lehmann"`` CLV ∝ r/(1 + d − r), the rise is
    u = (r + p)(1 + d − r) / (r (1 + d − r − p)) − 1, and r solves
    u r² − u (1 + d − p) r + p (1 + d) = 0. That rise is large for a very low
    starting retention too (going from r to r + p multiplies the first
    margin's survival by (r + p)/r), so there can be two roots; the function
    returns the larger, on the branch where the rise grows with retention as
    it does under the course's timing.

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
    >>> round(retention_for_uplift(uplift=0.275, discount_rate=0.1, timing="gupta-lehmann"), 3)
    0.8
    """
    uplift = _checks.number("uplift", uplift, low=0, low_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    points = _checks.number("points", points, low=0, high=1, low_open=True, high_open=True)
    k = 1 + discount_rate
    low_root = None
    if _timing(timing) == 0:
        retention = k - points - points / uplift
    else:
        disc = (k - points) ** 2 - 4 * points * k / uplift
        if disc < 0:
            raise ValueError(f"no retention rate gives a rise of {uplift:g} from +{points:g} at "
                             f"discount_rate={discount_rate:g} with timing={timing!r}: the smallest rise is larger")
        retention = ((k - points) + np.sqrt(disc)) / 2
        low_root = ((k - points) - np.sqrt(disc)) / 2
    if not 0 <= retention < 1 - points:
        other = (f"; the only root below it, r = {low_root:.3f}, is on the branch where the rise comes from the "
                 f"factor (r + p) / r" if low_root is not None and 0 < low_root < 1 - points else "")
        raise ValueError(f"no retention rate in [0, {1 - points:g}) gives a rise of {uplift:g} from +{points:g} "
                         f"at discount_rate={discount_rate:g} with timing={timing!r} "
                         f"(the formula gives {retention:.3f}){other}")
    return float(retention)


def margin_growth_for_uplift(uplift: float, retention: float, discount_rate: float, points: float = 0.05, *,
                             timing: str = LTV_TIMING) -> float:
    """Yearly margin growth g that makes ``points`` more retention raise lifetime value by ``uplift``.

    Reichheld & Sasser (1990) found that a customer's yearly profit grows with
    tenure (more purchases, lower cost to serve, referrals, price premium). If
    the margin grows by g a year, m_t = m (1 + g)^(t−1), the lifetime value with
    no horizon is m / (1 + d − r(1 + g)) under the course's timing (r times that
    under Gupta & Lehmann's), and the relative rise from r to r + p is
    u = p(1 + g) / (1 + d − (r + p)(1 + g)). Solving for g:

    .. math::

        1 + g = \\frac{u \\, (1 + d)}{p + u \\, (r + p)}
        \\qquad\\text{or, Gupta–Lehmann,}\\qquad
        1 + g = \\frac{(1 + d)(u r - p)}{u \\, r \\, (r + p)}

    >>> round(margin_growth_for_uplift(uplift=0.2, retention=0.8, discount_rate=0.1), 3)
    0.0
    >>> round(margin_growth_for_uplift(uplift=0.85, retention=0.8, discount_rate=0.1), 3)
    0.21
    >>> round(margin_growth_for_uplift(uplift=0.275, retention=0.8, discount_rate=0.1, timing="gupta-lehmann"), 3)
    0.0
    """
    uplift = _checks.number("uplift", uplift, low=0, low_open=True)
    gupta_lehmann = _timing(timing) == 1
    retention = _checks.number("retention", retention, low=0, high=1, low_open=gupta_lehmann, high_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    points = _checks.number("points", points, low=0, high=1, low_open=True, high_open=True)
    if retention + points >= 1:
        raise ValueError(f"retention + points must stay below 1, got {retention:g} + {points:g}")
    k = 1 + discount_rate
    if not gupta_lehmann:
        growth = uplift * k / (points + uplift * (retention + points))
    else:
        growth = k * (uplift * retention - points) / (uplift * retention * (retention + points))
    if growth <= 0 or k - (retention + points) * growth <= 0:
        raise ValueError(f"no margin growth gives a rise of {uplift:g} from retention {retention:g} + {points:g} "
                         f"at discount_rate={discount_rate:g} with timing={timing!r}")
    return growth - 1


def profit_tiers(profit: pd.Series, shares: tuple[float, ...] = (0.2, 0.3, 0.5),
                 labels: tuple[str, ...] = ("A", "B", "C")) -> pd.DataFrame:
    """Tier customers by their profit contribution, most profitable first (C-OH, L11).

    Customers are ranked by profit (ties keep their original order); the first
    ``shares[0]`` of customers form tier ``labels[0]``, the next ``shares[1]``
    tier ``labels[1]``, and so on (a customer belongs to the tier in which its
    rank position, counted as the share of customers ranked above it, falls).
    The result also gives each customer's cumulative share of customers and of
    total profit, the numbers behind a "20 % of guests bring x % of profit"
    statement. The student slides on customer trust (《顾客信任》) say the
    Oriental Hotel grades its guests this way to find "the group that
    contributes most to the company's profit".

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


def implied_retention(lifetime_value: float, margin: float, discount_rate: float, *,
                       timing: str = LTV_TIMING) -> float:
    """Retention rate at which a yearly margin adds up to a claimed lifetime value (L11).

    Inverts the no-horizon form of :func:`lifetime_value` (no acquisition cost):
    V = m / (1 + d − r) under the course's timing, V = m r / (1 + d − r) under
    Gupta & Lehmann's:

    .. math::

        r = 1 + d - \\frac{m}{V}
        \\qquad\\text{or, Gupta–Lehmann,}\\qquad
        r = \\frac{V (1 + d)}{V + m}

    It tests folk figures such as "a pizza lover is worth $8,000" (the
    satisfaction–trust essay): what would a customer have to do for it to be
    true?

    >>> round(implied_retention(lifetime_value=8000, margin=1040, discount_rate=0.0), 2)
    0.87
    >>> round(implied_retention(lifetime_value=333.33, margin=100, discount_rate=0.1), 2)
    0.8
    >>> round(implied_retention(lifetime_value=8000, margin=1040, discount_rate=0.0, timing="gupta-lehmann"), 3)
    0.885
    """
    value = _checks.number("lifetime_value", lifetime_value, low=0, low_open=True)
    margin = _checks.number("margin", margin, low=0, low_open=True)
    discount_rate = _checks.number("discount_rate", discount_rate, low=-1, low_open=True)
    if _timing(timing) == 0:
        retention = 1 + discount_rate - margin / value
    else:
        retention = value * (1 + discount_rate) / (value + margin)
    if not 0 <= retention < 1:
        raise ValueError(f"no retention rate in [0, 1) turns a margin of {margin:g} into a lifetime value of "
                         f"{value:g} at discount_rate={discount_rate:g} with timing={timing!r} "
                         f"(the formula gives {retention:.3f})")
    return retention
