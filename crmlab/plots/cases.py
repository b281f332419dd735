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

from crmlab import _checks, _lang
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes
from crmlab.trust import TRUST_LEVELS, TRUST_LEVELS_ZH

TIER_COLOURS = ("#1b5e20", "#66bb6a", "#c8e6c9", "#e0e0e0", "#f5f5f5")
RESPONSE_COLOURS = ("#c62828", "#ef6c00", "#2e7d32", "#1565c0", "#6a1b9a")

TEXT = _lang.Messages(
    no_trust={"en": "no trust yet", "zh": "尚无信任"},
    none={"en": "none", "zh": "无"},
    trust_axis={"en": "level of trust reached", "zh": "达到的信任层次"},
    journey_title={"en": "A customer's trust journey (信任的形成)", "zh": "信任的形成：一位顾客的历程"},
    tier={"en": "tier {tier}: {count} customers, {share:.0%} of profit",
          "zh": "第 {tier} 层：{count} 位顾客，占利润 {share:.0%}"},
    equal={"en": "every customer equally profitable", "zh": "每位顾客利润相同"},
    customers_axis={"en": "customers, most profitable first (cumulative share)",
                    "zh": "顾客（按利润从高到低，累计比例）"},
    profit_axis={"en": "cumulative share of profit", "zh": "累计利润比例"},
    tiers_title={"en": "Customers tiered by profit contribution", "zh": "按利润贡献划分的顾客层级"},
    weekly_sales={"en": "weekly sales (million yuan)", "zh": "周销售额（百万元）"},
    lost_sales={"en": "lost sales", "zh": "损失的销售额"},
    baseline={"en": "sales without the crisis", "zh": "没有危机时的销售额"},
    model={"en": "model (no noise)", "zh": "模型（无噪声）"},
    sales={"en": "sales", "zh": "销售额"},
    the_shock={"en": "the shock", "zh": "冲击发生"},
    weeks_axis={"en": "weeks since the shock", "zh": "冲击后的周数"},
    shock_title={"en": "Sales around a trust shock", "zh": "信任冲击前后的销售额"},
    share_axis={"en": "sales as a share of the pre-crisis level", "zh": "销售额占危机前水平的比例"},
    recovery_title={"en": "How sales recover after a trust shock", "zh": "信任冲击后销售额如何恢复"},
    handled={"en": "handled well\n(highly satisfied)", "zh": "妥善处理\n（高度满意）"},
    mishandled={"en": "mishandled\n(very dissatisfied)", "zh": "处理不当\n（很不满意）"},
    firm_value={"en": "value to the firm (same unit as the lifetime value)",
                "zh": "对企业的价值（与终身价值同一单位）"},
    complaint_title={"en": "One complaint: handling it well is worth {difference:,.0f} more",
                     "zh": "一次抱怨：妥善处理多值 {difference:,.0f}"},
    score={"en": "score", "zh": "得分"},
    mean_outcome={"en": "mean outcome", "zh": "平均结果"},
    by_score={"en": "{ylabel} by {xlabel}", "zh": "不同{xlabel}下的{ylabel}"},
    gap_axis={"en": "mean gap P − E (points; below 0: falls short)", "zh": "平均差距 P − E（分；小于 0 表示未达期望）"},
    gaps_title={"en": "Service-quality gaps by attribute (P − E)", "zh": "各属性的服务质量差距（P − E）"},
)
"""The figures' phrases in English and Chinese (trust levels come from :mod:`crmlab.trust`)."""


def plot_trust_journey(steps: Sequence[tuple[str, str | None]], *, title: str | None = None,
                       ax: Axes | None = None, lang: str = "en") -> Axes:
    """Trust level reached at each step of a relationship, as a staircase.

    ``steps`` is a sequence of (label, level) pairs; level is a name from
    :data:`crmlab.trust.TRUST_LEVELS` or None (no trust yet).
    """
    _lang.check(lang)
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
        if not level:
            text = TEXT("no_trust", lang)
        else:
            text = f"{level}\n{TRUST_LEVELS_ZH[level]}" if lang == "en" else TRUST_LEVELS_ZH[level]
        ax.text(position, height + 0.08, text, ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, [label for label, _ in steps], fontsize=9)
    ax.set_yticks(range(len(TRUST_LEVELS) + 1), [TEXT("none", lang)] + (
        list(TRUST_LEVELS) if lang == "en" else [TRUST_LEVELS_ZH[level] for level in TRUST_LEVELS]))
    ax.set_ylim(0, len(TRUST_LEVELS) + 0.9)
    ax.set_ylabel(TEXT("trust_axis", lang))
    ax.set_title(title or TEXT("journey_title", lang))
    return ax


def plot_profit_tiers(tiers: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None,
                      lang: str = "en") -> Axes:
    """Cumulative share of profit against cumulative share of customers, coloured by tier.

    ``tiers`` is the table :func:`crmlab.retention.profit_tiers` returns.
    """
    _lang.check(lang)
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
                        label=TEXT("tier", lang, tier=label, count=right - left, share=y[right] - y[left]))
    ax.plot(x, y, color="black", linewidth=1.5)
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label=TEXT("equal", lang))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.yaxis.set_major_formatter("{x:.0%}")
    ax.set_xlabel(TEXT("customers_axis", lang))
    ax.set_ylabel(TEXT("profit_axis", lang))
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or TEXT("tiers_title", lang))
    return ax


def plot_sales_shock(weeks: Any, sales: Any, baseline: Any, *, shock_week: float = 0, model: Any = None,
                     title: str | None = None, ylabel: str | None = None,
                     ax: Axes | None = None, lang: str = "en") -> Axes:
    """A sales series around a trust shock: sales, the no-crisis baseline and the lost sales between them.

    ``ylabel`` defaults to weekly sales in million yuan.
    """
    _lang.check(lang)
    weeks = np.atleast_1d(_checks.numbers("weeks", weeks))
    sales = np.atleast_1d(_checks.numbers("sales", sales, low=0))
    baseline = np.atleast_1d(_checks.numbers("baseline", baseline, low=0))
    if not len(weeks) == len(sales) == len(baseline):
        raise ValueError(f"weeks, sales and baseline must have the same length, "
                         f"got {len(weeks)}, {len(sales)} and {len(baseline)}")
    shock_week = _checks.number("shock_week", shock_week)
    use_course_style()
    ax = axes(ax)
    ax.fill_between(weeks, sales, baseline, where=baseline > sales, color="#ef9a9a", alpha=0.6,
                    label=TEXT("lost_sales", lang))
    ax.plot(weeks, baseline, color="grey", linestyle="--", linewidth=1, label=TEXT("baseline", lang))
    if model is not None:
        model = np.atleast_1d(_checks.numbers("model", model, low=0))
        ax.plot(weeks, model, color="#1565c0", linewidth=1, alpha=0.6, label=TEXT("model", lang))
    ax.plot(weeks, sales, color="#c62828", marker="o", markersize=3, linewidth=1.5, label=TEXT("sales", lang))
    ax.axvline(shock_week, color="black", linewidth=1)
    ax.annotate(TEXT("the_shock", lang), (shock_week, ax.get_ylim()[1]), xytext=(4, -12), textcoords="offset points",
                fontsize=9)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(TEXT("weeks_axis", lang))
    ax.set_ylabel(ylabel or TEXT("weekly_sales", lang))
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or TEXT("shock_title", lang))
    return ax


def plot_recovery_paths(paths: Mapping[str, pd.DataFrame], baseline: float, *, title: str | None = None,
                        xlabel: str | None = None, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Sales after a trust shock under several responses (each path a :func:`~crmlab.trust.sales_after_shock` table)."""
    _lang.check(lang)
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
    ax.set_xlabel(xlabel or TEXT("weeks_axis", lang))
    ax.set_ylabel(TEXT("share_axis", lang))
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or TEXT("recovery_title", lang))
    return ax


def plot_complaint_outcomes(outcomes: pd.Series, *, title: str | None = None, ax: Axes | None = None,
                            lang: str = "en") -> Axes:
    """Bars of what one complaint is worth handled and mishandled (:func:`~crmlab.satisfaction.complaint_outcomes`)."""
    _lang.check(lang)
    if not isinstance(outcomes, pd.Series) or not {"handled", "mishandled"} <= set(outcomes.index):
        raise TypeError("outcomes must be the Series crmlab.satisfaction.complaint_outcomes returns")
    use_course_style()
    ax = axes(ax)
    values = [float(outcomes["handled"]), float(outcomes["mishandled"])]
    bars = ax.bar([TEXT("handled", lang), TEXT("mishandled", lang)], values,
                  color=["#2e7d32", "#c62828"], width=0.55)
    for bar, amount in zip(bars, values):
        ax.annotate(f"{amount:,.0f}", (bar.get_x() + bar.get_width() / 2, amount), ha="center",
                    va="bottom" if amount >= 0 else "top", xytext=(0, 3 if amount >= 0 else -3),
                    textcoords="offset points", fontsize=10, weight="bold")
    ax.axhline(0, color="black", linewidth=1)
    low, high = min(values + [0.0]), max(values + [0.0])
    pad = 0.15 * (high - low or 1)
    ax.set_ylim(low - pad, high + pad)
    ax.set_ylabel(TEXT("firm_value", lang))
    ax.set_title(title or TEXT("complaint_title", lang, difference=float(outcomes["difference"])))
    return ax


def plot_mean_by_score(score: Any, outcome: Any, *, xlabel: str | None = None, ylabel: str | None = None,
                       title: str | None = None, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Mean ``outcome`` at each value of ``score`` (bars, with the number of respondents on each).

    ``xlabel`` and ``ylabel`` default to "score" and "mean outcome" in ``lang``.
    """
    _lang.check(lang)
    xlabel = xlabel or TEXT("score", lang)
    ylabel = ylabel or TEXT("mean_outcome", lang)
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
    ax.set_title(title or TEXT("by_score", lang, xlabel=xlabel, ylabel=ylabel))
    return ax


def plot_servqual_gaps(gaps: pd.Series, labels: Mapping[str, str] | None = None, *, title: str | None = None,
                       ax: Axes | None = None, lang: str = "en") -> Axes:
    """Horizontal bars of the mean perception − expectation gap per attribute (negative = falls short)."""
    _lang.check(lang)
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
    ax.set_xlabel(TEXT("gap_axis", lang))
    ax.set_title(title or TEXT("gaps_title", lang))
    return ax
