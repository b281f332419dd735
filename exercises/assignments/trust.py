"""Assignment "trust": strengths of trust, breaches, retained share, levels of trust, and trust as a mediator
between satisfaction and loyalty in real survey data (T3, T4, T5, T6)."""

import numpy as np

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.trust import share_retained, stays_after_breach, trust_level, trust_strength


def inputs(draw):
    """Four customers of a meat processor, its customer base before and after years of building trust, a
    breach, and one customer's experience (made-up teaching data; recognition and dependence on 0–1); then
    the student's own sample of 280 real respondents of the corporate-reputation survey.

    Constraints: no customer sits on a cut point of ``trust_strength`` (1/3, 2/3), all three strengths
    occur, and building trust retains more customers after the breach.
    """
    from crmlab.data import load
    from crmlab.trust import share_retained, trust_strength

    def score():
        return draw.choice([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9])

    customers = {name: (score(), score()) for name in ("Chen", "Liu", "Sun", "Zhou")}
    draw.require(len({trust_strength(r, d) for r, d in customers.values()}) == 3)
    weak = draw.number(0.3, 0.6, 0.05)
    strong = draw.number(0.1, 0.25, 0.05)
    mix_before = {"weak": weak, "semi-strong": round(1 - weak - strong, 2), "strong": strong}
    weak_after = draw.number(0.1, weak - 0.1, 0.05)
    strong_after = draw.number(strong + 0.05, 0.45, 0.05)
    draw.require(weak_after + strong_after < 1)
    mix_after = {"weak": weak_after, "semi-strong": round(1 - weak_after - strong_after, 2), "strong": strong_after}
    breach, ceiling = draw.number(0.2, 0.8, 0.1), draw.number(0.2, 0.8, 0.1)
    draw.require(abs(breach - ceiling) >= 0.1)
    draw.require(share_retained(mix_after, breach, ceiling) > share_retained(mix_before, breach, ceiling))
    experience = draw.choice([(True, False, False), (True, True, False), (True, True, True)])
    scandal = {"strength": draw.choice(["weak", "semi-strong", "strong"]), "severity": draw.number(0.1, 0.9, 0.1),
               "ceiling": draw.number(0.2, 0.8, 0.1)}
    draw.require(abs(scandal["severity"] - scandal["ceiling"]) >= 0.1)
    items = ["cusa", "qual_6", "qual_7", "cusl_1", "cusl_2", "cusl_3"]
    answered = load("corp_rep").dropna(subset=items)[items]  # 336 of the 344 answered all six
    experience = dict(zip(("fits_needs", "lasting_satisfaction", "indispensable"), experience))
    return {"survey": draw.rows(answered, 280), "customers": customers, "mix_before": mix_before,
            "mix_after": mix_after, "breach": breach, "tolerance_ceiling": ceiling, "experience": experience,
            "scandal": scandal}


def _strengths(v):
    return {name: trust_strength(r, d) for name, (r, d) in v["customers"].items()}


def _standardised(values):
    values = values.astype(float)
    return (values - values.mean()) / values.std()


def _mediation(v) -> dict[str, float]:
    """The mediation model of the book's page on satisfaction, trust and loyalty, on standardised scores:
    T = a S, L = c′ S + b T, L = c S; and the reverse ordering, with trust first (its direct effect is b,
    its indirect effect through satisfaction a·c′, its total effect the slope of L on T)."""
    survey = v["survey"]
    s = _standardised(survey["cusa"])
    t = _standardised(survey[["qual_6", "qual_7"]].astype(float).mean(axis=1))
    loyalty = _standardised(survey[["cusl_1", "cusl_2", "cusl_3"]].astype(float).mean(axis=1))
    a, total, total_trust = (float(np.dot(x, y) / np.dot(x, x)) for x, y in ((s, t), (s, loyalty), (t, loyalty)))
    direct, b = (float(c) for c in np.linalg.lstsq(np.column_stack([s, t]), loyalty.to_numpy(), rcond=None)[0])
    return {"a": a, "b": b, "direct": direct, "total": total, "indirect": a * b, "share_mediated": a * b / total,
            "indirect_reverse": a * direct, "share_mediated_reverse": a * direct / total_trust}


MEDIATION_TOL = 0.001


ZH = Translation(
    title="练习 3：顾客信任：强度、失信、层次，以及信任的中介作用",
    intro=(
        "顾客信任有三种强度（弱式信任、半弱式半强式信任、强式信任），决定顾客对失信的反应；还有三个层次（认知信任、情"
        "感信任、行为信任）。第 1–6 部分的数字为教学虚构；`trust_strength` 的分界点（1/3 和 2/3）是本课程设定的：课件"
        "《顾客信任》只用文字描述了这几种强度。\n\n"
        "同一课件说，信任在满意与忠诚之间起**中介作用**：满意通过信任作用于忠诚。第 7–9 部分用**真实**数据检验这一说"
        "法：`survey`取自 Hair、Hult、Ringle 和 Sarstedt《PLS-SEM 入门》（*Primer on PLS-SEM*）中的企业声誉调查（数据"
        "集 `corp_rep`；1–7 分），是从回答了这里所用全部题项的四家德国移动电话运营商的 336 位顾客中为你随机抽取的 280 "
        "位。课程中没有哪项调查有专门的信任量表。其质量量表中有两条陈述最接近：`qual_6`“该公司是顾客可靠的伙伴”（可靠"
        "性信任）和 `qual_7`“该公司是值得信赖的公司”（诚实性信任）；你的信任得分是二者的均值。满意是单一题项 `cusa`；"
        "忠诚是 `cusl_1`（会推荐）、`cusl_2`（会再次选择）和`cusl_3`（会继续做顾客）的均值。"
    ),
    parts={
        "strength-chen": (
            "`customers` 把每个名字映射到（认同度，依赖性）。把 `strength_chen` 设为 Chen 的信任强度：`\"weak\"`、`\""
            "semi-strong\"` 或 `\"strong\"`。",
            "强式信任需要高认同度；弱式信任需要认同度和依赖性都低（书中：信任的强度与层次）"),
        "strengths": (
            "把 `strengths` 设为全部四位顾客的 名字 → 信任强度 的 dict。",
            "对每一对（认同度，依赖性）用同样的规则"),
        "stays": (
            "一位信任强度为 `scandal['strength']` 的顾客遇到严重程度为 `scandal['severity']` 的失信；半强式顾客的容忍"
            "上限为 `scandal['ceiling']`。顾客留下则把 `stays` 设为 `True`，离开则设为 `False`。",
            "弱式信任遇到任何失信都会离开，强式信任会原谅，半强式信任在容忍上限以内留下"),
        "retained-before": (
            "食品安全丑闻之前，顾客构成为 `mix_before`。丑闻是严重程度为 `breach` 的失信，半强式顾客的容忍上限为 `tol"
            "erance_ceiling`。把 `retained_before` 设为留下的顾客比例（0–1）。",
            "把这次失信后仍会留下的各种强度的比例相加"),
        "retained-after": (
            "经过多年建立信任，顾客构成变为 `mix_after`。把 `retained_after` 设为同样的失信之后会留下的比例。",
            "规则同上，换用新的构成"),
        "level": (
            "`experience` 说明一位顾客是否认为产品符合其需要、使用后是否持续满意、是否离不开它。把 `level` 设为其信任"
            "层次：`\"cognitive\"`、`\"affective\"` 或 `\"behavioural\"`。",
            "各层次逐级递进：每一层都以前一层为基础（书中：信任的强度与层次）"),
        "mediation-paths": (
            "对 `survey` 的每位受访者，构造满意 S（`cusa`）、信任 T（`qual_6` 与 `qual_7` 的均值）和忠诚 L（`cusl_1"
            "`、`cusl_2`、`cusl_3` 的均值），并分别标准化（减去均值，除以标准差）。拟合中介模型的回归 $T = aS$、$L = "
            "c'S + bT$ 和 $L = cS$。设定 `a`、`b`、`direct`（$c'$）和 `total`（$c$）。",
            "先把 S、T、L 标准化；T 对 S 回归，再 L 对 S 和 T 一起回归（np.linalg.lstsq 或 pingouin.linear_regressio"
            "n），最后 L 只对 S 回归（书中：满意、信任与忠诚）"),
        "indirect": (
            "把 `indirect` 设为满意通过信任对忠诚的间接效应 $a b$，把 `share_mediated` 设为总效应中经由信任的比例 $a "
            "b / c$。",
            "间接效应是经过中介变量的两条路径相乘；总效应是 c"),
        "reverse": (
            "课件的另一页称信任是满意的**前提**：信任 → 满意 → 忠诚。以信任为原因、满意为中介拟合同样的模型。把 `indi"
            "rect_reverse` 设为信任通过满意对忠诚的间接效应，把 `share_mediated_reverse` 设为它在信任对忠诚的总效应中"
            "所占的比例。",
            "交换角色：S 对 T 回归，再 L 对 T 和 S 一起回归，最后 L 只对 T 回归"),
    },
    written={
        "memo": WrittenText(
            "给一位在类似双汇（2011）的食品安全丑闻之后的品牌经理写四五句话：你算出的两个留存"
            "比例说明在危机*之前*建立强式信任有什么价值？危机*之后*企业首先应该做什么？",
            model_answer="建立强式信任能提高同样的失信之后留下的顾客比例（比较两个留存比例）：强式信任的顾客会"
                         "原谅，弱式信任的顾客遇到任何失信都会离开，所以正是在顺境中建立的信任让顾客挺过危机。"
                         "危机之后首先要真诚道歉，并让人看得见严格的食品安全管理（开放车间、独立检测），"
                         "因为半强式信任的顾客只有在失信看起来不再超出他们的容忍限度时才会回来。",
            criteria=("用两个留存比例（及学生自己的数字）论证更强的信任能让顾客挺过失信",
                      "说明其机制：哪些强度的顾客留下，哪些离开，以及原因",
                      "建议一项重建信任的第一步（道歉、看得见的管控）")),
        "mediation": WrittenText(
            "结合第 7–9 部分的数字写五到七句话：在这些数据中，信任是否把满意传递为忠诚？"
            "是完全中介（直接效应消失）、部分中介，还是没有？课件既说信任起*中介*作用，又说它是*前提*"
            "：这些数据能区分这两种解读吗？再说明你的信任得分测量了什么、没有测量什么。",
            model_answer="部分中介：间接效应 a·b 约为 0.10，约占总效应（约 0.69）的 14%，而直接效应 c′ "
                         "约为 0.59，仍然很大，所以这是部分（互补的）中介，而不是课件所说的完全中介。"
                         "以信任为先时，信任对忠诚的效应约有一半经由满意传递：两种顺序用的是同样的两个回"
                         "归，对数据的拟合同样好，所以一次横截面调查无法说明哪个在先；这需要理论、"
                         "对同一批顾客的重复测量或实验。信任得分是一项企业声誉调查的质量量表中的两条陈述"
                         "（“可靠的伙伴”：可靠性信任；“值得信赖的公司”：诚实性信任），并不是经过验证的信"
                         "任量表，而且与满意和忠诚在同一份问卷中询问（共同方法偏差）；满意只是单一题项。",
            criteria=("根据学生自己的结果（间接效应、直接效应和总效应，或中介比例）把中介判定为部分中介",
                      "比较两种顺序，得出这些数据无法判定方向的结论（同样的回归、同样的拟合；横截面数据）",
                      "说明信任测量是什么（两个声誉题项：可靠性和诚实性）、不是什么（经过验证的信任量表）",
                      "说出什么能解决这个问题或加强检验（面板数据、实验、a·b 的自助法区间、多题项的信任量表）")),
        "limits": WrittenText(
            "当失信程度越过容忍上限时，留存比例会突然跳变。用三四句话说明："
            "这是顾客的特性还是模型的特性？要为一家真实企业设定容忍上限，你会测量什么？",
            model_answer="跳变来自所有半强式信任顾客共用的同一个容忍上限；真实顾客的容忍程"
                         "度各不相同，所以留存比例会逐渐下降。可以测量顾客在不同严重程度的"
                         "失信情境下表述的转换意向，或者观察以往事件之后实际的顾客流失。",
            criteria=("指出跳变来自一个共同的容忍上限（模型的简化）",
                      "说明容忍程度因顾客而异，会使曲线变得平滑",
                      "提出一种测量方法（情境调查、以往事件之后的顾客流失）")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "one strength per customer": "每位顾客一个信任强度",
        "a, b, direct and total should be numbers": "a、b、direct 和 total 都应该是数",
        "in one sample the total effect is c = c′ + a·b: check that all three regressions use the same "
        "standardised S, T and L": "在同一样本中，总效应 c = c′ + a·b：请检查三个回归是否都使用同样标准化的 S、T 和 L",
        "a share of the total effect": "应该是总效应中的一个比例",
    },
)
"""The Chinese texts (`crmlab release trust --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="trust",
    translations={"zh": ZH},
    title="Exercise 3: Customer trust (顾客信任): strengths, breaches, levels, and trust as a mediator",
    covers=("T3", "T4", "T5", "T6"),
    intro="""
Customer trust has three strengths (weak 弱式, semi-weak semi-strong 半弱式半强式, strong 强式) that decide
how a customer reacts to a breach of trust (失信), and three levels (cognitive 认知, affective 情感,
behavioural 行为). In Parts 1–6 the figures are made up for teaching; the cut points of `trust_strength`
(1/3 and 2/3) are the course's: the slide deck *顾客信任* (Customer trust) describes the strengths in words
only.

The same deck says that trust **mediates** (中介) between satisfaction and loyalty: satisfaction acts on
loyalty through trust. Parts 7–9 test that claim on **real** data: `survey` is your own random sample of
280 of the 336 customers of four German mobile-phone providers who answered every item used here, from the
corporate-reputation survey of Hair, Hult, Ringle & Sarstedt's *Primer on PLS-SEM* (data set `corp_rep`;
1–7 scales). No survey in the course has a trust scale of its own. Two statements of its quality scale come
closest: `qual_6` "the company is a reliable partner for customers" (reliability trust, 可靠性信任) and
`qual_7` "the company is a trustworthy company" (honesty trust, 诚实性信任); your trust score is their mean.
Satisfaction is the single item `cusa`; loyalty is the mean of `cusl_1` (would recommend), `cusl_2` (would
choose again) and `cusl_3` (will remain a customer).
""",
    setup="""
import numbers
import numpy as np
import pandas as pd
from crmlab.trust import trust_strength, stays_after_breach, share_retained, trust_level
""",
    inputs=inputs,
    parts=(
        Part("strength-chen", 1,
             "`customers` maps each name to (recognition, dependence). Set `strength_chen` to Chen's trust "
             'strength: `"weak"`, `"semi-strong"` or `"strong"`.',
             "strength_chen = trust_strength(*customers['Chen'])",
             'assert strength_chen in ("weak", "semi-strong", "strong")',
             lambda v: {"strength_chen": Expect.text(_strengths(v)["Chen"])},
             hint="strong needs high recognition; weak needs both recognition and dependence low (book: "
                  "Strengths and levels of trust)"),
        Part("strengths", 2,
             "Set `strengths` to a dict name → trust strength for all four customers.",
             "strengths = {name: trust_strength(r, d) for name, (r, d) in customers.items()}",
             'assert set(strengths) == set(customers), "one strength per customer"',
             lambda v: {"strengths": Expect.labels(_strengths(v))},
             hint="apply the same rule to each (recognition, dependence) pair"),
        Part("stays", 1,
             "A customer of strength `scandal['strength']` meets a breach of severity `scandal['severity']`; "
             "semi-strong customers tolerate up to `scandal['ceiling']`. Set `stays` to `True` if they stay, "
             "`False` if they leave.",
             'stays = stays_after_breach(scandal["strength"], scandal["severity"],\n'
             '                           tolerance_ceiling=scandal["ceiling"])',
             'assert stays in (True, False), "stays should be True or False"',
             lambda v: {"stays": Expect.flag(stays_after_breach(v["scandal"]["strength"], v["scandal"]["severity"],
                                                                tolerance_ceiling=v["scandal"]["ceiling"]))},
             hint="weak trust leaves at any breach, strong trust forgives, semi-strong stays up to the ceiling"),
        Part("retained-before", 2,
             "Before a food-safety scandal the customer base has the mix `mix_before`. The scandal is a breach "
             "of severity `breach`, and semi-strong customers tolerate up to `tolerance_ceiling`. Set "
             "`retained_before` to the share of customers who stay (0–1).",
             "retained_before = share_retained(mix_before, breach, tolerance_ceiling)",
             'assert isinstance(retained_before, numbers.Real) and 0 <= retained_before <= 1',
             lambda v: {"retained_before": Expect.number(share_retained(v["mix_before"], v["breach"],
                                                                        v["tolerance_ceiling"]), tol=0.001)},
             hint="add the shares of the strengths that stay after this breach"),
        Part("retained-after", 1,
             "After years of building trust the mix is `mix_after`. Set `retained_after` to the share that would "
             "stay after the same breach.",
             "retained_after = share_retained(mix_after, breach, tolerance_ceiling)",
             'assert isinstance(retained_after, numbers.Real) and 0 <= retained_after <= 1',
             lambda v: {"retained_after": Expect.number(share_retained(v["mix_after"], v["breach"],
                                                                       v["tolerance_ceiling"]), tol=0.001)},
             hint="the same rule as before, with the new mix"),
        Part("level", 1,
             "`experience` says whether a customer finds the product fits their needs, has stayed satisfied "
             'after using it, and could not do without it. Set `level` to their level of trust: `"cognitive"`, '
             '`"affective"` or `"behavioural"`.',
             "level = trust_level(**experience)",
             'assert level in ("cognitive", "affective", "behavioural")',
             lambda v: {"level": Expect.text(trust_level(**v["experience"]))},
             hint="the levels build on each other: each needs the one before (book: Strengths and levels of trust)"),
        Part("mediation-paths", 2,
             "For each respondent of `survey`, build satisfaction S (`cusa`), trust T (mean of `qual_6` and "
             "`qual_7`) and loyalty L (mean of `cusl_1`, `cusl_2`, `cusl_3`), and standardise each (minus its "
             "mean, over its standard deviation). Fit the regressions of the mediation model "
             "$T = aS$, $L = c'S + bT$ and $L = cS$. Set `a`, `b`, `direct` ($c'$) and `total` ($c$).",
             "def standardised(x):\n"
             "    x = x.astype(float)\n"
             "    return (x - x.mean()) / x.std()\n\n"
             "S = standardised(survey['cusa'])\n"
             "T = standardised(survey[['qual_6', 'qual_7']].astype(float).mean(axis=1))\n"
             "L = standardised(survey[['cusl_1', 'cusl_2', 'cusl_3']].astype(float).mean(axis=1))\n"
             "a = (S * T).sum() / (S * S).sum()  # one standardised predictor: the slope is the correlation\n"
             "total = (S * L).sum() / (S * S).sum()\n"
             "direct, b = np.linalg.lstsq(np.column_stack([S, T]), L.to_numpy(), rcond=None)[0]",
             "for answer in (a, b, direct, total):\n"
             '    assert isinstance(answer, numbers.Real), "a, b, direct and total should be numbers"\n'
             'assert abs(total - (direct + a * b)) < 1e-6, "in one sample the total effect is c = c′ + a·b: check '
             'that all three regressions use the same standardised S, T and L"',
             lambda v: {name: Expect.number(_mediation(v)[name], tol=MEDIATION_TOL)
                        for name in ("a", "b", "direct", "total")},
             hint="standardise S, T and L first; regress T on S, then L on S and T together (np.linalg.lstsq or "
                  "pingouin.linear_regression), then L on S alone (book: Satisfaction, trust and loyalty)"),
        Part("indirect", 2,
             "Set `indirect` to the indirect effect of satisfaction on loyalty through trust, $a b$, and "
             "`share_mediated` to the share of the total effect that runs through trust, $a b / c$.",
             "indirect = a * b\nshare_mediated = a * b / total",
             "for answer in (indirect, share_mediated):\n"
             '    assert isinstance(answer, numbers.Real), "indirect and share_mediated should be numbers"\n'
             'assert -1 <= share_mediated <= 1, "a share of the total effect"',
             lambda v: {name: Expect.number(_mediation(v)[name], tol=MEDIATION_TOL)
                        for name in ("indirect", "share_mediated")},
             hint="the indirect effect multiplies the two paths through the mediator; the total effect is c"),
        Part("reverse", 2,
             "On another slide the deck calls trust the **premise** (前提) of satisfaction: trust → "
             "satisfaction → loyalty. Fit the same model with trust as the cause and satisfaction as the "
             "mediator. Set `indirect_reverse` to the indirect effect of trust on loyalty through satisfaction "
             "and `share_mediated_reverse` to its share of trust's total effect on loyalty.",
             "a_reverse = (T * S).sum() / (T * T).sum()\n"
             "direct_reverse, b_reverse = np.linalg.lstsq(np.column_stack([T, S]), L.to_numpy(), rcond=None)[0]\n"
             "indirect_reverse = a_reverse * b_reverse\n"
             "share_mediated_reverse = indirect_reverse / ((T * L).sum() / (T * T).sum())",
             "for answer in (indirect_reverse, share_mediated_reverse):\n"
             '    assert isinstance(answer, numbers.Real), "both should be numbers"',
             lambda v: {name: Expect.number(_mediation(v)[name], tol=MEDIATION_TOL)
                        for name in ("indirect_reverse", "share_mediated_reverse")},
             hint="swap the roles: regress S on T, then L on T and S together, then L on T alone"),
    ),
    written=(
        Written("memo", 3,
                "In four or five sentences for a brand manager after a food-safety scandal like Shuanghui's "
                "(2011): what do your two retained shares say about the value of building strong trust *before* "
                "a crisis, and what should the firm do first *after* one?",
                "Building strong trust raises the share retained after the same breach (compare the two shares): "
                "strong-trust customers forgive, weak-trust ones leave at any breach, so trust built in good "
                "years is what carries customers through a crisis. First a sincere apology and visible "
                "food-safety discipline (open workshops, independent tests), because the semi-strong customers "
                "come back only when the breach no longer looks beyond what they tolerate.",
                rubric=(Criterion(1, "uses the two retained shares (with the student's numbers) to argue that "
                                     "stronger trust carries customers through a breach"),
                        Criterion(1, "explains the mechanism: which strengths stay, which leave, and why"),
                        Criterion(1, "recommends a first step that rebuilds trust (apology, visible control)"))),
        Written("mediation", 4,
                "In five to seven sentences, with your numbers from Parts 7–9: does trust carry satisfaction into "
                "loyalty in these data, fully (the direct effect vanishes), partly, or not at all? The deck says "
                "both that trust *mediates* and that it is the *premise*: can these data tell the two readings "
                "apart? And say what your trust score is and is not a measure of.",
                "Partly: the indirect effect a·b is about 0.10, some 14 % of the total effect of about 0.69, "
                "while the direct effect c′ of about 0.59 stays large, so this is partial (complementary) "
                "mediation, not the full mediation the deck claims. With trust first, satisfaction carries about "
                "half of trust's effect: both orderings use the same two regressions and fit the data equally "
                "well, so one cross-sectional survey cannot say which comes first; that needs theory, repeated "
                "measures of the same customers, or an experiment. The trust score is two statements of a "
                "reputation survey's quality scale (a reliable partner: reliability trust; a trustworthy "
                "company: honesty trust), not a validated trust scale, asked in the same questionnaire as "
                "satisfaction and loyalty (common-method bias); satisfaction is a single item.",
                rubric=(Criterion(1, "classifies the mediation as partial, with the indirect, direct and total "
                                     "effects or the share mediated from the student's own results"),
                        Criterion(1, "compares the two orderings and concludes that these data cannot decide the "
                                     "direction (same regressions, equal fit; cross-sectional)"),
                        Criterion(1, "says what the trust measure is (two reputation items: reliability and "
                                     "honesty) and what it is not (a validated trust scale)"),
                        Criterion(1, "names what would settle the question or strengthen the test (panel data, "
                                     "an experiment, a bootstrap interval for a·b, a multi-item trust scale)"))),
        Written("limits", 3,
                "The share retained jumps when the breach crosses the tolerance ceiling. In three or four "
                "sentences: is that a property of customers or of the model? What would you measure to set the "
                "ceiling for a real firm?",
                "The jump comes from a single ceiling for all semi-strong customers; real tolerance varies, so "
                "retention falls gradually. Measure stated switching intentions after scenarios of breaches of "
                "different severity, or observed churn after past incidents.",
                rubric=(Criterion(1, "says the jump comes from one common ceiling (a model simplification)"),
                        Criterion(1, "explains that tolerance varies between customers, smoothing the curve"),
                        Criterion(1, "proposes a measurement (scenario survey, churn after past incidents)"))),
    ),
)
