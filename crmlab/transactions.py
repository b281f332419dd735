"""Customer measures from a transaction log: repeat purchase, cohort retention, RFM (L2, L11, R1).

A transaction log has one row per purchase with at least a customer column
and a date column (and an amount column for the monetary measures), like the
real CDNOW data (``crmlab.data.load("cdnow")``). Every function names those
columns through ``customer=``, ``date=`` and ``amount=`` so it works on any
log. A customer who buys twice on the same day made one *purchase occasion*:
repeat measures count distinct purchase days, not rows.

The measures are standard customer-base analysis (Fader, Hardie & Lee 2005 use
the CDNOW cohort; RFM goes back to direct-mail practice, see Kumar & Reinartz's
textbook treatment); the course material name repeat purchase rate and purchase
frequency as loyalty measures (the loyalty lecture 《客户忠诚管理》, L2).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from crmlab import _checks

RFM_SEGMENTS = (
    ("champions", "R ≥ 4 and F ≥ 4: bought recently and often"),
    ("at risk", "R ≤ 2 and F ≥ 4: bought often, but not for a long time"),
    ("loyal", "F ≥ 4: bought often (recency in between)"),
    ("new or one-off", "R ≥ 4 and F = 1: a single recent purchase occasion"),
    ("lost", "R ≤ 2 and F ≤ 2: bought rarely and long ago"),
    ("others", "everyone else"),
)
"""RFM segments, checked in this order (the first rule that matches wins).

A teaching convention on 1–5 scores, not a standard: firms draw these lines
where their own margins and contact costs put them.
"""

PERIODS = ("D", "W", "M", "Q", "Y")


def _log(transactions: Any, customer: str, date: str, amount: str | None = None) -> pd.DataFrame:
    """Check a transaction log and return only the named columns, dates as datetimes."""
    if not isinstance(transactions, pd.DataFrame):
        raise TypeError(f"transactions must be a pandas DataFrame (one row per purchase), "
                        f"got {type(transactions).__name__}")
    if transactions.empty:
        raise ValueError("transactions is empty: it needs at least one purchase")
    needed = {"customer": customer, "date": date} | ({"amount": amount} if amount is not None else {})
    for argument, column in needed.items():
        if column not in transactions.columns:
            raise ValueError(f"{argument}={column!r} is not a column of transactions; "
                             f"columns are {list(transactions.columns)}")
    log = transactions[list(needed.values())].set_axis(list(needed), axis=1)
    if not pd.api.types.is_datetime64_any_dtype(log["date"]):
        raise TypeError(f"column {date!r} must hold dates (datetime64), got {log['date'].dtype}; "
                        f"convert it with pd.to_datetime")
    for argument in ("customer", "date"):
        if log[argument].isna().any():
            row = log.index[log[argument].isna().to_numpy()][0]
            raise ValueError(f"column {needed[argument]!r} has a missing value at row {row!r}")
    if amount is not None:
        log["amount"] = _checks.numbers(f"column {amount!r}", log["amount"].astype(float), low=0)
    return log


def purchase_days(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date") -> pd.Series:
    """Number of distinct purchase days of each customer (several orders on one day count once).

    >>> log = pd.DataFrame({"customer_id": [1, 1, 1, 2],
    ...                     "date": pd.to_datetime(["2024-01-05", "2024-01-05", "2024-02-01", "2024-01-09"])})
    >>> purchase_days(log).to_dict()
    {1: 2, 2: 1}
    """
    log = _log(transactions, customer, date)
    days = log.assign(day=log["date"].dt.normalize()).groupby("customer")["day"].nunique()
    return days.rename("purchase_days").rename_axis(customer)


def repeat_rate(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                within_days: float | None = None) -> float:
    """Share of customers who bought again: on a second, later day (L2's repeat purchase rate).

    With ``within_days`` only a repeat no later than that many days after the
    customer's first purchase counts, so customers who entered late are not
    penalised for a short observation window.

    .. math::

        \\text{repeat rate} = \\frac{\\#\\{\\text{customers with a purchase on a day after their first}\\}}
                                   {\\#\\{\\text{customers}\\}}

    >>> log = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3],
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-01-02",
    ...                                             "2024-01-03", "2024-01-03"])})
    >>> round(repeat_rate(log), 3)      # only customer 1 came back: 1 of 3
    0.333
    >>> repeat_rate(log, within_days=30)  # customer 1 came back after 60 days
    0.0
    """
    log = _log(transactions, customer, date)
    day = log["date"].dt.normalize()
    first = day.groupby(log["customer"]).transform("min")
    later = day > first
    if within_days is not None:
        within_days = _checks.number("within_days", within_days, low=0, low_open=True)
        later &= (day - first) <= pd.Timedelta(days=within_days)
    return float(later.groupby(log["customer"]).any().mean())


def cohort_retention(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                     period: str = "M", counts: bool = False) -> pd.DataFrame:
    """Cohort retention table: share of each entry cohort that buys in its k-th period after entry.

    A customer's cohort is the period (``"W"`` week, ``"M"`` month, ``"Q"``
    quarter, …) of their first purchase; column k is the share of the cohort
    with at least one purchase in period cohort + k (column 0 is 1 by
    definition). Cells after the end of the data are NA, not 0. With
    ``counts=True`` the table holds numbers of customers instead of shares.

    .. math::

        \\text{retention}_{c,k} = \\frac{\\#\\{i \\in c : i \\text{ buys in period } c + k\\}}{\\#c}

    >>> log = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3, 3],
    ...                     "date": pd.to_datetime(["2024-01-05", "2024-02-10", "2024-01-20",
    ...                                             "2024-02-01", "2024-02-02", "2024-03-15"])})
    >>> cohort_retention(log)  # doctest: +NORMALIZE_WHITESPACE
    period    0    1     2
    cohort
    2024-01  1.0  0.5   0.0
    2024-02  1.0  1.0  <NA>
    """
    log = _log(transactions, customer, date)
    _checks.choice("period", period, PERIODS)
    when = log["date"].dt.to_period(period)
    cohort = when.groupby(log["customer"]).transform("min")
    age = (when - cohort).map(lambda offset: offset.n)
    active = pd.DataFrame({"customer": log["customer"], "cohort": cohort, "age": age}).drop_duplicates()
    table = active.pivot_table(index="cohort", columns="age", values="customer", aggfunc="count", fill_value=0)
    last = when.max()
    horizon = (last - table.index.min()).n
    table = table.reindex(columns=range(horizon + 1), fill_value=0).astype("Float64")
    for cohort_period in table.index:
        observed = (last - cohort_period).n
        table.loc[cohort_period, observed + 1:] = pd.NA
    if not counts:
        table = table.div(table[0], axis=0)
    table.index.name, table.columns.name = "cohort", "period"
    return table.astype("Int64") if counts else table


def active_retention(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                     period: str = "Q") -> pd.Series:
    """Period-to-period retention: of the customers who bought in period t, the share who buy in t + 1.

    This is the r of the retention-based lifetime value
    (:func:`crmlab.retention.lifetime_value`) measured on real purchases: a
    customer is "retained" in a period if they buy in it. The last period has
    no successor and is left out.

    >>> log = pd.DataFrame({"customer_id": [1, 2, 3, 1, 2, 1],
    ...                     "date": pd.to_datetime(["2024-01-10", "2024-02-10", "2024-03-10",
    ...                                             "2024-04-10", "2024-05-10", "2024-07-10"])})
    >>> active_retention(log)   # Q1: {1, 2, 3}; Q2: {1, 2} → 2/3; Q3: {1} → 1/2
    period
    2024Q1    0.666667
    2024Q2    0.500000
    Freq: Q-DEC, Name: retention, dtype: float64
    """
    log = _log(transactions, customer, date)
    _checks.choice("period", period, PERIODS)
    when = log["date"].dt.to_period(period)
    buyers = log["customer"].groupby(when).agg(set)
    periods = pd.period_range(when.min(), when.max(), freq=when.dt.freq)
    buyers = buyers.reindex(periods, fill_value=set())
    if len(periods) < 2:
        raise ValueError(f"the log covers only one period of {period!r}: retention needs two periods at least")
    rates = [len(now & after) / len(now) if now else np.nan for now, after in zip(buyers[:-1], buyers[1:])]
    return pd.Series(rates, index=periods[:-1].rename("period"), name="retention")


def _score(values: pd.Series, bins: int) -> pd.Series:
    """1 + the number of whole 1/bins steps of customers strictly below the value (ties share a score)."""
    below = (values.rank(method="min") - 1) / len(values)
    return (1 + np.floor(below * bins)).clip(upper=bins).astype(int)


def rfm_scores(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
               amount: str = "dollar_value", as_of: Any = None, bins: int = 5) -> pd.DataFrame:
    """Recency, frequency and monetary value of each customer, and their 1–``bins`` scores.

    - recency: days from the last purchase to ``as_of`` (default: the day after
      the log's last purchase);
    - frequency: number of distinct purchase days;
    - monetary: total amount spent.

    Each measure becomes a score from 1 to ``bins`` by the customer's position
    in the ranking: score = 1 + ⌊bins × share of customers with a worse
    value⌋, so ties get the same score and 5 is best (for recency, fewest
    days). ``rfm`` joins the three scores ("545").

    >>> log = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3, 3, 4, 5],
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01", "2024-01-01",
    ...                                             "2024-02-01", "2024-03-01", "2024-01-15", "2024-02-20"]),
    ...                     "dollar_value": [10.0, 20.0, 5.0, 10.0, 10.0, 10.0, 100.0, 8.0]})
    >>> rfm_scores(log, as_of="2024-03-02")  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary  R  F  M  rfm
    customer_id
    1                  1          2      30.0  4  4  3  443
    2                 30          1       5.0  2  1  1  211
    3                  1          3      30.0  4  5  3  453
    4                 47          1     100.0  1  1  5  115
    5                 11          1       8.0  3  1  2  312
    """
    log = _log(transactions, customer, date, amount)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 2:
        raise ValueError(f"bins must be a whole number ≥ 2, got {bins!r}")
    last_day = log["date"].max().normalize()
    if as_of is None:
        as_of = last_day + pd.Timedelta(days=1)
    else:
        try:
            as_of = pd.Timestamp(as_of)
        except (TypeError, ValueError):
            raise TypeError(f"as_of must be a date, got {as_of!r}") from None
        if as_of < last_day:
            raise ValueError(f"as_of must not be before the last purchase ({last_day.date()}), got {as_of.date()}")
    day = log["date"].dt.normalize()
    grouped = log.assign(day=day).groupby("customer")
    table = pd.DataFrame({"recency": (as_of - grouped["day"].max()).dt.days,
                          "frequency": grouped["day"].nunique(),
                          "monetary": grouped["amount"].sum()})
    table["R"] = _score(-table["recency"], bins)
    table["F"] = _score(table["frequency"], bins)
    table["M"] = _score(table["monetary"], bins)
    table["rfm"] = table["R"].astype(str) + table["F"].astype(str) + table["M"].astype(str)
    return table.rename_axis(customer)


def rfm_segment(scores: pd.DataFrame) -> pd.Series:
    """Name each customer's RFM segment from 1–5 R and F scores, by the rules in :data:`RFM_SEGMENTS`.

    >>> scores = pd.DataFrame({"R": [5, 1, 3, 5, 2, 3], "F": [5, 5, 4, 1, 1, 2]})
    >>> rfm_segment(scores).tolist()
    ['champions', 'at risk', 'loyal', 'new or one-off', 'lost', 'others']
    """
    if not isinstance(scores, pd.DataFrame) or not {"R", "F"} <= set(scores.columns):
        raise TypeError("scores must be a DataFrame with columns 'R' and 'F' (as rfm_scores returns)")
    recency = _checks.numbers("scores['R']", scores["R"].astype(float), low=1, high=5)
    frequency = _checks.numbers("scores['F']", scores["F"].astype(float), low=1, high=5)
    conditions = [(recency >= 4) & (frequency >= 4), (recency <= 2) & (frequency >= 4), frequency >= 4,
                  (recency >= 4) & (frequency == 1), (recency <= 2) & (frequency <= 2)]
    labels = [label for label, _ in RFM_SEGMENTS]
    named = np.select(conditions, labels[:-1], default=labels[-1])
    return pd.Series(named, index=scores.index, name="segment")
