"""Figures for transaction logs (L2, L11, R1), drawn from :mod:`crmlab.transactions`.

- :func:`plot_cohort_retention` draws one retention curve per entry cohort
  (:func:`crmlab.transactions.cohort_retention`).
- :func:`plot_rfm_grid` draws the recency × frequency grid of an RFM
  segmentation (:func:`crmlab.transactions.rfm_scores`): how many customers sit
  in each cell, coloured by their average spend.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab import _checks, _lang
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes

TEXT = _lang.Messages(
    periods_axis={"en": "periods since the cohort's first purchase", "zh": "距该群组首次购买的期数"},
    share_axis={"en": "share of the cohort buying in the period", "zh": "当期购买的群组成员比例"},
    cohort={"en": "cohort", "zh": "群组"},
    cohort_title={"en": "Cohort retention curves", "zh": "群组保持曲线"},
    f_axis={"en": "F score (frequency: 1 = fewest purchase days)", "zh": "F 得分（购买频率：1 = 购买天数最少）"},
    r_axis={"en": "R score (recency: 1 = longest ago)", "zh": "R 得分（最近购买：1 = 距今最久）"},
    spend={"en": "mean monetary value of the cell", "zh": "该格的平均消费金额"},
    rfm_title={"en": "RFM grid: customers per cell, coloured by mean spend",
               "zh": "RFM 网格：每格顾客数，颜色表示平均消费"},
)
"""The figures' phrases in English and Chinese."""


def plot_cohort_retention(table: pd.DataFrame, *, skip_first: bool = True, title: str | None = None,
                          ax: Axes | None = None, lang: str = "en") -> Axes:
    """One line per cohort: the share of the cohort buying in each period after entry.

    ``table`` is :func:`crmlab.transactions.cohort_retention` (shares). Period 0
    is 100 % by definition and squeezes the rest of the curve, so
    ``skip_first`` leaves it out.

    >>> table = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.4], 2: [0.3, None]}, index=["2024-01", "2024-02"])
    >>> ax = plot_cohort_retention(table)
    >>> len(ax.get_lines())
    2
    """
    _lang.check(lang)
    if not isinstance(table, pd.DataFrame) or table.empty:
        raise TypeError("table must be a non-empty DataFrame of retention shares (cohorts × periods), "
                        "as cohort_retention returns")
    shares = _checks.numeric_frame("table", table.astype("float64"))
    if ((shares < 0) | (shares > 1)).to_numpy().any():
        raise ValueError("table must hold shares between 0 and 1 (use cohort_retention without counts=True)")
    use_course_style()
    ax = axes(ax)
    shown = shares.iloc[:, 1:] if skip_first and shares.shape[1] > 1 else shares
    for cohort, row in shown.iterrows():
        ax.plot([int(column) for column in shown.columns], row.to_numpy(), marker="o", markersize=3,
                label=str(cohort))
    ax.set_xlabel(TEXT("periods_axis", lang))
    ax.set_ylabel(TEXT("share_axis", lang))
    ax.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.set_ylim(bottom=0)
    ax.legend(title=TEXT("cohort", lang), fontsize=8)
    ax.set_title(title or TEXT("cohort_title", lang))
    return ax


def plot_rfm_grid(scores: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None,
                  lang: str = "en") -> Axes:
    """Recency × frequency grid: customers per cell (number) and mean monetary value (colour).

    >>> scores = pd.DataFrame({"R": [1, 1, 2], "F": [1, 2, 2], "monetary": [10.0, 30.0, 50.0]})
    >>> ax = plot_rfm_grid(scores)
    >>> sorted(text.get_text() for text in ax.texts)
    ['1', '1', '1']
    """
    _lang.check(lang)
    if not isinstance(scores, pd.DataFrame) or not {"R", "F", "monetary"} <= set(scores.columns):
        raise TypeError("scores must be a DataFrame with columns 'R', 'F' and 'monetary' (as rfm_scores returns)")
    checked = _checks.numeric_frame("scores", scores[["R", "F", "monetary"]])
    grouped = checked.groupby(["R", "F"])["monetary"].agg(["size", "mean"])
    r_values = np.arange(1, int(checked["R"].max()) + 1)
    f_values = np.arange(1, int(checked["F"].max()) + 1)
    counts = grouped["size"].unstack("F").reindex(index=r_values, columns=f_values)
    spend = grouped["mean"].unstack("F").reindex(index=r_values, columns=f_values)
    use_course_style()
    ax = axes(ax)
    image = ax.imshow(spend.to_numpy(dtype=float), origin="lower", cmap="YlGnBu", aspect="auto")
    shade = image.norm(spend.to_numpy(dtype=float))
    for (row, column), count in np.ndenumerate(counts.to_numpy(dtype=float)):
        if not np.isnan(count):
            # dark cells get white numbers so every count stays readable
            ax.text(column, row, f"{count:,.0f}", ha="center", va="center", fontsize=8,
                    color="white" if shade[row, column] > 0.6 else "black")
    ax.set_xticks(range(len(f_values)), [str(v) for v in f_values])
    ax.set_yticks(range(len(r_values)), [str(v) for v in r_values])
    ax.set_xlabel(TEXT("f_axis", lang))
    ax.set_ylabel(TEXT("r_axis", lang))
    ax.figure.colorbar(image, ax=ax, label=TEXT("spend", lang))
    ax.set_title(title or TEXT("rfm_title", lang))
    return ax
