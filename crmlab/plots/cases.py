"""Figures for the four case notebooks (``cases/``), drawn from :mod:`crmlab`'s case formulas.

- :func:`plot_trust_journey`: the trust level (T4) a guest reaches at each
  step of a relationship, e.g. Mr Yu's stays at the Oriental Hotel
  (:func:`crmlab.trust.trust_from_service`).
- :func:`plot_profit_tiers`: the cumulative profit curve of customers ranked
  by profit, coloured by tier (:func:`crmlab.retention.profit_tiers`).
- :func:`plot_sales_shock`: a weekly sales series around a trust shock, with
  the baseline (the Shuanghui case).
- :func:`plot_recovery_paths`: sales after a trust shock under several
  responses (:func:`crmlab.trust.sales_after_shock`).
- :func:`plot_complaint_outcomes`: what one complaint is worth handled well
  and badly (:func:`crmlab.satisfaction.complaint_outcomes`).
- :func:`plot_mean_by_score`: the mean of an outcome (loyalty) at each value
  of a survey score (complaint handling).
- :func:`plot_servqual_gaps`: mean perception − expectation per attribute.

Every function takes an optional ``ax=`` and returns it; ``title`` lets a page
add "(simulated data)" where the data are simulated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab import _checks
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes
from crmlab.trust import TRUST_LEVELS, TRUST_LEVELS_ZH

TIER_COLOURS = ("#1b5e20", "#66bb6a", "#c8e6c9", "#e0e0e0", "#f5f5f5")
RESPONSE_COLOURS = ("#c62828", "#ef6c00", "#2e7d32", "#1565c0", "#6a1b9a")


def plot_trust_journey(steps: Sequence[tuple[str, str | None]], *, title: str | None = None,
                       ax: Axes | None = None) -> Axes:
    """Trust level reached at each step of a relationship, as a staircase.

    ``steps`` is a sequence of (label, level) pairs; level is a name from
    :data:`crmlab.trust.TRUST_LEVELS` or None (no trust yet).
    """
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence) or not steps:
        raise TypeError(f"steps must be a non-empty sequence of (label, level) pairs, got {steps!r}")
    heights = []
    for position, step in enumerate(steps):
        if not isinstance(step, tuple) or len(step) != 2:
            raise TypeError(f"steps[{position}] must be a (label, level) pair, got {step!r}")
        if step[1] is not None:
            _checks.choice(f"steps[{position}] level", step[1], TRUST_LEVELS)
        heights.append(0 if step[1] is None else TRUST_LEVELS.index(step[1]) + 1)
    use_course_style()
    ax = axes(ax)
    x = np.arange(len(steps))
    ax.step(x, heights, where="mid", color="#2f4b6e", linewidth=1.5, zorder=2)
    ax.bar(x, heights, width=0.6, color=["#5b8fc7" if h else "#e3e8ee" for h in heights], edgecolor="#2f4b6e",
           zorder=3)
    for position, height in zip(x, heights):
        level = TRUST_LEVELS[height - 1] if height else None
        text = f"{level}\n{TRUST_LEVELS_ZH[level]}" if level else "no trust yet"
        ax.text(position, height + 0.08, text, ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [label for label, _ in steps], fontsize=9)
    ax.set_yticks(range(len(TRUST_LEVELS) + 1), ["none"] + list(TRUST_LEVELS))
    ax.set_ylim(0, len(TRUST_LEVELS) + 0.9)
    ax.set_ylabel("level of trust reached")
    ax.set_title(title or "A customer's trust journey (信任的形成)")
    return ax


def plot_profit_tiers(tiers: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Cumulative share of profit against cumulative share of customers, coloured by tier.

    ``tiers`` is the table :func:`crmlab.retention.profit_tiers` returns.
    """
    if not isinstance(tiers, pd.DataFrame) or not {"customer_share", "profit_share", "tier"} <= set(tiers.columns):
        raise TypeError("tiers must be the DataFrame crmlab.retention.profit_tiers returns "
                        "(columns customer_share, profit_share, tier)")
    use_course_style()
    ax = axes(ax)
    x = np.concatenate([[0.0], tiers["customer_share"].to_numpy(float)])
    y = np.concatenate([[0.0], tiers["profit_share"].to_numpy(float)])
    labels = list(dict.fromkeys(tiers["tier"]))
    for number, label in enumerate(labels):
        rows = np.flatnonzero(tiers["tier"].to_numpy() == label)
        left, right = rows[0], rows[-1] + 1
        colour = TIER_COLOURS[number % len(TIER_COLOURS)]
        ax.fill_between(x[left:right + 1], y[left:right + 1], color=colour, alpha=0.8, edgecolor="#555",
                        label=f"tier {label}: {right - left} customers, {y[right] - y[left]:.0%} of profit")
    ax.plot(x, y, color="black", linewidth=1.5)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="every customer equally profitable")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.yaxis.set_major_formatter("{x:.0%}")
    ax.set_xlabel("customers, most profitable first (cumulative share)")
    ax.set_ylabel("cumulative share of profit")
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or "Customers tiered by profit contribution")
    return ax


def plot_sales_shock(weeks: Any, sales: Any, baseline: Any, *, shock_week: float = 0, model: Any = None,
                     title: str | None = None, ylabel: str = "weekly sales (million yuan)",
                     ax: Axes | None = None) -> Axes:
    """A sales series around a trust shock: sales, the no-crisis baseline and the lost sales between them."""
    weeks = np.atleast_1d(_checks.numbers("weeks", weeks))
    sales = np.atleast_1d(_checks.numbers("sales", sales, low=0))
    baseline = np.atleast_1d(_checks.numbers("baseline", baseline, low=0))
    if not len(weeks) == len(sales) == len(baseline):
        raise ValueError(f"weeks, sales and baseline must have the same length, "
                         f"got {len(weeks)}, {len(sales)} and {len(baseline)}")
    shock_week = _checks.number("shock_week", shock_week)
    use_course_style()
    ax = axes(ax)
    ax.fill_between(weeks, sales, baseline, where=baseline > sales, color="#ef9a9a", alpha=0.6, label="lost sales")
    ax.plot(weeks, baseline, color="grey", linestyle="--", linewidth=1, label="sales without the crisis")
    if model is not None:
        model = np.atleast_1d(_checks.numbers("model", model, low=0))
        ax.plot(weeks, model, color="#1565c0", linewidth=1, alpha=0.6, label="model (no noise)")
    ax.plot(weeks, sales, color="#c62828", marker="o", markersize=3, linewidth=1.5, label="sales")
    ax.axvline(shock_week, color="black", linewidth=1)
    ax.annotate("the shock", (shock_week, ax.get_ylim()[1]), xytext=(4, -12), textcoords="offset points",
                fontsize=9)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("weeks since the shock")
    ax.set_ylabel(ylabel)
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or "Sales around a trust shock")
    return ax


def plot_recovery_paths(paths: Mapping[str, pd.DataFrame], baseline: float, *, title: str | None = None,
                        xlabel: str = "weeks since the shock", ax: Axes | None = None) -> Axes:
    """Sales after a trust shock under several responses (each path a :func:`~crmlab.trust.sales_after_shock` table)."""
    if not isinstance(paths, Mapping) or not paths:
        raise TypeError(f"paths must be a non-empty mapping of response -> sales table, got {paths!r}")
    baseline = _checks.number("baseline", baseline, low=0, low_open=True)
    use_course_style()
    ax = axes(ax)
    for number, (name, path) in enumerate(paths.items()):
        if not isinstance(path, pd.DataFrame) or not {"period", "sales"} <= set(path.columns):
            raise TypeError(f"paths[{name!r}] must be a table from crmlab.trust.sales_after_shock")
        ax.plot(path["period"], path["sales"] / baseline, color=RESPONSE_COLOURS[number % len(RESPONSE_COLOURS)],
                linewidth=2, label=name)
    ax.axhline(1, color="grey", linestyle="--", linewidth=1)
    ax.axhline(0.9, color="grey", linestyle=":", linewidth=1)
    ax.set_ylim(0, 1.05)
    ax.yaxis.set_major_formatter("{x:.0%}")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("sales as a share of the pre-crisis level")
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or "How sales recover after a trust shock")
    return ax


def plot_complaint_outcomes(outcomes: pd.Series, *, title: str | None = None, ax: Axes | None = None) -> Axes:
    """Bars of what one complaint is worth handled and mishandled (:func:`~crmlab.satisfaction.complaint_outcomes`)."""
    if not isinstance(outcomes, pd.Series) or not {"handled", "mishandled"} <= set(outcomes.index):
        raise TypeError("outcomes must be the Series crmlab.satisfaction.complaint_outcomes returns")
    use_course_style()
    ax = axes(ax)
    values = [float(outcomes["handled"]), float(outcomes["mishandled"])]
    bars = ax.bar(["handled well\n(highly satisfied)", "mishandled\n(very dissatisfied)"], values,
                  color=["#2e7d32", "#c62828"], width=0.55)
    for bar, amount in zip(bars, values):
        ax.annotate(f"{amount:,.0f}", (bar.get_x() + bar.get_width() / 2, amount), ha="center",
                    va="bottom" if amount >= 0 else "top", xytext=(0, 3 if amount >= 0 else -3),
                    textcoords="offset points", fontsize=10, weight="bold")
    ax.axhline(0, color="black", linewidth=1)
    low, high = min(values + [0.0]), max(values + [0.0])
    pad = 0.15 * (high - low or 1)
    ax.set_ylim(low - pad, high + pad)
    ax.set_ylabel("value to the firm (same unit as the lifetime value)")
    ax.set_title(title or f"One complaint: handling it well is worth {float(outcomes['difference']):,.0f} more")
    return ax


def plot_mean_by_score(score: Any, outcome: Any, *, xlabel: str = "score", ylabel: str = "mean outcome",
                       title: str | None = None, ax: Axes | None = None) -> Axes:
    """Mean ``outcome`` at each value of ``score`` (bars, with the number of respondents on each)."""
    score = pd.Series(_checks.numbers("score", score)).reset_index(drop=True)
    outcome = pd.Series(_checks.numbers("outcome", outcome)).reset_index(drop=True)
    if len(score) != len(outcome):
        raise ValueError(f"score and outcome must have the same length, got {len(score)} and {len(outcome)}")
    table = outcome.groupby(score).agg(["mean", "size"])
    use_course_style()
    ax = axes(ax)
    bars = ax.bar(table.index, table["mean"], color="#5b8fc7", edgecolor="#2f4b6e")
    for bar, count in zip(bars, table["size"]):
        ax.annotate(f"n={count}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                    va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(table.index)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or f"{ylabel} by {xlabel}")
    return ax


def plot_servqual_gaps(gaps: pd.Series, labels: Mapping[str, str] | None = None, *, title: str | None = None,
                       ax: Axes | None = None) -> Axes:
    """Horizontal bars of the mean perception − expectation gap per attribute (negative = falls short)."""
    if not isinstance(gaps, pd.Series) or gaps.empty:
        raise TypeError("gaps must be a non-empty pandas Series (attribute -> mean P − E)")
    gaps = _checks.numbers("gaps", gaps)
    labels = dict(labels or {})
    use_course_style()
    ax = axes(ax)
    ordered = gaps.sort_values()
    names = [labels.get(attribute, str(attribute)) for attribute in ordered.index]
    ax.barh(names, ordered.to_numpy(), color=["#c62828" if gap < 0 else "#2e7d32" for gap in ordered])
    for position, gap in enumerate(ordered):
        ax.annotate(f"{gap:+.2f}", (gap, position), xytext=(4 if gap >= 0 else -4, 0), textcoords="offset points",
                    ha="left" if gap >= 0 else "right", va="center", fontsize=9)
    ax.axvline(0, color="black", linewidth=1)
    span = max(abs(ordered.min()), abs(ordered.max()), 0.1)
    ax.set_xlim(-1.35 * span, 1.35 * span)
    ax.set_xlabel("mean gap P − E (points; below 0: falls short)")
    ax.set_title(title or "Service-quality gaps by attribute (P − E)")
    return ax
