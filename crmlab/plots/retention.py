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

from crmlab import _checks, _lang
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes
from crmlab.retention import leaky_bucket, retention_uplift, steady_state

TEXT = _lang.Messages(
    poured_in={"en": "new customers poured in", "zh": "新倒入的顾客"},
    leaking={"en": "customers leaking out", "zh": "漏出的顾客"},
    customers=_lang.table_word("customers"),
    steady={"en": "steady state = acquired / churn = {level:,.0f}", "zh": "稳态 = 新增顾客 / 流失率 = {level:,.0f}"},
    period=_lang.table_word("period"),
    bucket_title={"en": "The leaky bucket: {acquired:,.0f} new per period, {churn:.0%} leak out",
                  "zh": "漏桶：每期新增 {acquired:,.0f} 位顾客，流失 {churn:.0%}"},
    constant_margin={"en": "constant margin, discount rate {rate:.0%}", "zh": "利润率不变，贴现率 {rate:.0%}"},
    retention_axis={"en": "retention rate before the improvement, %", "zh": "提升前的顾客保持率（%）"},
    rise_axis={"en": "rise in lifetime value from +{points:g} points, %",
               "zh": "保持率提高 {points:g} 个百分点带来的终身价值增幅（%）"},
    uplift_title={"en": "What +{points:g} points of retention are worth",
                  "zh": "顾客保持率提高 {points:g} 个百分点的价值"},
)
"""The figures' phrases in English and Chinese."""


def plot_leaky_bucket(initial: float, acquired_per_period: float, churn_rate: float, periods: int,
                      ax: Axes | None = None, lang: str = "en") -> Axes:
    """Customers over time in a leaky bucket, with new and lost customers per period and the steady state."""
    _lang.check(lang)
    table = leaky_bucket(initial, acquired_per_period, churn_rate, periods)
    use_course_style()
    ax = axes(ax)
    ax.bar(table["period"][1:] - 0.2, table["acquired"][1:], width=0.4, color="#66bb6a",
           label=TEXT("poured_in", lang))
    ax.bar(table["period"][1:] + 0.2, table["lost"][1:], width=0.4, color="#ef5350", label=TEXT("leaking", lang))
    ax.plot(table["period"], table["customers"], color="#1565c0", marker="o", linewidth=2,
            label=TEXT("customers", lang))
    if churn_rate > 0:
        level = steady_state(acquired_per_period, churn_rate)
        ax.axhline(level, color="#1565c0", linestyle="--", linewidth=1,
                   label=TEXT("steady", lang, level=level))
    ax.set_xlabel(TEXT("period", lang))
    ax.set_ylabel(TEXT("customers", lang))
    ax.set_ylim(bottom=0)
    ax.legend(loc="best", fontsize=9)
    ax.set_title(TEXT("bucket_title", lang, acquired=acquired_per_period, churn=churn_rate))
    return ax


def plot_retention_uplift(discount_rate: float, points: float = 0.05,
                          claims: Mapping[str, float] | None = None, *, low: float = 0.5, high: float = 0.94,
                          ax: Axes | None = None, lang: str = "en") -> Axes:
    """Rise in lifetime value from ``points`` more retention, against the starting retention rate.

    ``claims`` maps a label to a claimed relative rise (0.85 for "+85 %"); each
    is drawn as a horizontal line, so the reader sees which starting retention
    makes it true under constant margins.
    """
    _lang.check(lang)
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
            label=TEXT("constant_margin", lang, rate=discount_rate))
    for (label, value), colour in zip(claims.items(), ["#c62828", "#ef6c00", "#6a1b9a", "#2e7d32"]):
        ax.axhline(value * 100, color=colour, linestyle="--", linewidth=1.2, label=label)
    top = max([max(uplift)] + list(claims.values())) * 100
    ax.set_ylim(0, top * 1.35)
    ax.set_xlabel(TEXT("retention_axis", lang))
    ax.set_ylabel(TEXT("rise_axis", lang, points=points * 100))
    ax.legend(loc="upper left", fontsize=9)
    ax.set_title(TEXT("uplift_title", lang, points=points * 100))
    return ax
