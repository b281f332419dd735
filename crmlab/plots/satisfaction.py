"""Figures for customer satisfaction (顾客满意, the loyalty and satisfaction lectures).

- :func:`ipa_chart` draws the importance–performance (IPA) four-quadrant matrix
  (S7), placing each attribute where :func:`crmlab.satisfaction.ipa_quadrant` puts it.
- :func:`q_model_chart` draws the Q1/Q0 decision model (S4) as a map of
  expectation × perceived effect, each region coloured by
  :func:`crmlab.satisfaction.q_model`.
- :func:`retention_chart` draws the course material's satisfaction-score → retention table (S9)
  from :func:`crmlab.satisfaction.retention_band`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.patches import FancyArrowPatch

from crmlab import _checks, _lang
from crmlab._lang import term
from crmlab.plots import use_course_style
from crmlab.plots._axes import axes
from crmlab.satisfaction import (
    IPA_QUADRANTS,
    Q_OUTCOMES,
    RETENTION_BANDS,
    ipa_quadrant,
    q_model,
    retention_band,
    satisfaction_gap,
    servqual_score,
)

QUADRANT_COLOURS = {
    "urgent improvement": "#d9534f",
    "secondary improvement": "#9aa5b1",
    "competitive advantage": "#5cb85c",
    "icing on the cake": "#f0ad4e",
}
OUTCOME_COLOURS = {"highly satisfied": "#8fd19e", "satisfied": "#f7e3a1", "dissatisfied": "#f1a9a0"}
TEXT = _lang.Messages(
    **{f"outcome:{outcome}": texts for outcome, texts in {
        "highly satisfied": {"en": "高度满意 highly satisfied\n(优异服务质量 excellent quality)",
                             "zh": "高度满意\n（优异服务质量）"},
        "satisfied": {"en": "一般满意 moderately satisfied\n(优良 good / 可接受 acceptable)",
                      "zh": "一般满意\n（优良／可接受的服务质量）"},
        "dissatisfied": {"en": "不满意 dissatisfied\n(难以接受 unacceptable quality)",
                         "zh": "不满意\n（难以接受的服务质量）"},
    }.items()},  # the Q1/Q0 chart's regions: outcome and service-quality grade (loyalty lecture, fig. 6.4)
    performance={"en": "Performance / satisfaction (满意度评价)", "zh": "满意度评价（绩效）"},
    importance={"en": "Importance (重要性评价)", "zh": "重要性评价"},
    ipa_title={"en": "Importance–performance matrix (满意度重要性矩阵)", "zh": "满意度重要性矩阵（重要性—绩效分析）"},
    expectation_q0={"en": "Expectation Q0 (期望值)", "zh": "期望值 Q0"},
    perceived_q1={"en": "Perceived effect Q1 (可感知效果)", "zh": "可感知效果 Q1"},
    q_title={"en": "The Q1/Q0 decision model (客户满意的决定模型), tolerance ±{tolerance:g}",
             "zh": "客户满意的决定模型（Q1/Q0），容忍幅度 ±{tolerance:g}"},
    scores={"en": "1 very\ndissatisfied|2 dissatisfied|3 neutral|4 satisfied|5 very\nsatisfied",
            "zh": "1 很不满意|2 不满意|3 一般|4 满意|5 很满意"},
    score_axis={"en": "Satisfaction score on a 5-point scale (满意度计分)", "zh": "满意度计分（5 分制）"},
    still_customer={"en": "Still a customer one year later", "zh": "一年后仍是顾客的比例"},
    retention_title={"en": "Satisfaction score and retention, as the course material reports it",
                     "zh": "满意度计分与顾客保持（课程资料所载）"},
    expectation_e={"en": "expectation E (期望)", "zh": "期望 E"},
    perception_p={"en": "perception P (感知)", "zh": "感知 P"},
    mean_rating={"en": "Mean rating", "zh": "平均评分"},
    servqual_title={"en": "SERVQUAL gaps P − E; mean weighted SQ = {sq:.2f}",
                    "zh": "服务质量量表差距 P − E；加权 SQ 均值 = {sq:.2f}"},
    node_image={"en": "Image\n企业形象", "zh": "企业形象"},
    node_expectations={"en": "Customer expectations\n顾客期望", "zh": "顾客期望"},
    node_quality={"en": "Perceived quality\n感知质量", "zh": "感知质量"},
    node_value={"en": "Perceived value\n感知价值", "zh": "感知价值"},
    node_satisfaction={"en": "Satisfaction\n顾客满意度", "zh": "顾客满意度"},
    node_complaints={"en": "Complaints\n顾客抱怨", "zh": "顾客抱怨"},
    node_loyalty={"en": "Loyalty\n顾客忠诚", "zh": "顾客忠诚"},
    node_scsb_value={"en": "Perceived performance\n(value) 客户感知", "zh": "客户感知\n（感知价值）"},
    title_SCSB={"en": "Swedish SCSB (1989): five constructs", "zh": "瑞典顾客满意度晴雨表 SCSB（1989）：五个变量"},
    title_ACSI={"en": "American ACSI (1994): quality split from value",
                "zh": "美国顾客满意度指数 ACSI（1994）：质量与价值分开"},
    title_ECSI={"en": "European ECSI: image added", "zh": "欧洲顾客满意度指数 ECSI：加入企业形象"},
)
"""The figures' phrases in English and Chinese (quadrant and outcome names come from :mod:`crmlab.satisfaction`)."""


def ipa_chart(importance: Any, performance: Any, importance_cut: float | None = None,
              performance_cut: float | None = None, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Importance–performance matrix: performance across, importance up, cuts as cross-hairs.

    Takes the same inputs as :func:`crmlab.satisfaction.ipa_quadrant` (a Series
    or sequence of importance and of performance per attribute; cuts default to
    the means) and validates them the same way. Each attribute is a labelled
    point coloured by its quadrant (one scatter per quadrant, its legend label
    the quadrant); each quadrant carries its satisfaction-lecture Chinese name, the
    English name and Martilla & James's (1977) label.

    >>> import pandas as pd
    >>> ax = ipa_chart(pd.Series({"price": 9, "speed": 8, "decor": 3}), pd.Series({"price": 4, "speed": 9, "decor": 8}))
    >>> sorted(collection.get_label() for collection in ax.collections)
    ['competitive advantage', 'icing on the cake', 'urgent improvement']
    """
    _lang.check(lang)
    quadrants = ipa_quadrant(importance, performance, importance_cut, performance_cut)
    importance = _as_indexed(importance, quadrants.index)
    performance = _as_indexed(performance, quadrants.index)
    i_cut = importance.mean() if importance_cut is None else float(importance_cut)
    p_cut = performance.mean() if performance_cut is None else float(performance_cut)
    use_course_style()
    ax = axes(ax)
    x_low, x_high = _padded(np.append(performance.to_numpy(), p_cut))
    y_low, y_high = _padded(np.append(importance.to_numpy(), i_cut))
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.axvline(p_cut, color="#555", lw=1, ls="--")
    ax.axhline(i_cut, color="#555", lw=1, ls="--")
    corners = {  # quadrant -> (x, y, ha, va) of its label in axes fractions: the corner away from the cross-hairs
        "urgent improvement": (0.02, 0.98, "left", "top"),
        "competitive advantage": (0.98, 0.98, "right", "top"),
        "secondary improvement": (0.02, 0.02, "left", "bottom"),
        "icing on the cake": (0.98, 0.02, "right", "bottom"),
    }
    for quadrant, (x, y, ha, va) in corners.items():
        chinese, martilla_james = IPA_QUADRANTS[quadrant]
        text = f"{chinese}\n{quadrant}\n“{martilla_james}”" if lang == "en" else chinese
        ax.text(x, y, text, ha=ha, va=va, fontsize=9, transform=ax.transAxes,
                color=QUADRANT_COLOURS[quadrant], weight="bold", gid=f"quadrant-label:{quadrant}",
                bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.8})
    for quadrant in IPA_QUADRANTS:
        members = quadrants.index[quadrants == quadrant]
        if len(members):
            ax.scatter(performance[members], importance[members], s=60, color=QUADRANT_COLOURS[quadrant],
                       edgecolor="black", zorder=3, label=quadrant if lang == "en" else term(quadrant, lang))
    # Labels go up-right of their point; a point close to an already labelled one gets its label down-right.
    placed: list[tuple[float, float]] = []
    for attribute in quadrants.index:
        x = (performance[attribute] - x_low) / (x_high - x_low)
        y = (importance[attribute] - y_low) / (y_high - y_low)
        crowded = any(abs(x - px) < 0.15 and abs(y - py) < 0.06 for px, py in placed)
        placed.append((x, y))
        ax.annotate(str(attribute), (performance[attribute], importance[attribute]),
                    xytext=(6, -11) if crowded else (6, 4), textcoords="offset points", fontsize=9, zorder=4)
    ax.set_xlabel(TEXT("performance", lang))
    ax.set_ylabel(TEXT("importance", lang))
    ax.set_title(TEXT("ipa_title", lang))
    return ax


def _as_indexed(values: Any, index: pd.Index) -> pd.Series:
    """Values as a float Series on ``index`` (ipa_quadrant has already validated them)."""
    if isinstance(values, pd.Series):
        return values.astype(float)
    return pd.Series(np.asarray(values, dtype=float), index=index)


def _padded(values: np.ndarray, share: float = 0.25) -> tuple[float, float]:
    low, high = float(np.min(values)), float(np.max(values))
    pad = (high - low) * share or 1.0
    return low - pad, high + pad


def q_model_chart(ax: Axes | None = None, *, tolerance: float = 0.5, scale: tuple[float, float] = (0, 10),
                  customers: Mapping[str, tuple[float, float]] | None = None, lang: str = "en") -> Axes:
    """The Q1/Q0 decision model (S4) as a map: expectation Q0 across, perceived effect Q1 up.

    Every point of the plane is coloured by :func:`crmlab.satisfaction.q_model`
    with the given ``tolerance`` (the band around Q1 = Q0 that counts as
    "satisfied"). ``customers`` maps a name to ``(perceived, expected)`` and is
    drawn as labelled points with the outcome ``q_model`` gives them.

    >>> ax = q_model_chart(customers={"summer rider": (6, 3)})
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "customer"]
    ['summer rider: highly satisfied']
    """
    _lang.check(lang)
    tolerance = _checks.number("tolerance", tolerance, low=0)
    if not isinstance(scale, tuple) or len(scale) != 2:
        raise TypeError(f"scale must be a (low, high) tuple, got {scale!r}")
    low, high = _checks.number("scale[0]", scale[0]), _checks.number("scale[1]", scale[1])
    if high <= low:
        raise ValueError(f"scale must have low < high, got {scale!r}")
    customers = dict(customers or {})
    for name, pair in customers.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"customers[{name!r}] must be a (perceived, expected) tuple, got {pair!r}")
        for label, value in zip(("perceived", "expected"), pair):
            _checks.number(f"customers[{name!r}] {label}", value, low=low, high=high)
    use_course_style()
    ax = axes(ax)
    grid = np.linspace(low, high, 301)
    codes = np.array([[Q_OUTCOMES.index(q_model(q1, q0, tolerance)) for q0 in grid] for q1 in grid])
    ax.imshow(codes, origin="lower", extent=(low, high, low, high), aspect="auto", interpolation="nearest",
              cmap=ListedColormap([OUTCOME_COLOURS[o] for o in Q_OUTCOMES]), vmin=-0.5, vmax=len(Q_OUTCOMES) - 0.5)
    ax.plot([low, high], [low, high], color="#555", lw=1, ls="--")
    span = high - low
    label_at = {"highly satisfied": (low + 0.04 * span, high - 0.04 * span, "left", "top"),
                "satisfied": (low + 0.2 * span, low + 0.2 * span, "center", "center"),
                "dissatisfied": (high - 0.04 * span, low + 0.04 * span, "right", "bottom")}
    for outcome, (x, y, ha, va) in label_at.items():
        ax.text(x, y, TEXT(f"outcome:{outcome}", lang), ha=ha, va=va, fontsize=9, gid=f"region:{outcome}",
                rotation=0, bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.7})
    for name, (perceived, expected) in customers.items():
        outcome = q_model(perceived, expected, tolerance)
        ax.scatter([expected], [perceived], s=60, color="black", zorder=3)
        shown = outcome if lang == "en" else term(outcome, lang)
        ax.annotate(f"{name}: {shown}", (expected, perceived), textcoords="offset points", fontsize=9,
                    gid="customer", zorder=4, bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none",
                                                    "alpha": 0.7},
                    **_customer_label_place(outcome, (expected - low) / span, (perceived - low) / span))
    ax.set_xlabel(TEXT("expectation_q0", lang))
    ax.set_ylabel(TEXT("perceived_q1", lang))
    ax.set_title(TEXT("q_title", lang, tolerance=tolerance))
    return ax


def _customer_label_place(outcome: str, x: float, y: float) -> dict[str, Any]:
    """Where a customer's label goes on the Q1/Q0 map (x, y are the point's position as shares of the scale).

    Highly satisfied customers are labelled above their point and dissatisfied ones below, so that labels of
    customers on opposite sides of the diagonal point away from each other; customers in the band are
    labelled beside the point, on the side with more room.
    """
    if outcome == "satisfied":
        return {"xytext": (-8, 0) if x > 0.5 else (8, 0), "ha": "right" if x > 0.5 else "left", "va": "center"}
    above = outcome == "highly satisfied" and y < 0.9 or outcome == "dissatisfied" and y < 0.1
    ha = "right" if x > 0.8 else "left" if x < 0.2 else "center"
    return {"xytext": (0, 8) if above else (0, -8), "ha": ha, "va": "bottom" if above else "top"}


def retention_chart(highlight: int | None = None, ax: Axes | None = None, lang: str = "en") -> Axes:
    """the course material's table as ranges: share still a customer a year later, by 5-point satisfaction score (S9).

    Each score's bar rises to the low end of the range :func:`crmlab.satisfaction.retention_band`
    gives, and a hatched cap spans the range itself; ``highlight`` (a score 1–5) is drawn darker.

    >>> ax = retention_chart(highlight=4)
    >>> [float(round(p.get_height(), 2)) for p in ax.patches if p.get_hatch()]
    [0.05, 0.05, 0.05, 0.05, 0.05]
    """
    _lang.check(lang)
    if highlight is not None:
        retention_band(highlight)
    use_course_style()
    ax = axes(ax)
    for score in sorted(RETENTION_BANDS):
        low, high = retention_band(score)
        colour = "#2f6db5" if score == highlight else "#9cbbe0"
        ax.bar(score, low, width=0.6, color=colour, edgecolor="#2f4b6e")
        ax.bar(score, high - low, bottom=low, width=0.6, color="white", edgecolor="#2f4b6e", hatch="///")
        ax.text(score, high + 0.02, f"{low:.0%}–{high:.0%}", ha="center", va="bottom", fontsize=10)
    ax.set_xticks(sorted(RETENTION_BANDS), TEXT("scores", lang).split("|"))
    ax.set_ylim(0, 1.08)
    ax.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.set_xlabel(TEXT("score_axis", lang))
    ax.set_ylabel(TEXT("still_customer", lang))
    ax.set_title(TEXT("retention_title", lang))
    return ax


def servqual_gap_chart(perceptions: pd.DataFrame, expectations: pd.DataFrame, weights: Any = None,
                       ax: Axes | None = None, lang: str = "en") -> Axes:
    """Dumbbell chart of mean expectation E and perception P per attribute, with the gap P − E (S6).

    Takes the inputs of :func:`crmlab.satisfaction.servqual_score` (rows =
    customers, columns = attributes), which validates them; the gap per
    attribute is :func:`crmlab.satisfaction.satisfaction_gap` of the column
    means, and the title gives the mean weighted SQ score over customers.

    >>> p = pd.DataFrame({"reliability": [6, 4], "empathy": [5, 5]})
    >>> e = pd.DataFrame({"reliability": [7, 4], "empathy": [4, 6]})
    >>> ax = servqual_gap_chart(p, e)
    >>> [t.get_text() for t in ax.texts]
    ['−0.5', '±0']
    """
    _lang.check(lang)
    scores = servqual_score(perceptions, expectations, weights)
    p_mean = perceptions.astype(float).mean()
    e_mean = expectations[perceptions.columns].astype(float).mean()
    gaps = satisfaction_gap(p_mean, e_mean)
    use_course_style()
    ax = axes(ax)
    rows = np.arange(len(gaps))[::-1]
    for row, attribute in zip(rows, gaps.index):
        colour = "#d9534f" if gaps[attribute] < 0 else "#5cb85c"
        ax.plot([e_mean[attribute], p_mean[attribute]], [row, row], color=colour, lw=3, zorder=1)
        text = "±0" if gaps[attribute] == 0 else f"{gaps[attribute]:+.2f}".rstrip("0").rstrip(".").replace("-", "−")
        ax.text(max(e_mean[attribute], p_mean[attribute]) + 0.15, row, text, va="center", fontsize=9, color=colour)
    ax.scatter(e_mean.to_numpy(), rows, marker="o", facecolor="white", edgecolor="#333", s=60, zorder=2,
               label=TEXT("expectation_e", lang))
    ax.scatter(p_mean.to_numpy(), rows, marker="o", color="#2f6db5", s=60, zorder=3, label=TEXT("perception_p", lang))
    ax.set_yticks(rows, [str(attribute) for attribute in gaps.index])
    low, high = min(p_mean.min(), e_mean.min()), max(p_mean.max(), e_mean.max())
    ax.set_xlim(low - 0.3, high + 0.3 + 0.15 * (high - low))
    ax.set_xlabel(TEXT("mean_rating", lang))
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(TEXT("servqual_title", lang, sq=scores.mean()))
    return ax


CSI_NODES = {"image": (0.0, 2.4), "expectations": (0.0, 1.2), "quality": (1.0, 2.4), "value": (1.0, 0.0),
             "satisfaction": (2.0, 1.2), "complaints": (3.0, 0.0), "loyalty": (3.0, 2.4)}
"""Where each construct sits in the path diagram (its name is ``TEXT("node_<construct>")``)."""
CSI_MODELS = {
    "SCSB": ("expectations", "value", "satisfaction", "complaints", "loyalty"),
    "ACSI": ("expectations", "quality", "value", "satisfaction", "complaints", "loyalty"),
    "ECSI": ("image", "expectations", "quality", "value", "satisfaction", "complaints", "loyalty"),
}
"""Constructs of each index model: SCSB (Fornell 1992, five constructs, as in the loyalty lecture), ACSI (Fornell et al.
1996, perceived quality split from value), ECSI (adds image; the form estimated by Tenenhaus et al. 2005)."""
CSI_PATHS = (
    ("image", "expectations"), ("image", "satisfaction"), ("image", "loyalty"),
    ("expectations", "quality"), ("expectations", "value"), ("expectations", "satisfaction"),
    ("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction"),
    ("satisfaction", "complaints"), ("satisfaction", "loyalty"), ("complaints", "loyalty"),
)
"""Causal paths of the index models; a model draws the paths between the constructs it has."""


def csi_model_chart(model: str = "ACSI", ax: Axes | None = None, lang: str = "en") -> Axes:
    """Path diagram of a national satisfaction-index model: ``"SCSB"``, ``"ACSI"`` or ``"ECSI"`` (S8).

    In the SCSB, the single "perceived value" construct is what the loyalty lecture 《客户忠诚管理》 calls
    customer perception (客户感知), perceived performance given the price.

    >>> ax = csi_model_chart("SCSB")
    >>> len([p for p in ax.patches if p.get_gid() == "path"])
    6
    """
    _lang.check(lang)
    _checks.choice("model", model, tuple(CSI_MODELS))
    constructs = CSI_MODELS[model]
    use_course_style()
    ax = axes(ax)
    for start, end in CSI_PATHS:
        if start in constructs and end in constructs:
            bend = -0.3 if (start, end) == ("image", "loyalty") else 0.0  # arc over perceived quality
            ax.add_patch(FancyArrowPatch(CSI_NODES[start], CSI_NODES[end], arrowstyle="-|>", mutation_scale=14,
                                         connectionstyle=f"arc3,rad={bend}", shrinkA=30, shrinkB=30, color="#555",
                                         lw=1.3, gid="path"))
    for name in constructs:
        x, y = CSI_NODES[name]
        label = TEXT("node_scsb_value" if model == "SCSB" and name == "value" else f"node_{name}", lang)
        ax.text(x, y, label, ha="center", va="center", fontsize=10, gid=f"construct:{name}",
                bbox={"boxstyle": "round,pad=0.5", "fc": "#eaf1fb" if name != "satisfaction" else "#ffe9a8",
                      "ec": "#2f4b6e"})
    ax.set_xlim(-0.55, 3.55)
    ax.set_ylim(-0.5, 3.3)
    ax.set_axis_off()
    ax.set_title(TEXT(f"title_{model}", lang))
    return ax
