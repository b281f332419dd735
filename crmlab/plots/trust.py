"""Figures for customer trust (顾客信任, the student slides 《顾客信任》): its three levels and three strengths.

- :func:`plot_trust_levels` draws the ladder cognitive → affective → behavioural
  trust (T4), shading the levels a customer has reached (:func:`crmlab.trust.trust_level`).
- :func:`plot_trust_strengths` maps recognition × dependence to weak,
  semi-weak/semi-strong and strong trust (T3) with :func:`crmlab.trust.trust_strength`.
- :func:`plot_breach_response` shows what share of a customer base stays after
  a breach of trust of each severity (:func:`crmlab.trust.share_retained`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from crmlab import _checks, _lang
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes
from crmlab.trust import (
    TRUST_LEVELS,
    TRUST_LEVELS_ZH,
    TRUST_STRENGTH_NAMES,
    TRUST_STRENGTHS,
    TRUST_STRENGTHS_ZH,
    share_retained,
    stays_after_breach,
    trust_strength,
)

STRENGTH_COLOURS = {"weak": "#d9534f", "semi-strong": "#f0ad4e", "strong": "#5cb85c"}
LEVEL_BASIS = {
    "cognitive": {"en": "the offer fits my needs", "zh": "产品符合我的需要"},
    "affective": {"en": "lasting satisfaction, preference", "zh": "持续满意，形成偏好"},
    "behavioural": {"en": "indispensable: long relationship, repeat purchase", "zh": "不可或缺：长期关系，重复购买"},
}
"""What each level of trust rests on (the slides 《顾客信任》)."""

TEXT = _lang.Messages(
    **{f"basis_{level}": texts for level, texts in LEVEL_BASIS.items()},
    none_reached={"en": "none reached yet", "zh": "尚未达到任何层次"},
    reached={"en": "reached: {level}", "zh": "已达到：{level}"},
    levels_title={"en": "Three levels of customer trust (顾客信任的三个层次), {shown}",
                  "zh": "顾客信任的三个层次（{shown}）"},
    customers={"en": "customers", "zh": "顾客"},
    recognition={"en": "recognition of the firm's reliability (认同度), 0–1", "zh": "对企业可靠性的认同度（0–1）"},
    dependence={"en": "dependence on the firm (依赖性), 0–1", "zh": "对企业的依赖性（0–1）"},
    strengths_title={"en": "Three strengths of trust (顾客信任的三种强度)", "zh": "顾客信任的三种强度"},
    strength_share={"en": "{name} ({zh}), {share:.0%} of customers", "zh": "{zh}，占顾客 {share:.0%}"},
    share_stay={"en": "share who stay", "zh": "留下的顾客比例"},
    ceiling={"en": "tolerance ceiling (容忍上限) = {ceiling:g}", "zh": "容忍上限 = {ceiling:g}"},
    severity={"en": "severity of the breach of trust (失信), 0 = none, 1 = worst",
              "zh": "失信的严重程度（0 = 无，1 = 最严重）"},
    stay_axis={"en": "share of customers who stay", "zh": "留下的顾客比例"},
    breach_title={"en": "Who stays after a breach of trust", "zh": "失信之后谁会留下"},
    reinforce={"en": "reinforce\neach other", "zh": "相互\n强化"},
    model_title={"en": "Relationship marketing built on customer trust (after Zhu 2010, figure 1)",
                 "zh": "基于顾客信任的关系营销（据 Zhu 2010 图 1）"},
    box_capability={"en": "firm's capability\nproducts, service\n企业能力", "zh": "企业能力\n产品、服务"},
    box_reliability={"en": "reliability trust\n可靠性信任\n(rational 理性)", "zh": "可靠性信任\n（理性）"},
    box_honesty={"en": "honesty trust\n诚实性信任\n(emotional 感性)", "zh": "诚实性信任\n（感性）"},
    box_relationship={"en": "long-term, stable\ncustomer relationship\n长期稳定的顾客关系",
                      "zh": "长期稳定的\n顾客关系"},
    box_equity={"en": "customer equity\n顾客资产", "zh": "顾客资产"},
)
"""The figures' phrases in English and Chinese (level and strength names come from :mod:`crmlab.trust`)."""


def _strength_name(strength: str, lang: str) -> str:
    return TRUST_STRENGTH_NAMES[strength] if lang == "en" else TRUST_STRENGTHS_ZH[strength]


def plot_trust_levels(reached: str | None = None, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Draw the three levels of trust as a staircase; shade the levels up to ``reached``.

    ``reached`` is a level name from :data:`crmlab.trust.TRUST_LEVELS` (what
    :func:`crmlab.trust.trust_level` returns) or None (no level reached yet).
    """
    _lang.check(lang)
    if reached is not None:
        _checks.choice("reached", reached, TRUST_LEVELS)
    use_course_style()
    ax = axes(ax)
    top = -1 if reached is None else TRUST_LEVELS.index(reached)
    for step, level in enumerate(TRUST_LEVELS):
        colour = "#5b8fc7" if step <= top else "#e3e8ee"
        ax.bar(step, step + 1, width=0.96, color=colour, edgecolor="#2f4b6e").patches[0].set_gid(level)
        name = f"{level}\n{TRUST_LEVELS_ZH[level]}" if lang == "en" else TRUST_LEVELS_ZH[level]
        ax.text(step, step + 1 - 0.12, name, ha="center", va="top",
                fontsize=11, weight="bold", color="white" if step <= top else "#2f4b6e")
        basis = TEXT(f"basis_{level}", lang)
        ax.text(step, 0.12, basis.replace(": ", ":\n").replace(", ", ",\n").replace("：", "：\n").replace("，", "，\n"),
                ha="center", va="bottom", fontsize=9, color="white" if step <= top else "#2f4b6e")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlim(-0.6, len(TRUST_LEVELS) - 0.4)
    ax.set_ylim(0, len(TRUST_LEVELS) + 0.2)
    ax.spines[["left", "bottom"]].set_visible(False)
    shown = (TEXT("none_reached", lang) if reached is None else
             TEXT("reached", lang, level=reached if lang == "en" else TRUST_LEVELS_ZH[reached]))
    ax.set_title(TEXT("levels_title", lang, shown=shown))
    return ax


def plot_trust_strengths(recognition: Any = None, dependence: Any = None, *, low: float = 1 / 3,
                         high: float = 2 / 3, resolution: int = 101, ax: Axes | None = None,
                         lang: str = "en") -> Axes:
    """Map recognition × dependence (0–1) to the three strengths of trust, optionally with customers.

    The background is :func:`crmlab.trust.trust_strength` evaluated on a
    ``resolution`` × ``resolution`` grid (image values 0 = weak, 1 =
    semi-strong, 2 = strong); ``recognition`` and ``dependence`` (equal-length
    sequences on 0–1) add one dot per customer.
    """
    _lang.check(lang)
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"resolution must be a whole number ≥ 2, got {resolution!r}")
    if (recognition is None) != (dependence is None):
        raise ValueError("give both recognition and dependence, or neither")
    points = None
    if recognition is not None:
        recognition = np.atleast_1d(_checks.numbers("recognition", recognition, low=0, high=1))
        dependence = np.atleast_1d(_checks.numbers("dependence", dependence, low=0, high=1))
        if len(recognition) != len(dependence):
            raise ValueError(f"recognition and dependence must have the same length, "
                             f"got {len(recognition)} and {len(dependence)}")
        points = list(zip(recognition, dependence))
    trust_strength(0.5, 0.5, low=low, high=high)  # validates the cut points before drawing
    use_course_style()
    ax = axes(ax)
    grid = np.linspace(0, 1, int(resolution))
    codes = np.array([[TRUST_STRENGTHS.index(trust_strength(r, d, low=low, high=high)) for r in grid]
                      for d in grid])
    cmap = ListedColormap([STRENGTH_COLOURS[s] for s in TRUST_STRENGTHS])
    ax.imshow(codes, origin="lower", extent=(0, 1, 0, 1), cmap=cmap, vmin=-0.5, vmax=2.5, alpha=0.35,
              aspect="auto", interpolation="nearest")
    anchors = {"weak": (low / 2, low / 2), "semi-strong": ((low + high) / 2, 0.75), "strong": ((high + 1) / 2, 0.5)}
    for strength, (x, y) in anchors.items():
        name = (f"{TRUST_STRENGTH_NAMES[strength]}\n{TRUST_STRENGTHS_ZH[strength]}".replace(", ", ",\n")
                if lang == "en" else TRUST_STRENGTHS_ZH[strength].replace("半强式", "\n半强式"))
        ax.text(x, y, name, ha="center", va="center", fontsize=10,
                weight="bold")
    if points:
        for strength in TRUST_STRENGTHS:
            chosen = [(r, d) for r, d in points if trust_strength(r, d, low=low, high=high) == strength]
            if chosen:
                xs, ys = zip(*chosen)
                ax.scatter(xs, ys, color=STRENGTH_COLOURS[strength], edgecolor="black", zorder=3,
                           label=f"{_strength_name(strength, lang)} ({len(chosen)})")
        ax.legend(loc="upper left", fontsize=9, title=TEXT("customers", lang))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(TEXT("recognition", lang))
    ax.set_ylabel(TEXT("dependence", lang))
    ax.set_title(TEXT("strengths_title", lang))
    return ax


def plot_breach_response(mix: Mapping[str, float], tolerance_ceiling: float = 0.5, *, resolution: int = 201,
                         ax: Axes | None = None, lang: str = "en") -> Axes:
    """Share of customers who stay after a breach of trust, by breach severity (0–1).

    Stacked areas show each strength's part (strong at the bottom); the black
    line is :func:`crmlab.trust.share_retained` at each severity.
    """
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"resolution must be a whole number ≥ 2, got {resolution!r}")
    _lang.check(lang)
    share_retained(mix, 0.0, tolerance_ceiling)  # validates mix and tolerance_ceiling before drawing
    use_course_style()
    ax = axes(ax)
    breach = np.linspace(0, 1, int(resolution))
    order = [s for s in reversed(TRUST_STRENGTHS) if s in mix]
    layers = [[mix[s] * stays_after_breach(s, b, tolerance_ceiling) for b in breach] for s in order]
    ax.stackplot(breach, layers, colors=[STRENGTH_COLOURS[s] for s in order], alpha=0.6,
                 labels=[TEXT("strength_share", lang, name=TRUST_STRENGTH_NAMES[s], zh=TRUST_STRENGTHS_ZH[s],
                              share=mix[s]) for s in order])
    total = [share_retained(mix, b, tolerance_ceiling) for b in breach]
    ax.plot(breach, total, color="black", linewidth=2, label=TEXT("share_stay", lang))
    ax.axvline(tolerance_ceiling, color="grey", linestyle="--", linewidth=1)
    ax.annotate(TEXT("ceiling", lang, ceiling=tolerance_ceiling), (tolerance_ceiling, 1.02),
                ha="left", va="bottom", fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.1)
    ax.set_xlabel(TEXT("severity", lang))
    ax.set_ylabel(TEXT("stay_axis", lang))
    ax.legend(loc="center right", fontsize=9)
    ax.set_title(TEXT("breach_title", lang))
    return ax


TRUST_MODEL_BOXES = {"capability": (0.12, 0.5), "reliability": (0.38, 0.75), "honesty": (0.38, 0.25),
                     "relationship": (0.64, 0.5), "equity": (0.88, 0.5)}
"""Where each box of the diagram sits (its text is ``TEXT("box_<key>")``)."""
TRUST_MODEL_ARROWS = (("capability", "reliability"), ("capability", "honesty"), ("reliability", "honesty"),
                      ("honesty", "reliability"), ("reliability", "relationship"), ("honesty", "relationship"),
                      ("relationship", "equity"))


def plot_trust_model(ax: Axes | None = None, lang: str = "en") -> Axes:
    """Zhu (2010)'s relationship-marketing model based on customer trust, redrawn as a diagram (T6).

    The firm's capability builds rational reliability trust; care and respect
    in repeated dealings build emotional honesty trust; each reinforces the
    other and together they sustain a long-term relationship, the basis of
    customer equity. Each box carries its key from :data:`TRUST_MODEL_BOXES` as gid.
    """
    _lang.check(lang)
    use_course_style()
    ax = axes(ax)
    boxes = {key: ax.text(x, y, TEXT(f"box_{key}", lang), ha="center", va="center", fontsize=10, gid=key,
                          bbox={"boxstyle": "round,pad=0.5", "facecolor": "#e8f0fa", "edgecolor": "#2f4b6e"})
             for key, (x, y) in TRUST_MODEL_BOXES.items()}
    for start, end in TRUST_MODEL_ARROWS:
        if TRUST_MODEL_BOXES[start][0] == TRUST_MODEL_BOXES[end][0]:  # vertical pair: two arrows side by side
            down = TRUST_MODEL_BOXES[end][1] < TRUST_MODEL_BOXES[start][1]
            x = 0.35 if down else 0.65
            tail, head = ((x, -0.1), (x, 1.1)) if down else ((x, 1.1), (x, -0.1))
        else:
            tail, head = (1.0, 0.5), (0.0, 0.5)
        ax.annotate("", xy=head, xycoords=boxes[end], xytext=tail, textcoords=boxes[start],
                    arrowprops={"arrowstyle": "-|>", "color": "#2f4b6e", "shrinkA": 2, "shrinkB": 2})
    ax.text(0.40, 0.5, TEXT("reinforce", lang), ha="left", va="center", fontsize=8, style="italic")
    ax.set_xlim(0, 1)
    ax.set_ylim(0.1, 0.9)
    ax.axis("off")
    ax.set_title(TEXT("model_title", lang))
    return ax
