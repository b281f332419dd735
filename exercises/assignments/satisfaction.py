"""Assignment "satisfaction": gap and ratio forms, the Q1/Q0 model, SERVQUAL P−E scores and IPA, and which form of
satisfaction real survey answers support (S2–S4, S6, S7, S12)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.satisfaction import ipa_quadrant, q_model, satisfaction_gap, satisfaction_ratio, servqual_score


def inputs(draw):
    """A bus ride, a hotel stay, and a small survey of a bank branch (made-up teaching data, 1–7 scales).

    Then the student's own sample of 200 of the 250 real customers of the ECSI mobile-phone survey.

    Constraints: the stay is not on the edge of the Q-model's tolerance, one customer judges the service
    clearly worst, and no attribute sits on a mean (each has a clear IPA quadrant).
    """
    import pandas as pd

    from crmlab.data import load
    from crmlab.satisfaction import servqual_score

    ride = {"perceived": draw.integer(3, 9), "expected": draw.integer(4, 10)}
    draw.require(ride["perceived"] != ride["expected"])
    stay = {"perceived": draw.number(5.0, 9.0, 0.1), "expected": draw.number(5.0, 9.0, 0.1), "tolerance": 0.5}
    draw.require(abs(abs(stay["perceived"] - stay["expected"]) - stay["tolerance"]) > 0.05)
    dimensions = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    customers = ["Li", "Wang", "Zhao"]
    perceptions = pd.DataFrame({d: [draw.integer(3, 7) for _ in customers] for d in dimensions}, index=customers)
    expectations = pd.DataFrame({d: [draw.integer(4, 7) for _ in customers] for d in dimensions}, index=customers)
    weights = {d: draw.integer(1, 3) for d in dimensions}
    scores = sorted(servqual_score(perceptions, expectations, weights=weights))
    draw.require(scores[1] - scores[0] > 0.05)
    attributes = ["waiting time", "staff courtesy", "fees", "decor", "parking", "app"]
    importance = pd.Series({a: draw.number(2.5, 6.8, 0.1) for a in attributes})
    performance = pd.Series({a: draw.number(2.5, 6.8, 0.1) for a in attributes})
    draw.require((abs(importance - importance.mean()) > 0.15).all() and
                 (abs(performance - performance.mean()) > 0.15).all())
    survey = draw.rows(load("mobi")[["CUEX1", "PERQ1", "CUSA1", "CUSA2", "CUSA3"]], 200)
    return {"ride": ride, "stay": stay, "perceptions": perceptions, "expectations": expectations,
            "weights": weights, "importance": importance, "performance": performance, "survey": survey}


def _sq(v):
    return servqual_score(v["perceptions"], v["expectations"], weights=v["weights"])


FORMS = ("perceived", "gap", "ratio")


def _forms(v) -> dict[str, float]:
    """Correlation of the satisfaction index (mean of CUSA1–3) with perceived quality, with expectation, and
    with the gap and ratio forms built from them (PERQ1 − CUEX1, PERQ1 / CUEX1)."""
    survey = v["survey"].astype(float)
    index = survey[["CUSA1", "CUSA2", "CUSA3"]].mean(axis=1)
    perceived, expected = survey["PERQ1"], survey["CUEX1"]
    return {"r_perceived": index.corr(perceived), "r_expected": index.corr(expected),
            "r_gap": index.corr(satisfaction_gap(perceived, expected)),
            "r_ratio": index.corr(satisfaction_ratio(perceived, expected))}


def _best_form(v) -> str:
    r = _forms(v)
    return max(FORMS, key=lambda form: r[f"r_{form}"])


ZH = Translation(
    title="练习 2：顾客满意：差距、Q 模型、服务质量量表、重要性—绩效分析，以及真实数据支持什么",
    intro=(
        "顾客满意是把顾客感知到的与期望的相比较。你将使用差值形式和比值形式、客户满意的决定模型（Q1/Q0）、加权的服务质"
        "量量表式P−E 得分，以及对一家银行网点的重要性—绩效分析（IPA）（第 1–6 部分为教学用的虚构数据）。\n\n"
        "然后用**真实**回答检验差距的思想（第 7–8 部分）：`survey` 是从 Tenenhaus 等（2005）欧洲顾客满意度指数（ECSI）"
        "调查中一家移动电话运营商的 250 位顾客里为你随机抽取的 200 位（数据集 `mobi`），所有题项均为 1–10 分：`CUEX1` "
        "是“在你成为顾客时”对总体质量的期望（事后在同一次访谈中询问），`PERQ1` 是总体感知质量，`CUSA1`–`CUSA3` 是总体"
        "满意度、期望的满足程度以及与理想运营商的比较。"
    ),
    parts={
        "gap": (
            "一位通勤者给一次公交出行打分：`ride` 包含其感知和期望（分）。把 `gap` 设为满意差距（感知 − 期望）。",
            "差值形式：感知减去期望（书中：作为差距和比值的满意）"),
        "ratio": (
            "对同一次出行，把 `ratio` 设为比值形式（感知 / 期望）。",
            "比值形式是感知除以期望（等于 1 表示恰如期望）"),
        "q-model": (
            "一位客人给一次住宿打分：`stay` 包含可感知效果 Q1、期望值 Q0 以及上下的容忍幅度。把 `outcome` 设为 Q 模型"
            "的结果：`\"highly satisfied\"`（高度满意）、`\"satisfied\"`（一般满意）或 `\"dissatisfied\"`（不满意）。",
            "在 Q0 的容忍幅度之内客人一般满意；超出则高于或低于（书中：Q 模型）"),
        "servqual": (
            "用 `weights` 中的权重（归一化使其和为 1），把 `sq` 设为每位顾客的加权服务质量得分 $SQ_i = \\sum_j W_j (P"
            "_{ij} - E_{ij})$，以顾客为索引的 Series。",
            "逐维度求 P − E，乘以归一化权重，再按顾客求和（书中：服务质量量表）"),
        "worst": (
            "哪位顾客对服务的评价最差？把 `worst_customer` 设为其名字。",
            "得分最低即评价最差"),
        "ipa": (
            "以重要性和绩效的均值为分界，把每个属性放入重要性—绩效分析的一个象限。把 `quadrants` 设为属性 → 象限名称"
            "的 Series（或 dict），例如 `\"urgent improvement\"`（急需改进区）。",
            "每条轴在均值处切分；重要性高而绩效低为急需改进区（书中：重要性—绩效分析）"),
        "forms": (
            "对 `survey` 的每位受访者，把满意度指数设为 `CUSA1`–`CUSA3` 的均值，并构造差值形式 `PERQ1 − CUEX1` 和比值"
            "形式 `PERQ1 / CUEX1`。把 `r_perceived`、`r_expected`、`r_gap` 和 `r_ratio` 分别设为满意度指数与感知质量 "
            "`PERQ1`、期望 `CUEX1`、差值和比值的（皮尔逊）相关系数。",
            "每位受访者一个满意度指数，然后用 Series.corr（皮尔逊）与你构造的四列分别求相关"),
        "best-form": (
            "在你的样本中，三种形式中哪一种最贴近满意度？把 `best_form` 设为 `\"perceived\"`（仅感知质量）、`\"gap\"`"
            " 或 `\"ratio\"`。",
            "与满意度指数相关最高的那种形式"),
    },
    written={
        "memo": WrittenText(
            "给网点经理写四五句话：哪些属性应当最先投入资金，哪些可能服务过度"
            "（“可能过犹不及”），服务质量量表的结果与之是否一致。",
            model_answer="指出位于急需改进区的属性（重要而绩效不足）和位于锦上添花区"
                         "的属性（服务过度）；再与加权 P−E 不足最多的维度相比较。",
            criteria=("指出急需改进区中的属性应最先获得资金",
                      "指出一个服务过度的属性（锦上添花区）并说明理由",
                      "把重要性—绩效分析的建议与服务质量量表显示的不足联系起来，说明两者是否一致")),
        "method": WrittenText(
            "你的重要性—绩效分析以六个属性的均值为分界线。用三四句话说明：如果改用量表中点"
            "（4）作分界，建议会怎样变化？你会向经理为哪种选择辩护，为什么？",
            model_answer="以中点为分界，会使得分居中的属性移到别的象限；均值是相对的分界（总会把属性分"
                         "开），中点是绝对的分界（可能把所有属性都放进同一个象限）。为其中一种辩护，"
                         "理由要与决策相联系（在预算固定时排出相对的优先顺序：用均值）。",
            criteria=("指出一个在以中点为分界时改变象限的属性",
                      "说明相对分界线（均值）与绝对分界线（中点）的区别",
                      "为一种选择辩护，理由与决策相联系")),
        "which-form": WrittenText(
            "课程资料把满意定义为感知效果减去（或除以）期望。结合你的相关系数写四五句话："
            "你会用哪种形式跟踪这些顾客的满意度，为什么？为什么差值和比值在这里表现如此之差（看"
            "看 `r_expected`，以及 CUEX1 是何时询问的）？这对想要进行期望管理的企业意味着什么？",
            model_answer="单用感知质量跟踪满意度要好得多（约 0.67），远胜差值（约 0.2）或比值（约 0）："
                         "应当用它，正如克罗宁（Cronin）和泰勒（Taylor）的 SERVPERF 所主张的。期望与满意度正相关"
                         "（约 0.37），与差距模型的预测相反，因为期望是在同一次访谈中回忆的：满意的顾客会记得自"
                         "己当初期望很高（一致性、晕轮效应），而期望更高的顾客也可能得到更多。差距仍是本课程关于"
                         "满意如何形成的观点；企业要进行期望管理，就需要在购买之前测量期望，而不是事后回忆。",
            criteria=("根据学生样本中的三个相关系数选择感知质量（或论证另一种选择）",
                      "解释 `r_expected` 为正的原因：期望是回忆的、晕轮效应或一致性、同一次访谈",
                      "得出结论：应在购买之前测量期望；差距是关于满意如何形成的理论，在这里不是好的得分")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "not one of the three outcomes": "不是三种结果之一",
        "sq should be a pandas Series (one score per customer)": "sq 应该是一个 pandas Series（每位顾客一个得分）",
        "one score per customer, in the table's order": "每位顾客一个得分，按表中的顺序排列",
        "one quadrant per attribute": "每个属性一个象限",
        "correlations lie in [−1, 1]": "相关系数应在 [−1, 1] 之间",
    },
)
"""The Chinese texts (`crmlab release satisfaction --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="satisfaction",
    translations={"zh": ZH},
    title="Exercise 2: Customer satisfaction (顾客满意): gap, Q-model, SERVQUAL, IPA, and what real answers support",
    covers=("S2", "S3", "S4", "S6", "S7", "S12"),
    intro="""
Satisfaction compares what customers perceive with what they expected. You will use the difference and
ratio forms, the Q1/Q0 decision model, a weighted SERVQUAL-style P−E score and an importance–performance
analysis (IPA) of a bank branch (made-up teaching data, Parts 1–6).

Then you test the gap idea on **real** answers (Parts 7–8): `survey` is your own random sample of 200 of the
250 customers of a mobile-phone provider in the ECSI survey of Tenenhaus et al. (2005), data set `mobi`, all
items on 1–10 scales: `CUEX1` the expectation of overall quality "at the moment you became a customer"
(asked afterwards, in the same interview), `PERQ1` the overall perceived quality, and `CUSA1`–`CUSA3` overall
satisfaction, fulfilment of expectations and comparison with the ideal provider.
""",
    setup="""
import numbers
import pandas as pd
from crmlab.satisfaction import (satisfaction_gap, satisfaction_ratio, q_model, servqual_score,
                                 ipa_quadrant, IPA_QUADRANTS)
""",
    inputs=inputs,
    parts=(
        Part("gap", 1,
             "A commuter rates a bus ride: `ride` holds what they perceived and what they expected, in points. Set "
             "`gap` to the satisfaction gap (perceived − expected).",
             'gap = satisfaction_gap(perceived=ride["perceived"], expected=ride["expected"])',
             'assert isinstance(gap, numbers.Real), "gap should be a number"',
             lambda v: {"gap": Expect.number(satisfaction_gap(v["ride"]["perceived"], v["ride"]["expected"]))},
             hint="the difference form: perceived minus expected (book: Satisfaction as a gap and a ratio)"),
        Part("ratio", 1,
             "For the same ride, set `ratio` to the ratio form (perceived / expected).",
             'ratio = satisfaction_ratio(perceived=ride["perceived"], expected=ride["expected"])',
             'assert isinstance(ratio, numbers.Real), "ratio should be a number"',
             lambda v: {"ratio": Expect.number(satisfaction_ratio(v["ride"]["perceived"], v["ride"]["expected"]),
                                               tol=0.001)},
             hint="the ratio form divides perceived by expected (1 means exactly as expected)"),
        Part("q-model", 1,
             "A guest rates a stay: `stay` holds the perceived effect Q1, the expectation Q0 and the tolerance "
             'either way. Set `outcome` to the Q-model outcome: `"highly satisfied"`, `"satisfied"` or '
             '`"dissatisfied"`.',
             'outcome = q_model(perceived=stay["perceived"], expected=stay["expected"], tolerance=stay["tolerance"])',
             'assert outcome in ("highly satisfied", "satisfied", "dissatisfied"), "not one of the three outcomes"',
             lambda v: {"outcome": Expect.text(q_model(v["stay"]["perceived"], v["stay"]["expected"],
                                                       tolerance=v["stay"]["tolerance"]))},
             hint="within the tolerance of Q0 the guest is satisfied; beyond it, above or below (book: the Q model)"),
        Part("servqual", 2,
             "Set `sq` to each customer's weighted service-quality score "
             "$SQ_i = \\sum_j W_j (P_{ij} - E_{ij})$ with the weights in `weights` (normalised to sum to 1), "
             "as a Series indexed by customer.",
             "sq = servqual_score(perceptions, expectations, weights=weights)",
             'assert isinstance(sq, pd.Series), "sq should be a pandas Series (one score per customer)"\n'
             'assert list(sq.index) == ["Li", "Wang", "Zhao"], "one score per customer, in the table\'s order"',
             lambda v: {"sq": Expect.numbers(_sq(v), tol=0.001)},
             hint="P − E per dimension, weighted by the normalised weights, summed per customer (book: SERVQUAL)"),
        Part("worst", 1,
             "Which customer judges the service worst? Set `worst_customer` to their name.",
             "worst_customer = sq.idxmin()",
             'assert worst_customer in ("Li", "Wang", "Zhao")',
             lambda v: {"worst_customer": Expect.text(_sq(v).idxmin())},
             hint="the lowest score is the worst judgement"),
        Part("ipa", 2,
             "Place each attribute in an IPA quadrant, cutting importance and performance at their means. Set "
             "`quadrants` to a Series (or dict) attribute → quadrant name, e.g. `\"urgent improvement\"`.",
             "quadrants = ipa_quadrant(importance, performance)",
             'assert len(quadrants) == 6, "one quadrant per attribute"\n'
             'assert set(dict(quadrants).values()) <= set(IPA_QUADRANTS), "use the names in IPA_QUADRANTS"',
             lambda v: {"quadrants": Expect.labels(ipa_quadrant(v["importance"], v["performance"]))},
             hint="cut each axis at its mean; high importance and low performance is urgent improvement (book: IPA)"),
        Part("forms", 2,
             "For each respondent of `survey`, set the satisfaction index to the mean of `CUSA1`–`CUSA3`, and "
             "build the gap form `PERQ1 − CUEX1` and the ratio form `PERQ1 / CUEX1`. Set `r_perceived`, "
             "`r_expected`, `r_gap` and `r_ratio` to the (Pearson) correlation of the satisfaction index with "
             "perceived quality `PERQ1`, with the expectation `CUEX1`, with the gap and with the ratio.",
             "answers = survey.astype(float)\n"
             "index = answers[['CUSA1', 'CUSA2', 'CUSA3']].mean(axis=1)\n"
             "r_perceived = index.corr(answers['PERQ1'])\n"
             "r_expected = index.corr(answers['CUEX1'])\n"
             "r_gap = index.corr(satisfaction_gap(answers['PERQ1'], answers['CUEX1']))\n"
             "r_ratio = index.corr(satisfaction_ratio(answers['PERQ1'], answers['CUEX1']))",
             "for answer in (r_perceived, r_expected, r_gap, r_ratio):\n"
             '    assert isinstance(answer, numbers.Real) and -1 <= answer <= 1, "correlations lie in [−1, 1]"',
             lambda v: {name: Expect.number(r, tol=0.001) for name, r in _forms(v).items()},
             hint="one satisfaction index per respondent, then Series.corr (Pearson) with each of the four "
                  "columns you built"),
        Part("best-form", 1,
             'Which of the three forms tracks satisfaction most closely in your sample? Set `best_form` to '
             '`"perceived"` (perceived quality alone), `"gap"` or `"ratio"`.',
             'best_form = max({"perceived": r_perceived, "gap": r_gap, "ratio": r_ratio}.items(), '
             'key=lambda item: item[1])[0]',
             'assert best_form in ("perceived", "gap", "ratio")',
             lambda v: {"best_form": Expect.text(_best_form(v))},
             hint="the form with the highest correlation with the satisfaction index"),
    ),
    written=(
        Written("memo", 3,
                "Write four or five sentences to the branch manager: which attribute(s) should get money first, "
                "which might be over-served (\"possible overkill\"), and how the SERVQUAL result agrees or not.",
                "Name the urgent-improvement attributes (important, under-performing) and the icing-on-the-cake "
                "ones (over-served); compare with the dimension where weighted P−E falls short most.",
                rubric=(Criterion(1, "names the attribute(s) in urgent improvement as the first to fund"),
                        Criterion(1, "names an over-served attribute (icing on the cake) and says why"),
                        Criterion(1, "relates the IPA advice to the SERVQUAL shortfall, agreeing or not"))),
        Written("method", 3,
                "The cut lines of your IPA are the means of the six attributes. In three or four sentences: how "
                "would the advice change if the cut were the scale's midpoint (4) instead, and which choice would "
                "you defend to the manager, and why?",
                "Midpoint cuts move attributes with middling scores across quadrants; the mean is relative (always "
                "splits the attributes), the midpoint absolute (can put all in one quadrant). Defend one with a "
                "reason tied to the decision (relative priority for a fixed budget: the mean).",
                rubric=(Criterion(1, "identifies an attribute whose quadrant changes with the midpoint cut"),
                        Criterion(1, "explains relative (mean) versus absolute (midpoint) cut lines"),
                        Criterion(1, "defends one choice with a reason tied to the decision"))),
        Written("which-form", 3,
                "The course material defines satisfaction as perceived performance minus (or over) expectation. "
                "In four or five sentences, with your correlations: which form would you use to track these "
                "customers' satisfaction, and why? Why might the gap and the ratio do so badly here (look at "
                "`r_expected`, and at when CUEX1 was asked)? What does that mean for a firm that wants to "
                "manage expectations?",
                "Perceived quality alone tracks satisfaction far better (about 0.67) than the gap (about 0.2) or "
                "the ratio (about 0): use it, as Cronin and Taylor's SERVPERF argues. Expectations correlate "
                "positively with satisfaction (about 0.37), the opposite of what the gap predicts, because they "
                "were recalled at the same interview: satisfied customers remember high expectations "
                "(consistency, halo), and customers who expect more may also get more. The gap is still the "
                "course's idea of how satisfaction forms; to manage expectations a firm needs expectations "
                "measured before the purchase, not recalled afterwards.",
                rubric=(Criterion(1, "chooses perceived quality (or argues another choice) from the three "
                                     "correlations of the student's sample"),
                        Criterion(1, "explains the positive r_expected: recalled expectations, halo or "
                                     "consistency, same interview"),
                        Criterion(1, "draws the consequence: measure expectations before the purchase; the gap "
                                     "is a theory of formation, not a good score here"))),
    ),
)
