"""Figures for models estimated on the real survey data (S8, T5).

- :func:`plot_indices` draws 0–100 construct indices (ACSI style,
  :func:`crmlab.satisfaction.satisfaction_index`) side by side for several
  weightings.
- :func:`plot_path_estimates` draws estimated path coefficients with their
  bootstrap intervals, optionally beside reference values (a published or
  another program's estimate), so a reader sees at once which paths are clearly
  non-zero and where two estimates disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from crmlab import _checks, _lang
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes

TEXT = _lang.Messages(
    index_axis={"en": "index (0 = every answer at the bottom of the scale, 100 = all at the top)",
                "zh": "指数（0 = 所有回答都在量表最低端，100 = 都在最高端）"},
    indices_title={"en": "Construct indices on the 0–100 scale", "zh": "各变量的指数（0–100）"},
    estimate={"en": "estimate, 95 % interval", "zh": "估计值，95% 区间"},
    path_axis={"en": "standardised path coefficient", "zh": "标准化路径系数"},
    paths_title={"en": "Estimated paths", "zh": "路径估计"},
)
"""The figures' phrases in English and Chinese."""


def plot_indices(indices: pd.DataFrame, *, title: str | None = None, ax: Axes | None = None,
                 lang: str = "en") -> Axes:
    """Horizontal bars of 0–100 indices: one row per construct, one bar per column (weighting).

    >>> table = pd.DataFrame({"equal weights": [70.0, 75.0]}, index=["Image", "Satisfaction"])
    >>> ax = plot_indices(table)
    >>> len(ax.patches)
    2
    """
    _lang.check(lang)
    frame = _checks.numeric_frame("indices", indices)
    if ((frame < 0) | (frame > 100)).to_numpy().any():
        raise ValueError("indices must lie on the 0–100 index scale")
    use_course_style()
    ax = axes(ax)
    rows = np.arange(len(frame))
    height = 0.8 / frame.shape[1]
    for position, column in enumerate(frame.columns):
        offset = (position - (frame.shape[1] - 1) / 2) * height
        bars = ax.barh(rows + offset, frame[column], height=height, label=str(column))
        ax.bar_label(bars, fmt="%.1f", padding=2, fontsize=8)
    ax.set_yticks(rows, [str(label) for label in frame.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 105)
    ax.set_xlabel(TEXT("index_axis", lang))
    if frame.shape[1] > 1:
        ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or TEXT("indices_title", lang))
    return ax


def plot_path_estimates(estimates: pd.DataFrame, *, reference: pd.Series | None = None,
                        reference_label: str = "reference", title: str | None = None,
                        ax: Axes | None = None, lang: str = "en") -> Axes:
    """Path coefficients as dots with interval bars (columns ``estimate``, ``low``, ``high``; index = path).

    ``reference`` (same index, may miss paths) adds a second marker per path.
    A dashed line marks zero: an interval that crosses it is not clearly
    different from no effect.

    >>> paths = pd.DataFrame({"estimate": [0.5, 0.05], "low": [0.4, -0.1], "high": [0.6, 0.2]},
    ...                      index=["A -> B", "B -> C"])
    >>> ax = plot_path_estimates(paths, reference=pd.Series({"A -> B": 0.48}))
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['A -> B', 'B -> C']
    """
    _lang.check(lang)
    if not isinstance(estimates, pd.DataFrame) or not {"estimate", "low", "high"} <= set(estimates.columns):
        raise TypeError("estimates must be a DataFrame with columns 'estimate', 'low' and 'high' (index = path)")
    frame = _checks.numeric_frame("estimates", estimates[["estimate", "low", "high"]])
    if (frame["low"] > frame["estimate"]).any() or (frame["high"] < frame["estimate"]).any():
        raise ValueError("each interval must contain its estimate (low ≤ estimate ≤ high)")
    use_course_style()
    ax = axes(ax)
    rows = np.arange(len(frame))
    ax.errorbar(frame["estimate"], rows, xerr=[frame["estimate"] - frame["low"], frame["high"] - frame["estimate"]],
                fmt="o", color="#1565c0", ecolor="#90caf9", elinewidth=4, capsize=0, label=TEXT("estimate", lang))
    if reference is not None:
        known = _checks.numbers("reference", pd.Series(reference).astype(float)).reindex(frame.index)
        ax.scatter(known, rows, marker="D", color="#e65100", zorder=3, label=reference_label)
    ax.axvline(0, color="#555", linestyle="--", linewidth=1)
    ax.set_yticks(rows, [str(label) for label in frame.index])
    ax.invert_yaxis()
    ax.set_xlabel(TEXT("path_axis", lang))
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(title or TEXT("paths_title", lang))
    return ax
