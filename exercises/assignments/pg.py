"""Assignment "pg": the Procter & Gamble case: SERVQUAL gaps and an importance–performance map of the eight
pillars, which pillars to fix first on a budget, and importance derived from real survey answers (C-PG, S6, S7,
S12, L10)."""

from itertools import combinations

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.satisfaction import derived_importance, ipa_quadrant, servqual_score

ASPECTS = ("PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7")
SATISFACTION = ("CUSA1", "CUSA2", "CUSA3")


def inputs(draw):
    """The student's own sample of 200 of the 240 consumers of the simulated pillar survey, the cost of raising
    each pillar's mean perception by one point and a budget, and the student's own sample of 200 of the 250 real
    ECSI mobile-phone customers.

    Constraints: one pillar falls short clearly most (by at least 0.03 points); every pillar's mean importance
    and mean perception lie at least 0.02 points from the cut lines of the map; the budget cannot close every
    shortfall, and the best set of pillars it can close raises the mean score by at least 0.005 more than the
    next best.
    """
    from itertools import combinations

    from crmlab.data import load

    survey = draw.rows(load("pg_survey"), 200)
    part = {}
    for prefix in ("P_", "E_", "I_"):
        chosen = [c for c in survey.columns if c.startswith(prefix)]
        part[prefix] = survey[chosen].set_axis([c[len(prefix):] for c in chosen], axis=1)
    gap, importance, perception = (part["P_"] - part["E_"]).mean(), part["I_"].mean(), part["P_"].mean()
    short = gap[gap < 0].sort_values()
    draw.require(short.iloc[1] - short.iloc[0] >= 0.03)
    draw.require(min((importance - importance.mean()).abs().min(), (perception - perception.mean()).abs().min())
                 >= 0.02)
    cost_per_point = {pillar: draw.integer(2, 10) for pillar in gap.index}
    budget = draw.integer(6, 16)
    weight = importance / importance.sum()
    closable = sorted((sum(weight[p] * -gap[p] for p in chosen), chosen)
                      for size in range(len(short) + 1) for chosen in combinations(sorted(short.index), size)
                      if sum(cost_per_point[p] * -gap[p] for p in chosen) <= budget)
    draw.require(len(closable[-1][1]) < len(short) and closable[-1][0] - closable[-2][0] >= 0.005)
    quality = draw.rows(load("mobi")[["PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7",
                                      "CUSA1", "CUSA2", "CUSA3"]], 200)
    return {"survey": survey, "cost_per_point": cost_per_point, "budget": budget, "quality": quality}


def _analysis(v) -> dict:
    """Every measure the parts ask for, computed once per variant (each part asks for its own)."""
    if _LAST.get("variant") is not v:
        _LAST.update(variant=v, analysis=_analyse(v))
    return _LAST["analysis"]


_LAST: dict = {}


def _analyse(v) -> dict:
    survey = v["survey"]
    frames = {}
    for prefix in ("P_", "E_", "I_"):
        chosen = [c for c in survey.columns if c.startswith(prefix)]
        frames[prefix] = survey[chosen].astype(float).set_axis([c[len(prefix):] for c in chosen], axis=1)
    perceptions, expectations, importance = frames["P_"], frames["E_"], frames["I_"].mean()
    gap = (perceptions - expectations).mean()
    scores = servqual_score(perceptions, expectations, weights=importance)
    # Closing pillar j's mean gap costs cost_per_point[j] × |gap_j| and raises the mean score by w_j × |gap_j|.
    weight, cost = importance / importance.sum(), v["cost_per_point"]
    short = sorted(gap[gap < 0].index)
    rise, fund = max((sum(weight[p] * -gap[p] for p in chosen), chosen)
                     for size in range(len(short) + 1) for chosen in combinations(short, size)
                     if sum(cost[p] * -gap[p] for p in chosen) <= v["budget"])
    quality = v["quality"].astype(float)
    derived = derived_importance(quality[list(ASPECTS)], quality[list(SATISFACTION)].mean(axis=1))
    return {"gap": gap, "mean_sq": scores.mean(), "share_below": (scores < 0).mean(),
            "largest_shortfall": gap.idxmin(), "quadrants": ipa_quadrant(importance, perceptions.mean()),
            "fund": list(fund), "sq_rise": float(rise), "derived": derived,
            "derived_quadrants": ipa_quadrant(derived, quality[list(ASPECTS)].mean())}


ZH = Translation(
    title="练习 10：案例：宝洁：用服务质量量表和重要性—绩效分析倾听消费者的声音",
    intro=(
        "讲义《客户忠诚管理》介绍了宝洁赢得消费者忠诚的八条支柱，出自宝洁前品牌经理查尔斯·德克尔（Charles Decker）：信"
        "任消费者；永远不要愚弄他们；价值由顾客决定；像顾客那样思考；成交之后不要冷落顾客；消费者是老板；对顾客负责；"
        "倾听消费者的声音。要*倾听*，企业就必须询问：把每位消费者对某一属性的感知 P 与其期望 E 相比较并对差距加权，SQ "
        "= Σ W (P − E)，再把重要性与绩效画在同一张图上（讲义《顾客满意及其管理》；帕拉苏拉曼（Parasuraman）、泽丝曼尔"
        "（Zeithaml）和贝里（Berry）1988；Martilla 和James 1977）。\n\n"
        "宝洁的消费者研究并不公开：`survey` 是从一项**模拟**调查（数据集 `pg_survey`；见案例页面及其数据卡片）的 240 "
        "位消费者中为你抽取的 200 位，他们就一家日用消费品企业的八个属性（每条支柱一个）在 7 分量表上各打三次分：`E_…`"
        " 一家优秀企业会怎么做，`P_…` 这家企业怎么做，`I_…` 这对他们有多重要。属性的均值是为了给课堂讨论而编造的，与宝"
        "洁无关。最后一部分使用**真实**回答：`quality` 是从欧洲顾客满意度指数调查（Tenenhaus 等 2005，数据集 `mobi`，1"
        "–10 分）中一家移动电话运营商的 250 位顾客里为你抽取的 200 位，他们评价了质量的六个方面：`PERQ2` 网络质量、`PE"
        "RQ3` 服务与咨询、`PERQ4` 所用服务的质量、`PERQ5` 服务范围、`PERQ6` 可靠性、`PERQ7` 信息清晰，以及总体满意度 `"
        "CUSA1`–`CUSA3`。"
    ),
    parts={
        "gaps": (
            "把 `survey` 拆成三张以支柱属性名为列的表：`perceptions`（`P_…` 列）、`expectations`（`E_…`）和 `importan"
            "ce`（`I_…`），例如 `P_honest_claims` 变为 `honest_claims`。把 `mean_gap` 设为每条支柱的平均差距 P − E（"
            "以属性名为索引的 Series）。",
            "逐个受访者求 P − E，再求每列的均值（书中：服务质量量表）"),
        "scores": (
            "以每条支柱的平均陈述重要性（归一化使其和为 1）为权重，把 `mean_sq` 设为消费者加权得分 $SQ_i = \\sum_j W_"
            "j (P_{ij} - E_{ij})$ 的均值，把 `share_below` 设为得分低于 0 的消费者比例。",
            "servqual_score 会自行归一化权重；每位消费者一个得分，再求均值和低于零的比例"),
        "largest": (
            "把 `largest_shortfall` 设为平均感知比平均期望低得最多的那条支柱的属性名。",
            "最负的平均差距"),
        "ipa": (
            "把每条支柱放到重要性—绩效图上：平均陈述重要性对平均感知，在均值处切分。把 `pillar_quadrants` 设为每条支"
            "柱的象限（Series 或 dict）。",
            "重要性高而绩效低为急需改进区（书中：重要性—绩效分析）"),
        "fix-first": (
            "弥补一条支柱的差距，就是把其平均感知提高到平均期望：成本为 `cost_per_point[pillar]`（每分百万元）乘以差"
            "距的大小，使平均加权得分提高该支柱的归一化权重乘以差距的大小。只有平均差距为负的支柱才能弥补，每条要么全"
            "部弥补，要么不弥补，总额不得超过 `budget`（百万元）。把 `fund` 设为在预算内使平均得分提高最多的支柱列表"
            "（按字母顺序；逐一尝试所有组合），把 `sq_rise` 设为这一提高。",
            "对每个有差距的支柱组合：其成本（每分成本 × 差距）和收益（权重 × 差距）；保留负担得起且收益最大的组合"),
        "derived": (
            "大多数真实调查不问每个属性有多重要。在 `quality` 中，把每个方面的重要性推导为其评分与总体满意度（`CUSA1`"
            "–`CUSA3` 的均值）的相关系数（`derived_importance`）。把 `derived` 设为 `PERQ2`–`PERQ7` 的推导重要性，把 "
            "`derived_quadrants` 设为每个方面相对于其平均评分的象限，在均值处切分。",
            "推导重要性是与满意度指数的皮尔逊相关系数（书中：案例页面，倾听真实顾客）"),
    },
    written={
        "fix-first-memo": WrittenText(
            "给企业的消费者研究总监写四五句话：你的 `fund`、`largest_shortfall` 和急需改进区"
            "一致吗？应当由哪一个来决定预算？“先弥补差距”的规则遗漏了什么？",
            model_answer="三者不一定一致：最大的差距可能出现在消费者认为不太重要的支柱上，重要性—绩效图不考"
                         "虑成本，而“先弥补差距”的规则把差距、重要性和成本放在一起权衡，所以它可能资助两条便"
                         "宜的支柱，而不是最急需改进的那一条。预算应当遵循这一规则的逻辑（每元带来的价值），"
                         "并用重要性—绩效图加以核对。这一规则假定：无论差距多大，弥补每一分差距的成本都一样"
                         "；超出期望不会带来额外的收益；一个题项就能测量一条支柱；陈述重要性就是正确的权重。",
            criteria=("用学生自己的结果比较 `fund`、`largest_shortfall` 和各象限",
                      "论证应当由哪一个来决定预算（同时考虑成本和重要性）",
                      "说出这一规则忽略的假设（成本是线性的、单一题项、权重）")),
        "importance": WrittenText(
            "写四五句话：陈述重要性（直接询问）与推导重要性（与满意度求相关）有何不同？对什么决策你会相信"
            "哪一个？同学的样本把某些方面放在与你不同的象限：这说明由 200 份回答画出的重要性—绩效图怎样？",
            model_answer="陈述重要性说明消费者认为什么重要（安全、诚实）；它变化不大，而且每一项都很高。"
                         "推导重要性说明在这些回答中是什么在影响满意度；一个人人都做得好的属性（安全）几乎没有变化，"
                         "相关性也很低，尽管失去它将是一场灾难。对于绝不能出错的方面用陈述重要性，对于为提高满意度而"
                         "要改进的方面用推导重要性。靠近分界线的点会随样本变换象限：图中的象限归属只是估计，"
                         "所以在对处于边界的方面采取行动之前，要报告它与分界线的距离或做自助法检验。",
            criteria=("说明陈述重要性与推导重要性的区别",
                      "把每一种重要性与一类决策相对应（绝不能出错的方面与能提高满意度的方面）",
                      "说明在 200 人的样本中，靠近分界线的象限归属是不确定的")),
        "attitude": WrittenText(
            "讲义说宝洁以消费者为中心“不是一种方法，而是一种态度”。写三四句话：八条支柱中哪些能通过消"
            "费者调查测量，哪些是消费者看不到的企业内部态度？你还能用什么办法弄清一家企业是否在倾听？",
            model_answer="消费者能评判到达他们手中的东西：诚实的宣传、物有所值、合适的产品、售后关怀、对反馈的答复。"
                         "“信任消费者”“消费者是老板”和“像顾客那样思考”是企业员工的态度，只能通过他们的产出看到。"
                         "要衡量企业是否在倾听，就看企业如何对待消费者的声音：答复一次抱怨所需的时间、"
                         "根据消费者反馈改进的产品所占的比例、经理们是否阅读抱怨，以及员工自己对企业文化的调查。",
            criteria=("把调查能测量的支柱与企业内部的态度区分开",
                      "给出理由（消费者只看得到结果）",
                      "提出企业在倾听的其他证据（答复时间、产品改进、内部测量）")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "one mean gap per pillar": "每条支柱一个平均差距",
        "one of the attribute names": "应该是属性名之一",
        "a list of attribute names": "应该是一个属性名列表",
        "one value per aspect": "每个方面一个值",
    },
)
"""The Chinese texts (`crmlab release pg --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="pg",
    translations={"zh": ZH},
    title="Exercise 10: Case: Procter & Gamble (宝洁): listening to the consumer's voice with SERVQUAL and IPA",
    covers=("C-PG", "S6", "S7", "S12", "L10"),
    intro="""
The lecture *客户忠诚管理* (Loyalty management) presents the eight pillars on which Procter & Gamble wins
consumer loyalty, after the former P&G brand manager Charles Decker: trust consumers; never fool them; the
customer decides value; think as the customer thinks; don't neglect customers once the sale is made; the
consumer is the boss; be responsible to the customer; listen to the consumer's voice. To *listen*, a firm
must ask: compare each consumer's perception P of an attribute with his or her expectation E and weight the
gaps, SQ = Σ W (P − E), and map importance against performance (the lecture *顾客满意及其管理*, Customer
satisfaction and its management; Parasuraman, Zeithaml & Berry 1988; Martilla & James 1977).

P&G's consumer research is not public: `survey` is your own sample of 200 of the 240 consumers of a
**simulated** survey (data set `pg_survey`; see the case page and its data card) who rate a consumer-goods firm
on eight attributes, one per pillar, three times on 7-point scales: `E_…` what an excellent firm would do,
`P_…` what this firm does, `I_…` how important it is to them. The attribute means were invented to give the
class something to discuss; they say nothing about P&G. The last part uses **real** answers: `quality` is
your own sample of 200 of the 250 customers of a mobile-phone provider in the ECSI survey (Tenenhaus et al.
2005, data set `mobi`, 1–10 scales), rating six aspects of quality, `PERQ2` network quality, `PERQ3` service
and advice, `PERQ4` quality of the services used, `PERQ5` range of services, `PERQ6` reliability, `PERQ7`
clear information, and their overall satisfaction `CUSA1`–`CUSA3`.
""",
    setup="""
import numbers
from itertools import combinations
import pandas as pd
from crmlab.satisfaction import derived_importance, ipa_quadrant, servqual_score, IPA_QUADRANTS
""",
    inputs=inputs,
    parts=(
        Part("gaps", 2,
             "Split `survey` into three tables with the pillars' attribute names as columns: `perceptions` (the "
             "`P_…` columns), `expectations` (`E_…`) and `importance` (`I_…`), e.g. `P_honest_claims` becoming "
             "`honest_claims`. Set `mean_gap` to the mean gap P − E of each pillar (a Series indexed by the "
             "attribute names).",
             "def columns(prefix):\n"
             "    chosen = [c for c in survey.columns if c.startswith(prefix)]\n"
             "    return survey[chosen].astype(float).set_axis([c[len(prefix):] for c in chosen], axis=1)\n\n"
             'perceptions, expectations, importance = columns("P_"), columns("E_"), columns("I_")\n'
             "mean_gap = (perceptions - expectations).mean()",
             'assert len(mean_gap) == 8, "one mean gap per pillar"',
             lambda v: {"mean_gap": Expect.numbers(_analysis(v)["gap"], tol=0.001)},
             hint="P − E respondent by respondent, then the mean of each column (book: SERVQUAL)"),
        Part("scores", 2,
             "Weight each pillar by its mean stated importance (normalised to sum to 1) and set `mean_sq` to the "
             "mean weighted score $SQ_i = \\sum_j W_j (P_{ij} - E_{ij})$ over the consumers, and `share_below` "
             "to the share of consumers whose score is below 0.",
             "sq_scores = servqual_score(perceptions, expectations, weights=importance.mean())\n"
             "mean_sq = sq_scores.mean()\n"
             "share_below = (sq_scores < 0).mean()",
             "for answer in (mean_sq, share_below):\n"
             '    assert isinstance(answer, numbers.Real), "numbers"\n'
             'assert 0 <= share_below <= 1, "a share"',
             lambda v: {name: Expect.number(_analysis(v)[name], tol=0.001) for name in ("mean_sq", "share_below")},
             hint="servqual_score normalises the weights itself; one score per consumer, then the mean and the "
                  "share below zero"),
        Part("largest", 1,
             "Set `largest_shortfall` to the attribute name of the pillar whose mean perception falls furthest "
             "below its mean expectation.",
             "largest_shortfall = mean_gap.idxmin()",
             'assert largest_shortfall in set(mean_gap.index), "one of the attribute names"',
             lambda v: {"largest_shortfall": Expect.text(_analysis(v)["largest_shortfall"])},
             hint="the most negative mean gap"),
        Part("ipa", 2,
             "Place each pillar on the importance–performance map: mean stated importance against mean "
             "perception, cut at the means. Set `pillar_quadrants` to each pillar's quadrant (a Series or dict).",
             "pillar_quadrants = ipa_quadrant(importance.mean(), perceptions.mean())",
             'assert set(dict(pillar_quadrants).values()) <= set(IPA_QUADRANTS), "use the names in IPA_QUADRANTS"',
             lambda v: {"pillar_quadrants": Expect.labels(_analysis(v)["quadrants"])},
             hint="high importance with low performance is urgent improvement (book: IPA)"),
        Part("fix-first", 3,
             "Closing a pillar's shortfall means raising its mean perception up to its mean expectation: it "
             "costs `cost_per_point[pillar]` (million yuan per point) times the size of the gap, and raises the "
             "mean weighted score by the pillar's normalised weight times the size of the gap. Only pillars with "
             "a negative mean gap can be closed, each wholly or not at all, and the total may not exceed "
             "`budget` (million yuan). Set `fund` to the list of pillars, in alphabetical order, that raises the "
             "mean score most within the budget (try every combination), and `sq_rise` to that rise.",
             "weight = importance.mean() / importance.mean().sum()\n"
             "short = sorted(mean_gap[mean_gap < 0].index)\n"
             "best = (0.0, [])\n"
             "for size in range(1, len(short) + 1):\n"
             "    for chosen in combinations(short, size):\n"
             "        if sum(cost_per_point[p] * -mean_gap[p] for p in chosen) <= budget:\n"
             "            rise = sum(weight[p] * -mean_gap[p] for p in chosen)\n"
             "            if rise > best[0]:\n"
             "                best = (rise, list(chosen))\n"
             "sq_rise, fund = best",
             'assert isinstance(fund, list) and set(fund) <= set(mean_gap.index), "a list of attribute names"\n'
             'assert isinstance(sq_rise, numbers.Real)',
             lambda v: {"fund": Expect.labels(_analysis(v)["fund"]),
                        "sq_rise": Expect.number(_analysis(v)["sq_rise"], tol=0.0005)},
             hint="for each combination of pillars with a shortfall: its cost (cost per point × gap) and its "
                  "gain (weight × gap); keep the affordable one with the largest gain"),
        Part("derived", 2,
             "Most real surveys do not ask how important each attribute is. In `quality`, derive each aspect's "
             "importance as the correlation of its rating with overall satisfaction (the mean of `CUSA1`–`CUSA3`; "
             "`derived_importance`). Set `derived` to the derived importance of `PERQ2`–`PERQ7` and "
             "`derived_quadrants` to each aspect's quadrant against its mean rating, cut at the means.",
             "aspects = ['PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7']\n"
             "answers = quality.astype(float)\n"
             "derived = derived_importance(answers[aspects], answers[['CUSA1', 'CUSA2', 'CUSA3']].mean(axis=1))\n"
             "derived_quadrants = ipa_quadrant(derived, answers[aspects].mean())",
             'assert len(derived) == 6 and len(derived_quadrants) == 6, "one value per aspect"',
             lambda v: {"derived": Expect.numbers(_analysis(v)["derived"], tol=0.001),
                        "derived_quadrants": Expect.labels(_analysis(v)["derived_quadrants"])},
             hint="derived importance is a Pearson correlation with the satisfaction index (book: the case page, "
                  "Listening to real customers)"),
    ),
    written=(
        Written("fix-first-memo", 3,
                "In four or five sentences for the firm's consumer-research director: do your `fund`, "
                "`largest_shortfall` and the urgent-improvement quadrant agree? Which should drive the budget, "
                "and what does the fix-first rule leave out?",
                "They need not agree: the largest gap may lie on a pillar consumers find less important, the "
                "map ignores costs, and the rule weighs gap, importance and cost together, so it may fund two "
                "cheap pillars instead of the most urgent one. The budget should follow the rule's logic (value "
                "per yuan) with the map as a check. The rule assumes that closing a gap costs the same per point "
                "however large it is, that exceeding an expectation earns nothing extra, that one item measures "
                "a pillar, and that stated importance is the right weight.",
                rubric=(Criterion(1, "compares fund, largest_shortfall and the quadrants with the student's "
                                     "results"),
                        Criterion(1, "argues which should drive the budget (cost and importance together)"),
                        Criterion(1, "names assumptions the rule leaves out (linear costs, one item, weights)"))),
        Written("importance", 3,
                "In four or five sentences: how do stated importance (asked) and derived importance (correlated "
                "with satisfaction) differ, and which would you trust for which decision? Your classmates' "
                "samples put some aspects in other quadrants than yours: what does that say about an "
                "importance–performance map drawn from 200 answers?",
                "Stated importance says what consumers think matters (safety, honesty); it varies little and is "
                "high for everything. Derived importance says what moves satisfaction in these answers; an "
                "attribute everybody gets right (safety) hardly varies and correlates little, although losing "
                "it would be a disaster. Use stated importance for what must never fail, derived importance for "
                "what to improve to raise satisfaction. Points near the cut lines change quadrant with the "
                "sample: the map's corners are estimates, so report the margins or a bootstrap before acting on "
                "a borderline aspect.",
                rubric=(Criterion(1, "explains the difference between stated and derived importance"),
                        Criterion(1, "matches each kind to a decision (must-not-fail vs what raises satisfaction)"),
                        Criterion(1, "explains that quadrants near the cuts are uncertain in a sample of 200"))),
        Written("attitude", 3,
                "The lecture says P&G's consumer focus \"is not a method but an attitude\". In three or four "
                "sentences: which of the eight pillars can a consumer survey measure, and which are attitudes "
                "inside the firm no consumer can see? How else would you find out whether a firm listens?",
                "Consumers can judge what reaches them: honest claims, value for money, products that fit, "
                "after-sale care, answers to feedback. \"Trust consumers\", \"the consumer is the boss\" and "
                "\"think as the customer thinks\" are attitudes of the firm's people, seen only through what "
                "they produce. Measure listening by what the firm does with the voice: the time to answer a "
                "complaint, the share of products changed after consumer feedback, whether managers read the "
                "complaints, and employees' own survey of the firm's culture.",
                rubric=(Criterion(1, "separates the pillars a survey can measure from inner attitudes"),
                        Criterion(1, "gives a reason (consumers see only outcomes)"),
                        Criterion(1, "proposes other evidence of listening (response times, product changes, "
                                     "internal measures)"))),
    ),
)
