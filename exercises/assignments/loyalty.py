"""Assignment "loyalty": the Dick & Basu matrix on made-up and real survey data, satisfaction → retention and word
of mouth (L4, S9, S10)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.loyalty import LOYALTY_SEGMENTS, loyalty_segment
from crmlab.satisfaction import retention_band, word_of_mouth


def inputs(draw):
    """Eight café customers: relative attitude (1–10) and the share of their last ten visits made to this
    café (made-up teaching data), the cut lines, a satisfaction score, and a run of lost customers; then the
    student's own sample of 300 real respondents of the corporate-reputation survey.

    Constraints: every one of the four segments has at least one café customer, and at least five of the
    sampled respondents (so that each segment's mean switching cost means something).
    """
    import pandas as pd

    from crmlab.data import load
    from crmlab.loyalty import LOYALTY_SEGMENTS, loyalty_segment

    names = [f"c{number:02d}" for number in range(1, 9)]
    attitude = pd.Series({name: draw.integer(1, 10) for name in names})
    repeat = pd.Series({name: draw.integer(0, 10) / 10 for name in names})
    attitude_cut, repeat_cut = draw.choice([5.5, 6.5]), draw.choice([0.45, 0.55])
    draw.require(loyalty_segment(attitude, repeat, attitude_cut, repeat_cut).nunique() == 4)
    losses = {"lost_per_day": draw.integer(1, 5), "tells": draw.integer(5, 15), "days": draw.choice([20, 30, 60])}
    rating = draw.choice([1, 2, 3, 4, 5])
    items = ["like_1", "like_2", "cusl_3", "switch_1", "switch_2", "switch_3", "switch_4"]
    survey = draw.rows(load("corp_rep").dropna(subset=items)[items], 300)  # of the 341 who answered all seven
    segments = loyalty_segment(survey[["like_1", "like_2"]].astype(float).mean(axis=1),
                               survey["cusl_3"].astype(float), attitude_cut=4.5, repeat_cut=5)
    draw.require(segments.value_counts().reindex(LOYALTY_SEGMENTS).fillna(0).min() >= 5)
    return {"survey": survey, "attitude": attitude, "repeat": repeat, "attitude_cut": attitude_cut,
            "repeat_cut": repeat_cut, "rating": rating, "losses": losses}


def _segments(v):
    return loyalty_segment(v["attitude"], v["repeat"], v["attitude_cut"], v["repeat_cut"])


def _survey_segments(v):
    """The Dick & Basu segment of each sampled respondent: relative attitude (like_1, like_2) and stated
    patronage (cusl_3), each high when above the scale's neutral point 4."""
    survey = v["survey"]
    return loyalty_segment(survey[["like_1", "like_2"]].astype(float).mean(axis=1), survey["cusl_3"].astype(float),
                           attitude_cut=4.5, repeat_cut=5)


def _segment_means(v, frame):
    return frame.groupby(_survey_segments(v)).mean().reindex(list(LOYALTY_SEGMENTS))


ZH = Translation(
    title="练习 4：客户忠诚：虚构数据与真实数据中的细分、顾客保持与口碑",
    intro=(
        "Dick 和 Basu（1994）把**态度取向**与**重复购买**交叉：忠诚、潜在忠诚、虚假忠诚和不忠诚。第 1–3 部分对八位咖啡"
        "馆顾客（教学用虚构数据）进行归类。课程资料还给出了一张从满意度计分到顾客保持率的表和一些口碑数字（第 4–5 部"
        "分）；它们是课件转述的民间统计，并非研究结果。\n\n"
        "第 6–7 部分使用**真实**数据：`survey` 取自 Hair、Hult、Ringle 和 Sarstedt《PLS-SEM 入门》中的企业声誉调查（数"
        "据集`corp_rep`），是从回答了这里所用题项的四家德国移动电话运营商的 341 位顾客中为你随机抽取的 300 位。这些测"
        "量究竟是什么，如实说明：**态度**是两条把该公司与其他公司比较的陈述的均值，`like_1`“与其他公司相比，我更认同这"
        "家公司”和 `like_2`“如果这家公司不存在了，与其他公司相比，我会更遗憾失去它”：这是 Dick 和 Basu 所要求的*相对*"
        "态度。**惠顾**是 `cusl_3`“我将来会继续做这家公司的顾客”：这是表述的意向，*不是*观察到的重复购买。课程中没有哪"
        "个真实数据集对同一批顾客同时测量了两者（练习 6 的 CDNOW 购买记录只有行为，没有态度）。转移成本是 `switch_1`–`"
        "switch_4` 的均值（“转换要花我很多时间／花费太多／费很大力气／会很麻烦”；1–5 分）。其他题项均为 1–7 分。"
    ),
    parts={
        "one": (
            "把 `segment_c03` 设为顾客 c03 的细分（在 `attitude_cut` 和 `repeat_cut` 处切分）。",
            "态度高且重复购买高为忠诚；态度高而重复购买低为潜在忠诚（书中：忠诚矩阵）"),
        "all": (
            "把 `segments` 设为全部八位顾客的 顾客 → 细分 的 Series。",
            "对每位顾客用同样的规则；loyalty_segment 可以接受整个 Series"),
        "spurious": (
            "把 `n_spurious` 设为虚假忠诚的顾客人数。",
            "虚假忠诚：经常光顾但态度并不积极"),
        "band": (
            "课件说，在 5 分制上给满意度打 `rating` 分的顾客，一年后仍是顾客的比例落在某个区间内。把 `retention_ratin"
            "g` 设为该区间的中点（0–1）。",
            "retention_band 给出区间的两端（书中：顾客保持与口碑）"),
        "word-of-mouth": (
            "一家咖啡馆每天流失 `losses['lost_per_day']` 位顾客，持续 `losses['days']` 天，每人告诉 `losses['tells']`"
            " 个人。把 `people_reached` 设为听说此事的人数。",
            "流失的顾客总数乘以每人告诉的人数"),
        "real-segments": (
            "对 `survey` 的每位受访者，把态度设为 `like_1` 和 `like_2` 的均值，把惠顾设为 `cusl_3`；高于量表中点 4 即"
            "为高（所以态度在 4.5、惠顾在 5 处切分）。把 `survey_segments` 设为每位受访者的 Dick & Basu 细分，把 `seg"
            "ment_shares` 设为四个细分中受访者所占的比例（0–1）（以细分名称为索引的 Series 或 dict）。",
            "与咖啡馆相同的 loyalty_segment，作用于整列；value_counts(normalize=True) 给出比例"),
        "switching": (
            "Dick 和 Basu 认为*虚假*忠诚靠转移成本等情境因素维持。把每位受访者的转移成本设为 `switch_1`–`switch_4` 的"
            "均值，并把 `switching_by_segment` 设为四个细分中各自的均值（以细分名称为索引的 Series 或 dict）。",
            "先求每位受访者的转移成本（四个题项的均值），再按细分分组"),
    },
    written={
        "memo": WrittenText(
            "给咖啡馆老板写四五句话：对潜在忠诚的顾客你会做什么，"
            "对虚假忠诚的顾客又做什么？为什么使用顾客保持表和口碑数字要谨慎？",
            model_answer="对潜在忠诚的顾客：消除妨碍他们再次光顾的障碍（位置、营业时间、提醒）；"
                         "对虚假忠诚的顾客：在竞争对手让转换变得容易之前建立态度（体验、认出并记住顾客）"
                         "。这些数字是课件转述的民间说法，查不到出处研究，而且各页课件之间互相矛盾。",
            criteria=("为潜在忠诚提出恰当的措施（消除情境障碍）",
                      "为虚假忠诚提出恰当的措施（建立相对态度）",
                      "说明为什么顾客保持表和口碑数字不是证据")),
        "measures": WrittenText(
            "写四五句话：调查的测量满足了 Dick 和 Basu 两项要求中的哪一项，哪一项没有满足？"
            "这对你的虚假忠诚和潜在忠诚细分有什么影响？转移成本表支持他们对虚假忠诚的解释吗"
            "？还有什么能解释它？要按他们的本意画出这个矩阵，你需要什么数据？",
            model_answer="态度是相对的（两条陈述都把该公司与其他公司相比较），符合 Dick 和 Basu 的要求；"
                         "惠顾则是表述的继续做顾客的意向，而不是观察到的重复购买，所以两条轴都是态度，"
                         "“虚假忠诚”的顾客是说自己会留下却没有依恋感的人，而不是被观察到在购买的人。"
                         "虚假忠诚的顾客报告的转移成本高于不忠诚的顾客（约 2.7 对 2.3），这符合情境因素的解"
                         "释，但忠诚的顾客报告的转移成本最高，而且感知到的转移成本本身会随喜爱程度上升，"
                         "所以它在一定程度上也是一种态度。要按原意画出这个矩阵，需要把同一批顾客的相对态度调"
                         "查与他们的购买记录（重复购买、钱包份额）联系起来；CDNOW 只有行为，没有任何态度。",
            criteria=("相对态度的要求得到满足（与其他公司比较）；"
                      "惠顾是表述的意向而不是行为，并说明这对细分有什么影响",
                      "正确解读转移成本的均值（虚假忠诚高于不忠诚，忠诚最高）"
                      "，并说出另一种解释（感知到的成本随喜爱程度变化）",
                      "说出所需的数据：与同一批顾客的购买记录相联系的态度调查")),
        "target": WrittenText(
            "运营商今年只能资助一个项目，面向你样本中潜在忠诚*或*虚假忠诚的顾客。写四五句话："
            "你会选择哪个细分、什么样的项目，为什么？使用你的比例和转移成本，并说明花钱之前要核实什么。",
            model_answer="只要依据数字论证，选哪一个细分都能得分。虚假忠诚的顾客是较大的群体（约四分之一），"
                         "一旦竞争对手降低转换壁垒就有流失的危险：要在此之前建立依恋（认出并记住顾客、"
                         "让顾客更偏爱本企业而非其他企业的服务）。潜在忠诚的顾客很少（约 5%），而且已经喜欢这家"
                         "企业：要消除阻碍他们留下的因素（合约条款、网络覆盖、价格）。花钱之前，"
                         "要核实每个细分的利润，以及实际离开的人数（观察到的流失，而不是表述的意向）。",
            criteria=("根据学生样本中该细分的规模和转移成本选择细分",
                      "项目与细分相匹配（虚假忠诚：建立相对态度；潜在忠诚：消除情境障碍）",
                      "说出花钱之前要做的一项核实（细分的利润或价值、观察到的流失而不是表述的意向）")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "one segment per customer": "每位顾客一个细分",
        "one share per segment, named as in LOYALTY_SEGMENTS": "每个细分一个比例，名称与 LOYALTY_SEGMENTS 中的相同",
        "the shares of all respondents add up to 1": "全部受访者的比例之和应为 1",
        "one mean per segment": "每个细分一个均值",
    },
)
"""The Chinese texts (`crmlab release loyalty --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="loyalty",
    translations={"zh": ZH},
    title="Exercise 4: Customer loyalty (客户忠诚): segments in made-up and real data, retention and word of mouth",
    covers=("L1", "L4", "L10", "S9", "S10"),
    intro="""
Dick and Basu (1994) cross **relative attitude** with **repeat patronage**: loyalty (忠诚), latent loyalty
(潜在忠诚), spurious loyalty (虚假忠诚) and no loyalty (不忠诚). Parts 1–3 place eight café customers (made-up
teaching data). The course material also gives a table from satisfaction score to retention and
word-of-mouth figures (Parts 4–5); they are folk statistics the slides report, not a study.

Parts 6–7 use **real** data: `survey` is your own random sample of 300 of the 341 customers of four German
mobile-phone providers in the corporate-reputation survey of Hair, Hult, Ringle & Sarstedt's *Primer on
PLS-SEM* (data set `corp_rep`) who answered the items used here. What the measures are, honestly: the
**attitude** is the mean of two statements that compare the firm with others, `like_1` "a company that I can
better identify with than other companies" and `like_2` "a company that I would regret more not having if
it no longer existed than other companies": a *relative* attitude, as Dick and Basu ask. The **patronage**
is `cusl_3` "I will remain a customer of the company in the future": a stated intention, *not* observed
repeat buying. No real data set in the course measures both for the same customers (the CDNOW purchases of
Exercise 6 are behaviour without any attitude). Switching costs are the mean of `switch_1`–`switch_4`
("it takes me a great deal of time / costs me too much / takes a lot of effort / would be a hassle to
switch"; answered on 1–5). All other items are on 1–7 scales.
""",
    setup="""
import numbers
import pandas as pd
from crmlab.loyalty import loyalty_segment, LOYALTY_SEGMENTS
from crmlab.satisfaction import retention_band, word_of_mouth
""",
    inputs=inputs,
    parts=(
        Part("one", 1,
             "Set `segment_c03` to customer c03's segment (cut at `attitude_cut` and `repeat_cut`).",
             "segment_c03 = loyalty_segment(attitude['c03'], repeat['c03'], attitude_cut, repeat_cut)",
             'assert segment_c03 in LOYALTY_SEGMENTS, "use one of the names in LOYALTY_SEGMENTS"',
             lambda v: {"segment_c03": Expect.text(_segments(v)["c03"])},
             hint="high attitude and high repeat is loyalty; high attitude with low repeat is latent (book: Loyalty "
                  "matrices)"),
        Part("all", 2,
             "Set `segments` to a Series customer → segment for all eight customers.",
             "segments = loyalty_segment(attitude, repeat, attitude_cut, repeat_cut)",
             'assert len(segments) == 8, "one segment per customer"',
             lambda v: {"segments": Expect.labels(_segments(v))},
             hint="the same rule for every customer; loyalty_segment takes whole Series"),
        Part("spurious", 1,
             "Set `n_spurious` to the number of customers with spurious loyalty.",
             'n_spurious = int((segments == "spurious loyalty").sum())',
             'assert isinstance(n_spurious, numbers.Real), "n_spurious should be a number"',
             lambda v: {"n_spurious": Expect.number(int((_segments(v) == "spurious loyalty").sum()), tol=0)},
             hint="spurious loyalty: frequent visits without a favourable attitude"),
        Part("band", 1,
             "The slides say customers who rate satisfaction `rating` on a 5-point scale are still customers a "
             "year later at some rate in a band. Set `retention_rating` to the middle of that band (0–1).",
             "low, high = retention_band(rating)\nretention_rating = (low + high) / 2",
             'assert isinstance(retention_rating, numbers.Real) and 0 <= retention_rating <= 1',
             lambda v: {"retention_rating": Expect.number(sum(retention_band(v["rating"])) / 2, tol=0.001)},
             hint="retention_band gives the band's two ends (book: Retention and word of mouth)"),
        Part("word-of-mouth", 2,
             "A café loses `losses['lost_per_day']` customers a day for `losses['days']` days, and each tells "
             "`losses['tells']` people. Set `people_reached` to the number of people who hear about it.",
             "lost, people_reached = word_of_mouth(**losses)",
             'assert isinstance(people_reached, numbers.Real)',
             lambda v: {"people_reached": Expect.number(word_of_mouth(**v["losses"])[1], tol=0.5)},
             hint="customers lost in all, times the people each tells"),
        Part("real-segments", 2,
             "For each respondent of `survey`, set the attitude to the mean of `like_1` and `like_2` and the "
             "patronage to `cusl_3`; each is high when it is above the scale's neutral point 4 (so cut the "
             "attitude at 4.5 and the patronage at 5). Set `survey_segments` to each respondent's Dick & Basu "
             "segment and `segment_shares` to the share (0–1) of the respondents in each of the four segments "
             "(a Series or dict indexed by segment name).",
             "survey_attitude = survey[['like_1', 'like_2']].astype(float).mean(axis=1)\n"
             "survey_segments = loyalty_segment(survey_attitude, survey['cusl_3'].astype(float), "
             "attitude_cut=4.5, repeat_cut=5)\n"
             "segment_shares = survey_segments.value_counts(normalize=True)",
             'assert set(dict(segment_shares)) == set(LOYALTY_SEGMENTS), "one share per segment, named as in '
             'LOYALTY_SEGMENTS"\n'
             'assert abs(sum(dict(segment_shares).values()) - 1) < 1e-9, "the shares of all respondents add up to 1"',
             lambda v: {"segment_shares": Expect.numbers(_survey_segments(v).value_counts(normalize=True)
                                                         .reindex(list(LOYALTY_SEGMENTS)), tol=0.001)},
             hint="the same loyalty_segment as for the café, on whole columns; value_counts(normalize=True) gives "
                  "shares"),
        Part("switching", 2,
             "Dick and Basu expect *spurious* loyalty to be held up by situational factors such as switching "
             "costs. Set each respondent's switching cost to the mean of `switch_1`–`switch_4`, and set "
             "`switching_by_segment` to its mean in each of the four segments (a Series or dict indexed by "
             "segment name).",
             "switching = survey[['switch_1', 'switch_2', 'switch_3', 'switch_4']].astype(float).mean(axis=1)\n"
             "switching_by_segment = switching.groupby(survey_segments).mean()",
             'assert set(dict(switching_by_segment)) == set(LOYALTY_SEGMENTS), "one mean per segment"',
             lambda v: {"switching_by_segment": Expect.numbers(_segment_means(
                 v, v["survey"][["switch_1", "switch_2", "switch_3", "switch_4"]].astype(float).mean(axis=1)),
                 tol=0.01)},
             hint="one switching cost per respondent first (mean of four items), then group by segment"),
    ),
    written=(
        Written("memo", 3,
                "For the café owner, in four or five sentences: what would you do for latent-loyal customers and "
                "what for spurious-loyal ones? Why should the retention table and the word-of-mouth numbers be "
                "used with care?",
                "Latent: remove barriers to repeat visits (location, hours, reminders); spurious: build attitude "
                "(experience, personal recognition) before a competitor makes switching easy. The figures are "
                "courseware lore without a traceable study and the slides contradict each other.",
                rubric=(Criterion(1, "a fitting action for latent loyalty (remove situational barriers)"),
                        Criterion(1, "a fitting action for spurious loyalty (build relative attitude)"),
                        Criterion(1, "says why the table and word-of-mouth figures are not evidence"))),
        Written("measures", 3,
                "In four or five sentences: which of Dick and Basu's two requirements do the survey's measures "
                "meet, and which not? What does that do to your spurious and latent segments? Does the "
                "switching-cost table support their explanation of spurious loyalty, and what else could explain "
                "it? What data would you need to draw the matrix as they meant it?",
                "The attitude is relative (both statements compare the firm with other companies), as Dick and "
                "Basu require; the patronage is a stated intention to remain, not observed repeat buying, so "
                "both axes are attitudes and a 'spurious' customer is one who says he will stay without feeling "
                "attached, not one seen buying. Spurious loyals report higher switching costs than the "
                "non-loyal (about 2.7 against 2.3), which fits the situational explanation, but the loyal report "
                "the highest of all, and perceived switching costs rise with liking itself, so they are partly "
                "an attitude too. The matrix as meant needs the same customers' relative attitude from a survey "
                "linked to their purchase records (repeat purchases, share of wallet); CDNOW has the behaviour "
                "without any attitude.",
                rubric=(Criterion(1, "relative attitude met (comparison with other companies); patronage is a "
                                     "stated intention, not behaviour, and says what that does to the segments"),
                        Criterion(1, "reads the switching-cost means correctly (spurious above no loyalty, the "
                                     "loyal highest) and names another explanation (perceived costs go with liking)"),
                        Criterion(1, "names the data needed: attitude survey linked to purchase records of the "
                                     "same customers"))),
        Written("target", 3,
                "The provider can fund one programme this year, for the latent-loyal *or* the spurious-loyal "
                "customers of your sample. In four or five sentences: which segment would you target, with what "
                "kind of programme, and why? Use your shares and switching costs, and say what you would check "
                "before spending.",
                "Either choice earns the points if argued from the numbers. Spurious loyals are the larger group "
                "(about a quarter) and at risk as soon as a rival lowers the switching barrier: build attachment "
                "(recognition, service that makes the firm preferred to others) before that happens. Latent "
                "loyals are few (about 5 %) and already like the firm: remove what keeps them from staying "
                "(contract terms, coverage, price). Check each segment's margin and how many actually leave "
                "(observed churn, not the stated intention) before spending.",
                rubric=(Criterion(1, "chooses a segment using its size and switching costs from the student's "
                                     "sample"),
                        Criterion(1, "matches the programme to the segment (spurious: build relative attitude; "
                                     "latent: remove situational barriers)"),
                        Criterion(1, "names a check before spending (margin or value of the segment, observed "
                                     "churn rather than stated intention)"))),
    ),
)
