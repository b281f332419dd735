"""Figures for retention and lifetime value (R1, L8, L11), drawn from :mod:`crmlab.retention`.

- :func:`plot_leaky_bucket` draws Charmich's leaky bucket as a customer count
  over time (:func:`crmlab.retention.leaky_bucket`) with the level where it
  settles (:func:`crmlab.retention.steady_state`).
- :func:`plot_retention_uplift` draws how much lifetime value rises when
  retention rises by a few points, against the starting retention rate
  (:func:`crmlab.retention.retention_uplift`), to test claims such as
  "+5 points of retention → +85 % profit".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes

from crmlab import _checks
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes
from crmlab.retention import leaky_bucket, retention_uplift, steady_state


def plot_leaky_bucket(initial: float, acquired_per_period: float, churn_rate: float, periods: int,
                      ax: Axes | None = None) -> Axes:
    """Customers over time in a leaky bucket, with new and lost customers per period and the steady state."""
    table = leaky_bucket(initial, acquired_per_period, churn_rate, periods)
    use_course_style()
    ax = axes(ax)
    ax.bar(table["period"][1:] - 0.2, table["acquired"][1:], width=0.4, color="#66bb6a",
           label="new customers poured in")
    ax.bar(table["period"][1:] + 0.2, table["lost"][1:], width=0.4, color="#ef5350", label="customers leaking out")
    ax.plot(table["period"], table["customers"], color="#1565c0", marker="o", linewidth=2, label="customers")
    if churn_rate > 0:
        level = steady_state(acquired_per_period, churn_rate)
        ax.axhline(level, color="#1565c0", linestyle="--", linewidth=1,
                   label=f"steady state = acquired / churn = {level:,.0f}")
    ax.set_xlabel("period")
    ax.set_ylabel("customers")
    ax.set_ylim(bottom=0)
    ax.legend(loc="best", fontsize=9)
    ax.set_title(f"The leaky bucket: {acquired_per_period:,.0f} new per period, {churn_rate:.0%} leak out")
    return ax


def plot_retention_uplift(discount_rate: float, points: float = 0.05,
                          claims: Mapping[str, float] | None = None, *, low: float = 0.5, high: float = 0.94,
                          ax: Axes | None = None) -> Axes:
    """Rise in lifetime value from ``points`` more retention, against the starting retention rate.

    ``claims`` maps a label to a claimed relative rise (0.85 for "+85 %"); each
    is drawn as a horizontal line, so the reader sees which starting retention
    makes it true under constant margins.
    """
    points = _checks.number("points", points)
    low = _checks.number("low", low, low=0, high=1, high_open=True)
    high = _checks.number("high", high, low=0, high=1, high_open=True)
    if high + points >= 1 or low >= high:
        raise ValueError(f"need 0 ≤ low < high and high + points < 1, got low={low:g}, high={high:g}, "
                         f"points={points:g}")
    claims = {} if claims is None else dict(claims)
    for label, value in claims.items():
        _checks.number(f"claims[{label!r}]", value)
    use_course_style()
    ax = axes(ax)
    start = np.linspace(low, high, 200)
    uplift = [retention_uplift(r, discount_rate, points) for r in start]
    ax.plot(start * 100, np.asarray(uplift) * 100, color="#1565c0", linewidth=2.5,
            label=f"constant margin, discount rate {discount_rate:.0%}")
    for (label, value), colour in zip(claims.items(), ["#c62828", "#ef6c00", "#6a1b9a", "#2e7d32"]):
        ax.axhline(value * 100, color=colour, linestyle="--", linewidth=1.2, label=label)
    top = max([max(uplift)] + list(claims.values())) * 100
    ax.set_ylim(0, top * 1.35)
    ax.set_xlabel("retention rate before the improvement, %")
    ax.set_ylabel(f"rise in lifetime value from +{points * 100:g} points, %")
    ax.legend(loc="upper left", fontsize=9)
    ax.set_title(f"What +{points * 100:g} points of retention are worth")
    return ax
