"""Figures for customer loyalty (客户忠诚, the loyalty lecture 《客户忠诚管理》).

- :func:`plot_dick_basu` draws the Dick & Basu (1994) matrix, relative attitude ×
  repeat patronage, with customers placed by :func:`crmlab.loyalty.loyalty_segment`.
- :func:`plot_satisfaction_loyalty` draws the satisfaction–loyalty relation in
  high- and low-competition markets after Jones & Sasser (1995). The curves are
  schematic: they reproduce the shape of the published figure, not data.
- :func:`plot_profit_over_years` draws the profit a customer brings in each year
  of the relationship, stacked by source (Reichheld & Sasser 1990). The default
  numbers are illustrative, chosen to show the shape of the published chart.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab import _checks, _lang
from crmlab.loyalty import LOYALTY_SEGMENTS, LOYALTY_SEGMENTS_ZH, loyalty_segment
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes

SEGMENT_COLOURS = {"loyalty": "#2e7d32", "latent loyalty": "#1565c0", "spurious loyalty": "#ef6c00",
                   "no loyalty": "#9e9e9e"}

#: Illustrative profit per customer by year of the relationship, by source (Reichheld & Sasser 1990's
#: chart has these five layers above the year-0 acquisition cost; the numbers here only show its shape).
ILLUSTRATIVE_PROFIT = pd.DataFrame(
    {"acquisition cost": [-60, 0, 0, 0, 0, 0, 0, 0],
     "base profit": [0, 20, 20, 20, 20, 20, 20, 20],
     "increased purchases": [0, 0, 6, 11, 15, 18, 20, 22],
     "cost savings": [0, 0, 3, 5, 7, 8, 9, 10],
     "referrals": [0, 0, 2, 4, 6, 8, 10, 12],
     "price premium": [0, 0, 1, 3, 5, 7, 8, 9]},
    index=pd.RangeIndex(0, 8, name="year"))
TEXT = _lang.Messages(
    **{f"source:{source}": texts for source, texts in {
        "acquisition cost": {"en": "acquisition cost", "zh": "获取成本"},
        "base profit": {"en": "base profit", "zh": "基本利润"},
        "increased purchases": {"en": "increased purchases", "zh": "购买增加"},
        "cost savings": {"en": "cost savings", "zh": "成本节约"},
        "referrals": {"en": "referrals", "zh": "口碑推荐"},
        "price premium": {"en": "price premium", "zh": "溢价收入"},
    }.items()},  # the layers of Reichheld & Sasser's chart; 溢价收入 is the glossary's price premium
    customers={"en": "customers", "zh": "顾客"},
    repeat_axis={"en": "repeat patronage (重复购买程度): low → high", "zh": "重复购买程度：低 → 高"},
    attitude_axis={"en": "relative attitude (态度取向): low → high", "zh": "态度取向：低 → 高"},
    matrix_title={"en": "Dick & Basu (1994) loyalty matrix", "zh": "Dick & Basu（1994）忠诚矩阵"},
    high_competition={"en": "high competition (高度竞争区): commodities, low switching cost",
                      "zh": "高度竞争区：同质商品，转移成本低"},
    low_competition={"en": "low competition (低度竞争区): monopoly, high switching cost",
                     "zh": "低度竞争区：垄断，转移成本高"},
    completely_satisfied={"en": "completely\nsatisfied", "zh": "完全\n满意"},
    ticks={"en": "1\ncompletely\ndissatisfied|2|3|4|5\ncompletely\nsatisfied",
           "zh": "1\n完全\n不满意|2|3|4|5\n完全\n满意"},
    satisfaction_axis={"en": "satisfaction (满意度)", "zh": "满意度"},
    loyalty_axis={"en": "loyalty (忠诚度), %", "zh": "忠诚度（%）"},
    schematic_title={"en": "Satisfaction and loyalty (schematic, after Jones & Sasser 1995)",
                     "zh": "满意度与忠诚度（示意图，据 Jones & Sasser 1995）"},
    total_profit={"en": "total profit", "zh": "总利润"},
    year_axis={"en": "year of the relationship", "zh": "关系的第几年"},
    profit_axis={"en": "profit from one customer in that year", "zh": "当年来自一位顾客的利润"},
    profit_title={"en": "Why loyal customers are more profitable", "zh": "为什么忠诚顾客更有利可图"},
    illustrative_title={"en": "Why loyal customers are more profitable (illustrative numbers)",
                        "zh": "为什么忠诚顾客更有利可图（示意数字）"},
)
"""The figures' phrases in English and Chinese (segment names come from :mod:`crmlab.loyalty`)."""

PROFIT_COLOURS = {"acquisition cost": "#c62828", "base profit": "#90a4ae", "increased purchases": "#42a5f5",
                  "cost savings": "#66bb6a", "referrals": "#ffa726", "price premium": "#ab47bc"}


def plot_dick_basu(attitude: Any = None, repeat: Any = None, *, attitude_cut: float = 0.5,
                   repeat_cut: float = 0.5, ax: Axes | None = None, lang: str = "en") -> Axes:
    """The Dick & Basu (1994) matrix; optional customers plotted by segment.

    x = repeat patronage, y = relative attitude. Each customer is placed with
    :func:`crmlab.loyalty.loyalty_segment` (a value equal to a cut counts as
    high); one scatter per segment, labelled with the segment name.
    """
    _lang.check(lang)
    attitude_cut = _checks.number("attitude_cut", attitude_cut)
    repeat_cut = _checks.number("repeat_cut", repeat_cut)
    if (attitude is None) != (repeat is None):
        raise ValueError("give both attitude and repeat, or neither")
    use_course_style()
    ax = axes(ax)
    if attitude is None:
        x_range, y_range = (repeat_cut - 1, repeat_cut + 1), (attitude_cut - 1, attitude_cut + 1)
    else:
        segments = loyalty_segment(attitude, repeat, attitude_cut, repeat_cut)
        xs = np.atleast_1d(np.asarray(repeat, dtype=float))
        ys = np.atleast_1d(np.asarray(attitude, dtype=float))
        labels = np.atleast_1d(np.asarray(segments))
        x_range = _padded(np.append(xs, repeat_cut))
        y_range = _padded(np.append(ys, attitude_cut))
        for segment in LOYALTY_SEGMENTS:
            chosen = labels == segment
            if chosen.any():
                ax.scatter(xs[chosen], ys[chosen], color=SEGMENT_COLOURS[segment], edgecolor="black",
                           zorder=3, label=f"{segment if lang == 'en' else LOYALTY_SEGMENTS_ZH[segment]} "
                                           f"({int(chosen.sum())})")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, title=TEXT("customers", lang))
    ax.axvline(repeat_cut, color="black", linewidth=1)
    ax.axhline(attitude_cut, color="black", linewidth=1)
    corners = {"loyalty": (1, 1), "latent loyalty": (0, 1), "spurious loyalty": (1, 0), "no loyalty": (0, 0)}
    for segment, (right, upper) in corners.items():
        x = (repeat_cut + x_range[1]) / 2 if right else (x_range[0] + repeat_cut) / 2
        y = (attitude_cut + y_range[1]) / 2 if upper else (y_range[0] + attitude_cut) / 2
        name = f"{segment}\n{LOYALTY_SEGMENTS_ZH[segment]}" if lang == "en" else LOYALTY_SEGMENTS_ZH[segment]
        ax.text(x, y, name, ha="center", va="center", fontsize=12,
                weight="bold", color=SEGMENT_COLOURS[segment], alpha=0.8, gid=segment)
    ax.set_xlim(*x_range)
    ax.set_ylim(*y_range)
    ax.set_xlabel(TEXT("repeat_axis", lang))
    ax.set_ylabel(TEXT("attitude_axis", lang))
    ax.set_title(TEXT("matrix_title", lang))
    return ax


def _padded(values: np.ndarray) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    pad = 0.08 * (high - low) if high > low else 1.0
    return low - pad, high + pad


def satisfaction_loyalty_schematic(satisfaction: Any, competition: str) -> np.ndarray:
    """Schematic loyalty (0–100 %) at satisfaction 1–5 in a ``"high"`` or ``"low"`` competition market.

    A drawing aid, not a model estimated from data: high competition is convex
    (loyalty stays low until customers are completely satisfied), low
    competition is concave (customers stay even when dissatisfied), after the
    figure in Jones & Sasser (1995).
    """
    _checks.choice("competition", competition, ("high", "low"))
    s = np.atleast_1d(_checks.numbers("satisfaction", satisfaction, low=1, high=5))
    u = (s - 1) / 4
    return 100 * (u ** 3 if competition == "high" else 1 - (1 - u) ** 3 * 0.75)


def plot_satisfaction_loyalty(ax: Axes | None = None, lang: str = "en") -> Axes:
    """Satisfaction (1–5) against loyalty in high- vs low-competition markets (schematic, Jones & Sasser 1995)."""
    _lang.check(lang)
    use_course_style()
    ax = axes(ax)
    s = np.linspace(1, 5, 101)
    ax.plot(s, satisfaction_loyalty_schematic(s, "high"), color="#c62828", linewidth=2.5,
            label=TEXT("high_competition", lang))
    ax.plot(s, satisfaction_loyalty_schematic(s, "low"), color="#1565c0", linewidth=2.5,
            label=TEXT("low_competition", lang))
    ax.axvspan(4.5, 5, color="#fff3c4", zorder=0)
    ax.text(4.75, 50, TEXT("completely_satisfied", lang), ha="center", va="center", fontsize=9)
    ax.set_xlim(1, 5)
    ax.set_ylim(0, 105)
    ax.set_xticks([1, 2, 3, 4, 5], TEXT("ticks", lang).split("|"))
    ax.set_xlabel(TEXT("satisfaction_axis", lang))
    ax.set_ylabel(TEXT("loyalty_axis", lang))
    ax.legend(loc="upper left", fontsize=9)
    ax.set_title(TEXT("schematic_title", lang))
    return ax


def plot_profit_over_years(components: pd.DataFrame | None = None, ax: Axes | None = None,
                           lang: str = "en") -> Axes:
    """Profit per customer in each year, stacked by source; the line is the yearly total.

    ``components``: rows = years, columns = sources of profit (negative values,
    such as the acquisition cost, are drawn below zero). The default,
    :data:`ILLUSTRATIVE_PROFIT`, is illustrative (the shape of Reichheld &
    Sasser's 1990 chart, not their data).
    """
    _lang.check(lang)
    illustrative = components is None
    frame = _checks.numeric_frame("components", ILLUSTRATIVE_PROFIT if illustrative else components)
    if frame.isna().any().any():
        raise ValueError("components has missing values: give every source's profit in every year (0 if none)")
    use_course_style()
    ax = axes(ax)
    years = np.arange(len(frame))
    above = np.zeros(len(frame))
    below = np.zeros(len(frame))
    palette = iter(["#78909c", "#26a69a", "#8d6e63", "#5c6bc0", "#d4e157", "#ec407a"])
    for column in frame.columns:
        values = frame[column].to_numpy()
        base = np.where(values >= 0, above, below)
        name = TEXT(f"source:{column}", lang) if f"source:{column}" in TEXT else str(column)
        ax.bar(years, values, bottom=base, label=name,
               color=PROFIT_COLOURS.get(column) or next(palette, None), edgecolor="white", width=0.7)
        above = above + np.clip(values, 0, None)
        below = below + np.clip(values, None, 0)
    ax.plot(years, frame.sum(axis=1).to_numpy(), color="black", marker="o", label=TEXT("total_profit", lang))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(years, [str(label) for label in frame.index])
    ax.set_xlabel(TEXT("year_axis", lang))
    ax.set_ylabel(TEXT("profit_axis", lang))
    ax.legend(loc="upper left", fontsize=9, ncol=2)
    ax.set_title(TEXT("illustrative_title" if illustrative else "profit_title", lang))
    return ax
