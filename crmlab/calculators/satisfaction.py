"""Calculators of chapter 2, satisfaction: gap, ratio and the Q1/Q0 model (S2–S4), SERVQUAL (S6),
importance–performance analysis (S7), word of mouth (S10)."""

from __future__ import annotations

import math

import pandas as pd

from crmlab import _checks, satisfaction
from crmlab._lang import table_word, term
from crmlab.calculators._chart import bars, layer, lines, points, rules
from crmlab.calculators._declare import Slider, calculator
from crmlab.calculators._text import source

BUS_STORY = {"hot summer day": 2.0, "cool autumn day": 8.0}
"""Illustrative expectations Q0 for the two bus rides of the satisfaction lecture's story (it gives no numbers)."""


@calculator(
    title={"en": "Satisfaction: gap, ratio and the Q1/Q0 verdict", "zh": "顾客满意：差值、比值与 Q1/Q0 模型的判断"},
    term="customer satisfaction (CS)",
    controls=(Slider("perceived", {"en": "Perceived effect Q1",
                                   "zh": "可感知效果 Q1"}, {"en": "points, 0–10", "zh": "分，0–10"},
                     0, 10, 0.5, 6, term="perceived performance"),
              Slider("expected", {"en": "Expectation Q0", "zh": "期望值 Q0"}, {"en": "points, 0–10", "zh": "分，0–10"},
                     0, 10, 0.5, 4, term="expectation"),
              Slider("tolerance", {"en": "Tolerance of the Q1/Q0 model", "zh": "Q1/Q0 模型的容忍幅度"},
                     {"en": "points", "zh": "分"}, 0, 2, 0.1, 0.5, term="zone of tolerance")),
    template={"en": "Q1 = {perceived:.1f} against Q0 = {expected:.1f}: gap Q1 − Q0 = {gap:.1f}{ratio, select, none {; "
             "the ratio form needs Q0 above 0} other {, ratio Q1 / Q0 = {ratio:.2f}}}.\n"
             "Verdict of the Q1/Q0 model (tolerance {tolerance:.1f}): {verdict~}.\n"
             "The bus story of " + source("satisfaction lecture") + " (illustrative expectations): the same "
             "standing ride (Q1 = {perceived:.1f}) scores {summer:.2f} on a hot summer day (Q0 = 2, you expected to "
             "miss the bus) and {autumn:.2f} on a cool autumn day (Q0 = 8, you expected a seat): the same outcome, "
             "a different expectation.",
              "zh": "Q1 = {perceived:.1f}，Q0 = {expected:.1f}：差值 Q1 − Q0 = {gap:.1f}{ratio, select, none {；"
                    "比值形式要求 Q0 大于 0} other {，比值 Q1 / Q0 = {ratio:.2f}}}。\n"
                    "Q1/Q0 模型的判断（容忍幅度 {tolerance:.1f}）：{verdict~}。\n"
                    + source("satisfaction lecture", "zh") + "中的公交车故事（示意的期望值）：同样站着乘车（Q1 = "
                    "{perceived:.1f}），在炎热的夏天（Q0 = 2，你本以为赶不上车）得分 {summer:.2f}，在凉爽的秋天（Q0 = "
                    "8，"
                    "你本以为有座位）得分 {autumn:.2f}：结果相同，期望不同。"},
    terms=satisfaction.Q_OUTCOMES,
    chart=layer(lines("curve", x="expected", y="ratio", x_title={"en": "expectation Q0 (points)", "zh": "期望值 Q0（"
                                                                                                        "分）"},
                      y_title={"en": "satisfaction ratio Q1 / Q0", "zh": "满意比值 Q1 / Q0"}, y_domain=(0, 4)),
                rules("one", y="ratio", label="label"),
                points("marks", x="expected", y="ratio", color="label", label="label",
                       domain=("you", "hot summer day", "cool autumn day"), colors=("#1565c0", "#e65100", "#6a1b9a"),
                       x_domain=(0, 10), y_domain=(0, 4),
                       labels={"you": {"zh": "你的设定"},
                               "hot summer day": {"zh": "炎热的夏天"},
                               "cool autumn day": {"zh": "凉爽的秋天"},
                               "label": {"en": "mark", "zh": "标记"}})).named({
        "expected": {"en": "expectation Q0", "zh": "期望值 Q0"}, "ratio": {"en": "Q1 / Q0", "zh": "满意比值 Q1 / Q0"}}),
    description={"en": "Line chart of the satisfaction ratio Q1/Q0 against the expectation Q0 for the chosen perceived "
                       "effect Q1, with the two bus rides marked.",
                 "zh": "在所选可感知效果 Q1 下满意比值 Q1/Q0 随期望值 Q0 变化的折线图，标出了两次公交出行。"},
)
def satisfaction_calculator(perceived, expected, tolerance):
    """Satisfaction as a gap and a ratio, and the verdict of the Q1/Q0 model (S2, S3, S4), on a 0–10 scale.

    >>> print(satisfaction_calculator().sentence().splitlines()[1])
    Verdict of the Q1/Q0 model (tolerance 0.5): highly satisfied (高度满意).
    """
    try:
        ratio = satisfaction.satisfaction_ratio(perceived, expected)
    except ValueError:
        ratio = None
    return {"gap": satisfaction.satisfaction_gap(perceived, expected), "ratio": ratio,
            "verdict": satisfaction.q_model(perceived, expected, tolerance),
            "summer": satisfaction.satisfaction_ratio(perceived, BUS_STORY["hot summer day"]),
            "autumn": satisfaction.satisfaction_ratio(perceived, BUS_STORY["cool autumn day"]),
            "curve": [{"expected": q0 / 2, "ratio": satisfaction.satisfaction_ratio(perceived, q0 / 2)}
                      for q0 in range(1, 21)],
            "one": [{"ratio": 1, "label": "Q1 = Q0"}],
            "marks": ([{"expected": expected, "ratio": ratio, "label": "you"}] if ratio is not None else [])
            + [{"expected": q0, "ratio": satisfaction.satisfaction_ratio(perceived, q0), "label": story}
               for story, q0 in BUS_STORY.items()]}


DEFAULT_SERVQUAL = {
    "p": {"tangibles": 5.5, "reliability": 4.5, "responsiveness": 5, "assurance": 5.5, "empathy": 5},
    "e": {"tangibles": 5, "reliability": 6.5, "responsiveness": 6, "assurance": 6, "empathy": 5.5},
    "w": {"tangibles": 10, "reliability": 30, "responsiveness": 20, "assurance": 20, "empathy": 20},
}
"""Illustrative average answers on SERVQUAL's 7-point scale, and 100 importance points shared out."""

_SERVQUAL_PARTS = {"p": ({"en": "perception P", "zh": "感知 P"}, "1–7", 1, 7, 0.5),
                   "e": ({"en": "expectation E", "zh": "期望 E"}, "1–7", 1, 7, 0.5),
                   "w": (table_word("importance"), {"en": "points", "zh": "分"}, 0, 100, 5)}


@calculator(
    title={"en": "SERVQUAL: weighted P − E gap over five dimensions", "zh": "服务质量量表：五个维度的加权 P − E 差距"},
    term="SERVQUAL", columns=3,
    controls=tuple(Slider(f"{key}_{dim}", {"en": f"{dim.capitalize()}: {part[0]['en']}",
                                           "zh": f"{term(dim, 'zh')}：{part[0]['zh']}"}, part[1], *part[2:],
                          DEFAULT_SERVQUAL[key][dim], term=dim)
                   for dim in satisfaction.SERVQUAL_DIMENSIONS for key, part in _SERVQUAL_PARTS.items()),
    template={"en": "Weighted score SQ = Σ W·(P − E) = {score:.2f}: service {verdict, select, short {falls short of} "
                    "exceeds {exceeds} other {just meets}} expectations.\n{hurts, select, true {The dimension that "
                    "hurts most is {worst~} (weighted gap {worst_gap:.2f}).} other {No dimension falls short of "
                    "expectations.}}",
              "zh": "加权得分 SQ = Σ W·(P − E) = {score:.2f}：服务{verdict, select, short {未达到} exceeds {超过} "
                    "other {恰好达到}}期望。\n{hurts, select, true {拖后腿最多的维度是{worst~}（加权差距 "
                    "{worst_gap:.2f}）。} other {没有哪个维度低于期望。}}"},
    terms=satisfaction.SERVQUAL_DIMENSIONS,
    chart=bars("bars", x="weighted_gap", y="dimension", color="side", domain=("falls short", "exceeds"),
               colors=("#c62828", "#2e7d32"), x_title={"en": "weighted gap (points)",
                                                       "zh": "加权差距（分）"}, height=150,
               labels={"falls short": {"zh": "未达期望"}, "exceeds": {"zh": "超过"
                                                                                                              "期望"},
                       **dict.fromkeys(satisfaction.SERVQUAL_DIMENSIONS),
                       "dimension": {"zh": "维度"}, "side": {"zh": "方向"}}),
    description={"en": "Bar chart of the weighted gap W·(P − E) of each SERVQUAL dimension.",
                 "zh": "服务质量量表各维度加权差距 W·(P − E) 的条形图。"},
)
def servqual_calculator(**answers):
    """SERVQUAL (S6): perception and expectation (1–7) and importance (0–100 points) of the five dimensions.

    Weights are normalised to sum to 1, as in :func:`crmlab.satisfaction.servqual_score`.

    >>> print(servqual_calculator().sentence())
    Weighted score SQ = Σ W·(P − E) = −0.95: service falls short of expectations.
    The dimension that hurts most is reliability (可靠性) (weighted gap −0.60).
    """
    dims = satisfaction.SERVQUAL_DIMENSIONS
    gaps = satisfaction.servqual_gaps({d: answers[f"p_{d}"] for d in dims}, {d: answers[f"e_{d}"] for d in dims},
                                      {d: answers[f"w_{d}"] for d in dims})
    weighted = gaps["weighted_gap"]
    score = weighted.sum()
    worst = weighted.idxmin()
    return {"score": score, "verdict": "short" if score < 0 else "exceeds" if score > 0 else "meets",
            "worst": worst, "worst_gap": weighted[worst], "hurts": weighted[worst] < 0,
            "bars": [{"dimension": d, "weighted_gap": gap, "side": "falls short" if gap < 0 else "exceeds"}
                     for d, gap in zip(dims, weighted.tolist())]}


DEFAULT_IPA = pd.DataFrame(
    {"importance": [6.6, 6.1, 5.8, 6.3, 4.9, 5.4, 3.9, 3.2],
     "performance": [5.9, 4.2, 6.3, 4.6, 5.8, 3.9, 6.0, 4.1]},
    index=pd.Index(["room cleanliness", "check-in speed", "staff friendliness", "price", "breakfast", "Wi-Fi",
                    "decor", "gym"], name="attribute"))
"""Illustrative mean answers (1–7) of a hotel's guests: how important each attribute is, how well it performs."""

QUADRANTS = {"urgent": "urgent improvement", "advantage": "competitive advantage", "icing": "icing on the cake",
             "secondary": "secondary improvement"}
"""The IPA quadrants in the order the sentence lists them (most urgent first), by a short result name."""


def point_labels(names: list[str], longest: int = 18) -> list[str]:
    """Labels short enough to sit beside a point on a phone: the name, or its number ("5." of "5. Don't …").

    >>> point_labels(["price", "5. Don't neglect customers once the sale is made", "a very long attribute name"])
    ['price', '5.', '3']
    """
    return [name if len(name) <= longest else name.split()[0] if name.split()[0].rstrip(".").isdigit()
            else str(position) for position, name in enumerate(names, start=1)]


def cut_range(values: pd.Series) -> tuple[float, float, float]:
    """Slider range and step for a cut line across ``values``: whole numbers around them, at most 20 round steps.

    >>> cut_range(pd.Series([3.2, 6.6]))
    (3.0, 7.0, 0.2)
    >>> cut_range(pd.Series([0.31, 0.74]))
    (0.0, 1.0, 0.05)
    """
    low, high = math.floor(values.min()), math.ceil(values.max())
    if high == low:
        low, high = low - 1, high + 1
    step = next(s for s in (0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 1000, 10_000)
                if (high - low) / s <= 20 + 1e-9)
    return float(low), float(high), step


def cut_start(values: pd.Series, low: float, high: float, step: float) -> float:
    """Where a cut line's slider starts: the position nearest the mean that leaves every value on the side of
    the line the mean leaves it (``>=`` is above, as in :func:`crmlab.satisfaction.ipa_quadrant`), so that the
    calculator opens on the quadrants the book's table shows; the nearest position if no position does.

    >>> values = pd.Series([3.1, 3.52, 4.0])  # mean 3.54: at 3.5, the nearest position, 3.52 would be above
    >>> cut_start(values, 3.0, 4.0, 0.1)
    3.6
    >>> cut_start(pd.Series([3.52, 3.54]), 3.0, 4.0, 0.1)  # mean 3.53: no position splits them as it does
    3.5
    """
    mean = values.mean()
    positions = [round(low + i * step, 10) for i in range(round((high - low) / step) + 1)]
    by_distance = sorted(positions, key=lambda position: abs(position - mean))
    same_sides = [p for p in by_distance if ((values >= p) == (values >= mean)).all()]
    return (same_sides or by_distance)[0]


def _prepare_ipa(table: pd.DataFrame | None = None, importance: str | pd.Series = "importance",
                 performance: str | pd.Series = "performance", source: str = "illustrative hotel survey") -> dict:
    """Importance and performance per attribute, from a table's two columns or given as two Series."""
    if isinstance(importance, pd.Series) or isinstance(performance, pd.Series):
        frame = pd.DataFrame({"importance": importance, "performance": performance})
        importance, performance = "importance", "performance"
    else:
        frame = DEFAULT_IPA if table is None else table
    frame = _checks.numeric_frame("table", frame)
    for column in (importance, performance):
        if column not in frame.columns:
            raise ValueError(f"table has no column {column!r}; its columns are {list(frame.columns)}")
    frame = frame[[importance, performance]]
    if frame.isna().any().any():
        raise ValueError("table has missing values: give every attribute an importance and a performance")
    names = [str(a) for a in frame.index]
    if len(set(names)) != len(names):
        raise ValueError(f"table must name each attribute once (its index), got {names}")
    return {"importance": frame[importance].set_axis(names), "performance": frame[performance].set_axis(names),
            "source": str(source)}


def _ipa_controls(importance: pd.Series, performance: pd.Series, source: str) -> tuple:
    def cut(name: str, what: str, values: pd.Series) -> Slider:
        low, high, step = cut_range(values)
        start = cut_start(values, low, high, step)
        return Slider(name, {"en": f"Cut line for {what['en']} (mean {values.mean():.2f})",
                             "zh": f"{what['zh']}的分界线（均值 {values.mean():.2f}）"},
                      {"en": "scale points", "zh": "量表分"}, low, high, step, start)

    return (cut("importance_cut", table_word("importance"), importance),
            cut("performance_cut", table_word("performance"), performance))


@calculator(
    title={"en": "Importance–performance analysis: move the cut lines", "zh": "重要性—绩效分析：移动分界线"},
    term="importance–performance analysis (IPA)",
    controls=_ipa_controls, prepare=_prepare_ipa,
    template={"en": "{source}, cuts at importance {importance_cut:.2f} and performance {performance_cut:.2f}:\n"
                    "{~urgent improvement} (“concentrate here”): {urgent}\n"
                    "{~competitive advantage} (“keep up the good work”): {advantage}\n"
                    "{~icing on the cake} (“possible overkill”): {icing}\n"
                    "{~secondary improvement} (“low priority”): {secondary}",
              "zh": "{source}，重要性分界 {importance_cut:.2f}，绩效分界 {performance_cut:.2f}：\n"
                    "{~urgent improvement}（“集中力量改进”）：{urgent}\n"
                    "{~competitive advantage}（“继续保持”）：{advantage}\n"
                    "{~icing on the cake}（“可能过度”）：{icing}\n"
                    "{~secondary improvement}（“优先级低”）：{secondary}"},
    chart=layer(points("points", x="performance", y="importance", color="quadrant", label="attribute",
                       domain=tuple(QUADRANTS.values()), colors=("#c62828", "#2e7d32", "#1565c0", "#757575"),
                       x_title={"en": "performance (mean score)", "zh": "绩效（平均分）"},
                       y_title={"en": "importance (mean score)", "zh": "重要性（平均分）"}, height=300),
                rules("cuts", x="performance"), rules("cuts", y="importance")).named({
        "attribute": table_word("attribute"), "quadrant": table_word("quadrant"),
        **{attribute: {"zh": zh} for attribute, zh in zip(DEFAULT_IPA.index, (
            "客房清洁", "入住办理速度", "员工友好", "价格", "早餐", "Wi-Fi", "装修", "健身房"))}}),
    description={"en": "Scatter plot of the attributes by performance (across) and importance (up), coloured by "
                       "quadrant, with the two cut lines.",
                 "zh": "各属性按绩效（横轴）和重要性（纵轴）的散点图，按象限着色，并画出两条分界线。"},
)
def ipa_calculator(importance_cut, performance_cut, *, importance, performance, source):
    """Importance–performance map (S7) with movable cut lines (a value equal to a cut counts as high).

    Data: a table with one row per attribute (``table``, columns named by
    ``importance`` and ``performance``) or the two Series; by default
    :data:`DEFAULT_IPA` (illustrative). Quadrants from
    :func:`crmlab.satisfaction.ipa_quadrant`.

    >>> print(ipa_calculator().sentence().splitlines()[1])
    urgent improvement (急需改进区) (“concentrate here”): check-in speed, price, Wi-Fi
    """
    quadrant = satisfaction.ipa_quadrant(importance, performance, importance_cut, performance_cut).tolist()
    names = list(importance.index)
    return {**{key: [a for a, q in zip(names, quadrant) if q == label] for key, label in QUADRANTS.items()},
            "points": [{"attribute": short, "importance": i, "performance": p, "quadrant": q}
                       for short, i, p, q in zip(point_labels(names), importance.tolist(), performance.tolist(),
                                                 quadrant)],
            "cuts": [{"importance": importance_cut, "performance": performance_cut}]}


SOURCE_TELLS = {"8 (both lectures)": 8, "10 (loyalty lecture)": 10, "22 (loyalty lecture)": 22,
                "25 (loyalty lecture)": 25}
"""How many people one dissatisfied customer tells, by the figures the course's lectures quote."""


@calculator(
    title={"en": "Word of mouth: customers lost, people reached", "zh": "口碑：流失的顾客与听说的人"},
    term="word of mouth",
    controls=(Slider("lost_per_day", {"en": "Customers lost", "zh": "流失的顾客"}, {"en": "per day", "zh": "每天"},
                     0, 20, 1, 1),
              Slider("tells", {"en": "People each lost customer tells", "zh": "每位流失顾客告诉的人数"},
                     {"en": "people", "zh": "人"}, 0, 30, 1, 8),
              Slider("days", {"en": "Over", "zh": "持续"}, {"en": "days", "zh": "天"}, 1, 3650, 1, 365)),
    template={"en": "Losing {lost_per_day} customer(s) a day for {days:,.0f} days is {lost:,.0f} customers;\n"
                    "if each tells {tells} people, {reached:,.0f} people hear about it.",
              "zh": "每天流失 {lost_per_day} 位顾客，持续 {days:,.0f} 天，共流失 {lost:,.0f} 位顾客；\n"
                    "如果每人告诉 {tells} 个人，就有 {reached:,.0f} 人听说此事。"},
    chart=bars("bars", x="reached", y="source", color="who", domain=("your setting", "the lectures' figures"),
               colors=("#e65100", "#90a4ae"), x_title={"en": "people reached", "zh": "听说的人数"}, fmt=",.0f",
               height=150, labels={"your setting": {"zh": "你的设定"},
                                   "the lectures' figures": {"zh": "讲义中的数字"},
                                   "{} (both lectures)": {"zh": "{}（两份讲义）"},
                                   "{} (loyalty lecture)": {"zh": "{}（忠诚讲义）"},
                                   "source": {"zh": "来源"}, "who": {"zh": "依据"}}),
    description={"en": "Bar chart of how many people hear a complaint at your setting and at the figures the "
                       "lectures quote.",
                 "zh": "在你的设定下和按讲义所引数字，听说抱怨的人数的条形图。"},
)
def word_of_mouth_calculator(lost_per_day, tells, days):
    """Word of mouth (S10): customers lost and the people their complaints reach.

    >>> print(word_of_mouth_calculator().sentence())
    Losing 1 customer(s) a day for 365 days is 365 customers;
    if each tells 8 people, 2,920 people hear about it.
    """
    lost, reached = satisfaction.word_of_mouth(lost_per_day, tells, days)
    return {"lost": lost, "reached": reached,
            "bars": [{"source": "your setting", "reached": reached, "who": "your setting"}]
            + [{"source": label, "reached": satisfaction.word_of_mouth(lost_per_day, n, days)[1],
                "who": "the lectures' figures"} for label, n in SOURCE_TELLS.items()]}
