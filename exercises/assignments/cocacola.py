"""Assignment "cocacola": the Coca-Cola case: what a complaint is worth and which response to give it, the
loyalty statistics of the slides, complaint handling in real survey data, and a failure in the value delivery
system (C-CC, L8, R3, S10, V2)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.retention import retention_for_uplift
from crmlab.satisfaction import complaint_outcomes
from crmlab.value import delivered_value

RESPONSES = ("visit", "letter", "ignore")
UPLIFT_POINTS = 0.05


def inputs(draw):
    """A customer's lifetime value, the share of listeners swayed and the word-of-mouth figures chosen from the
    slides; the cost of two responses to a complaint; a discount rate; the student's own sample of 200 of the
    250 real ECSI mobile-phone customers and a cut-off for good complaint handling; and the old lady's
    delivered value of Coca-Cola and of a rival before the pin, after it and after the visit (illustrative
    points).

    Constraints: the best response beats the next by at least 50 yuan; Coca-Cola delivers more value than the
    rival before the pin and after the visit, and less after the pin, each by at least 5 points (the story);
    the lesser worry alone would not have won her back (the visit's personal attention is needed).
    """
    from crmlab.data import load
    from crmlab.satisfaction import complaint_outcomes
    from crmlab.value import delivered_value

    complaint = {"lifetime_value": draw.integer(500, 3000, 100), "swayed": draw.number(0.02, 0.15, 0.01),
                 "handled_tells": draw.choice([8, 10]), "mishandled_tells": draw.choice([10, 22])}
    costs = {"visit": draw.integer(100, 1000, 50), "letter": draw.integer(20, 200, 10), "ignore": 0}
    shared = {"lifetime_value": complaint["lifetime_value"], "swayed": complaint["swayed"]}
    outcome = complaint_outcomes(**complaint)
    worth = {"visit": outcome["handled"], "ignore": outcome["mishandled"],
             "letter": complaint_outcomes(**shared, handled_retention=0.825, handled_tells=8)["handled"]}
    net = sorted(worth[name] - cost for name, cost in costs.items())
    draw.require(net[-1] - net[-2] >= 50)
    coke = {"product": draw.integer(50, 70, 5), "service": draw.integer(5, 15, 5), "personnel": 5,
            "image": draw.integer(30, 50, 5), "monetary": draw.integer(25, 35, 5), "time": 5, "energy": 5,
            "psychological": 5}
    rival = {"product": draw.integer(45, 65, 5), "service": draw.integer(5, 15, 5), "personnel": 5,
             "image": draw.integer(15, 35, 5), "monetary": draw.integer(20, 30, 5), "time": 5, "energy": 5,
             "psychological": 5}
    pin = {"image_lost": draw.integer(5, 20, 5), "worry": draw.integer(20, 60, 5)}
    visit = {"personnel": draw.integer(20, 60, 5), "worry_left": draw.integer(0, 10, 5)}
    after_pin = {**coke, "image": coke["image"] - pin["image_lost"],
                 "psychological": coke["psychological"] + pin["worry"]}
    after_visit = {**after_pin, "personnel": coke["personnel"] + visit["personnel"],
                   "psychological": coke["psychological"] + visit["worry_left"]}
    theirs = delivered_value(**rival).delivered_value
    draw.require(delivered_value(**coke).delivered_value >= theirs + 5)
    draw.require(delivered_value(**after_pin).delivered_value <= theirs - 5)
    draw.require(delivered_value(**after_visit).delivered_value >= theirs + 5)
    draw.require(delivered_value(**{**after_visit, "personnel": coke["personnel"]}).delivered_value <= theirs - 5)
    survey = draw.rows(load("mobi")[["CUSCO", "CUSL1", "CUSL3"]], 200)  # last: a redraw above need not load it
    return {"complaint": complaint, "response_costs": costs, "discount_rate": draw.number(0.05, 0.12, 0.01),
            "survey": survey, "good_handling": draw.choice([6, 7, 8]), "coke": coke, "rival": rival, "pin": pin,
            "visit": visit}


def _response_values(v) -> dict[str, float]:
    """What a complaint is worth after each response, net of its cost: the president's visit leaves the customer
    highly satisfied (the default outcome "handled"), a letter with a coupon satisfied (score 4 of the
    retention table, 80–85 %, telling 8 people, as the slides say of a satisfied customer), no response leaves
    the complaint mishandled."""
    complaint, costs = v["complaint"], v["response_costs"]
    outcome = complaint_outcomes(**complaint)
    letter = complaint_outcomes(complaint["lifetime_value"], complaint["swayed"], handled_retention=0.825,
                                handled_tells=8)["handled"]
    worth = {"visit": outcome["handled"], "letter": letter, "ignore": outcome["mishandled"]}
    return {name: float(worth[name] - costs[name]) for name in RESPONSES}


def _survey(v) -> dict[str, float]:
    survey = v["survey"].astype(float)
    good = survey["CUSCO"] >= v["good_handling"]
    return {"recommend_gap": survey.loc[good, "CUSL3"].mean() - survey.loc[~good, "CUSL3"].mean(),
            "r_recommend": survey["CUSCO"].corr(survey["CUSL3"]),
            "r_choose_again": survey["CUSCO"].corr(survey["CUSL1"])}


def _moments(v) -> dict[str, dict]:
    """Coca-Cola's offer in the old lady's eyes before the pin, after it and after the president's visit."""
    coke, pin, visit = v["coke"], v["pin"], v["visit"]
    after_pin = {**coke, "image": coke["image"] - pin["image_lost"],
                 "psychological": coke["psychological"] + pin["worry"]}
    return {"before": coke, "pin": after_pin,
            "visit": {**after_pin, "personnel": coke["personnel"] + visit["personnel"],
                      "psychological": coke["psychological"] + visit["worry_left"]}}


def _visit_needed(v) -> float:
    """The personnel value the visit must add, at least, for Coca-Cola to deliver as much value as the rival."""
    without = {**_moments(v)["visit"], "personnel": v["coke"]["personnel"]}
    return delivered_value(**v["rival"]).delivered_value - delivered_value(**without).delivered_value


ZH = Translation(
    title="练习 9：案例：可口可乐：一次抱怨值多少，忠诚才是真正的资产",
    intro=(
        "“即使一夜之间我所有的工厂都被烧光，只要有可口可乐这个品牌，我就能东山再起”：讲义《客户忠诚管理》用顾客的忠诚"
        "来解释可口可乐掌门人的这份自信。一位老太太在瓶子里发现了一枚别针；总裁带她参观了灌装厂，她说即使再发现一枚别"
        "针也会继续买可口可乐。讲义的统计数字与故事一同出现：一位不满意的顾客会告诉 8–10 个人（另一页：22 人），满意的"
        "顾客告诉 8 个人，高度满意的顾客告诉 10 个人以上；顾客保持率提高 5% 使利润提高 15%（另一页：85%）。课件没有说"
        "出任何高管的名字，没有给故事标注日期，也没有给这些互相矛盾的数字注明出处：应把它们当作管理界的民间传说。\n\n"
        "你将用 `crmlab.satisfaction.complaint_outcomes` 为这次抱怨估值（抱怨通过顾客保持带来的价值，来自讲义《顾客满"
        "意及其管理》的满意度计分表；以及通过口碑带来的价值，听者中有比例 `swayed` 会按所听到的行事：这是一个假设），"
        "检验顾客保持统计暗含的假设，在**真实**调查回答中考察抱怨处理，并沿价值让渡系统追溯这枚别针。`survey` 是从欧洲"
        "顾客满意度指数调查（Tenenhaus 等 2005，数据集 `mobi`，1–10 分）中一家移动电话运营商的 250 位顾客里为你随机抽取"
        "的 200 位：`CUSCO` 是顾客上一次抱怨处理得如何，对没有抱怨过的人则是他们认为运营商会多重视一次抱怨（文件没有说"
        "明谁抱怨过）；`CUSL1` 是再次选择该运营商的可能性；`CUSL3` 是推荐它的可能性。这家运营商不是可口可乐。"
    ),
    parts={
        "complaint": (
            "处理得好的抱怨使顾客高度满意并告诉 `complaint['handled_tells']` 个人；处理不当则使他很不满意并告诉 `comp"
            "laint['mishandled_tells']` 个人（课件两种说法都有：8–10 人和 22 人）。用 `complaint_outcomes` 和 `compla"
            "int` 中的数字，把 `handled`、`mishandled` 和 `difference` 设为两种情况下这次抱怨对企业的价值及其差额，单"
            "位元。",
            "W = r V ± s n V：保持率乘以终身价值，加上（处理得好）或减去（处理不当）被影响的听者乘以终身价值（书中："
            "案例页面，一次抱怨值多少）"),
        "response": (
            "企业可以用三种方式回应一次抱怨，成本见 `response_costs`（元）：像总裁那样由高层经理 `\"visit\"`（登门拜"
            "访）（顾客最终高度满意：你的 `handled`）；寄一封附优惠券的 `\"letter\"`（信）（顾客最终满意：保持表中的 "
            "4 分，其区间中点为 0.825，告诉 8 个人，终身价值和被影响比例不变）；或 `\"ignore\"`（置之不理）（你的 `mi"
            "shandled`）。把 `response_values` 设为每种回应之后这次抱怨扣除成本后的价值（以三个名称为键的 dict），把 "
            "`best_complaint_response` 设为最好的回应。",
            "写信是 complaint_outcomes 中保持率 0.825、告诉 8 个人的“处理得好”情形；减去每种回应的成本"),
        "folklore": (
            "在利润率不变时，无期限终身价值为 m / (1 + d − r)，所以保持率再提高 5 个百分点会使它提高 0.05 / (1 + d − "
            "r − 0.05)。用你的 `discount_rate`：把 `r_for_15` 设为使 +5 个百分点恰好带来课件所说 +15% 的起始保持率（`"
            "retention_for_uplift`）；把 `uplift_cap` 设为 +5 个百分点可能带来的最大增幅（当 r 趋近其最大可能值 0.95 "
            "时）；把 `reach_85` 设为课件所说的 +85% 是否可能。",
            "对 r 解 0.05 / (1 + d − r − 0.05) = u；当 1 + d − r − 0.05 向 d 缩小时增幅变大（书中：忠诚的价值）"),
        "recommend": (
            "在 `survey` 中，`CUSCO` 至少为 `good_handling` 时称抱怨处理*良好*。把 `recommend_gap` 设为处理良好的顾客"
            " `CUSL3`（会推荐）的均值减去其他顾客的均值，把 `r_recommend` 和 `r_choose_again` 设为 `CUSCO` 与 `CUSL3`"
            " 以及与 `CUSL1` 的相关系数。",
            "用布尔掩码表示处理良好；两侧分别求 CUSL3 的均值；用 Series.corr 求相关"),
        "delivery": (
            "可口可乐的饮料由装瓶商灌装，其中许多是获可口可乐公司授权的独立企业：别针是在离品牌隔着两家企业的地方，在"
            "其价值让渡系统中进入瓶子的。在老太太眼中（示意分值），`coke` 和 `rival` 是两种可乐的价值和成本。别针使可"
            "口可乐的形象价值降低 `pin['image_lost']`，并使她的精神成本增加 `pin['worry']`；拜访使人员价值增加 `visit"
            "['personnel']`，并使她的担忧降到比原来高 `visit['worry_left']`（形象仍然降低）。把 `delivered_coke` 设为"
            "可口可乐在别针之前、之后和拜访之后的让渡价值（键为 `\"before\"`、`\"pin\"`、`\"visit\"` 的 dict），把 `v"
            "isit_needed` 设为拜访至少要增加多少人员价值，才能使可口可乐的让渡价值重新与对手一样多。",
            "每个时刻的让渡价值 = 总价值 − 总成本；担忧降低之后，拜访必须弥补与对手之间剩下的差距（书中：价值让渡系"
            "统）"),
    },
    written={
        "statistics": WrittenText(
            "课件说获取一位新顾客的成本是 16 倍和 5 倍，保持率提高五个百分点带来 +15% 和 +85%，"
            "不满意的顾客会告诉 8–10 人和 22 人。结合你的 `r_for_15`、`uplift_cap` 和 `reach_85` 写四五句话"
            "：你会向首席执行官引用哪个保持率数字？每个数字暗含了什么假设？你会如何在自己的企业中检验它？",
            model_answer="两个数字都不是定律：+15% 适用于起始保持率接近 `r_for_15`、利润率不变的企业；"
                         "+85% 需要 90% 以上的保持率和很低的贴现率，否则根本达不到（`uplift_cap`），除非利润随关系的"
                         "年限增长，就像赖克尔德（Reichheld）和萨瑟（Sasser）研究的服务企业那样。我两个都不会引用，"
                         "而是根据我们自己的保持率、利润率和贴现率算出我们自己的增幅，并通过追踪一个顾客同期群（保持"
                         "率、按关系年限计的利润）或与对照组比较的顾客保持试验来检验它。",
            criteria=("正确使用 `r_for_15`、`uplift_cap` 和 `reach_85`",
                      "说出暗含的假设（起始保持率、利润率不变或增长、贴现率）",
                      "提出用企业自己的数据加以检验（同期群、试验组与对照组）")),
        "pin": WrittenText(
            "写四五句话：从让渡价值和讲义中建立忠诚的五个要素来看，总裁的拜访为什么奏"
            "效？它值得花这笔成本吗（使用你的 `response_values` 和 `visit_needed`）？"
            "价值让渡系统中应当由谁为这类失误买单？品牌所有者应当在上游改变什么？",
            model_answer="拜访增加了人员价值，并消除了别针带来的大部分精神成本，所以可口可乐让渡的价值再次超过了对"
                         "手；它运用了建立客户忠诚度五要素中与关系有关的几项（同理心态、让她确认工厂整洁严谨的理念"
                         "灌输、良性心理刺激）。对一次抱怨而言，只有回应价值表明划算时拜访才值得：总裁的时间很宝贵"
                         "，一封信的效果可能几乎一样好，而拜访的价值在于口碑。不管失误由谁造成，顾客都会归咎于品牌"
                         "，所以品牌所有者必须为装瓶商制定并审核质量标准，并在合同中与它们分担失误的成本。",
            criteria=("用让渡价值解释拜访（人员价值提高、精神成本降低），并用到 `visit_needed`",
                      "用学生自己的 `response_values` 权衡拜访与写信",
                      "把责任归到上游（标准、审核、与装瓶商的合同）")),
        "survey": WrittenText(
            "写三四句话：`recommend_gap`、`r_recommend` 和 `r_choose_again` 说明了抱怨处理与忠诚"
            "之间的什么关系？为什么它们不能证明妥善处理抱怨*使*顾客忠诚？什么样的数据才能证明？",
            model_answer="认为抱怨处理得好的顾客，推荐和再次选择该运营商的意愿要强得多（与推荐的相"
                         "关系数约为 0.45，与再次选择的约为 0.25）。但 `CUSCO` 把真实的抱怨与从未"
                         "抱怨过的顾客的猜测混在一起，而且满意的顾客对什么都评价宽厚（晕轮效应），"
                         "所以因果方向并不确定。要证明这一点，需要观察抱怨受到不同处理（最好是随机"
                         "分配，即对服务补救程序做试验）的抱怨者的行为，以及他们后来的购买。",
            criteria=("用学生自己的数值正确解读这三个数字",
                      "说明为什么这不是因果关系（`CUSCO` 混合了两个问题、晕轮效应、反向因果）",
                      "说出能证明它的数据（抱怨者后来的行为、试验）")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "values in yuan": "这些价值应该是以元为单位的数",
    },
)
"""The Chinese texts (`crmlab release cocacola --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="cocacola",
    translations={"zh": ZH},
    title="Exercise 9: Case: Coca-Cola (可口可乐): what a complaint is worth, and loyalty as the real asset",
    covers=("C-CC", "L8", "R3", "S10", "V2"),
    intro="""
"Even if all my plants burned down overnight, as long as I have the Coca-Cola brand, I could rise again": the
lecture *客户忠诚管理* (Loyalty management) explains the head of Coca-Cola's confidence by customers' loyalty.
An old lady found a pin (别针) in her bottle; the president showed her round a bottling plant, and she said she
would go on buying Coca-Cola even if she found another pin. The lecture's statistics come with the story: a
dissatisfied customer tells 8–10 people (another slide: 22), a satisfied one 8, a highly satisfied one 10 or
more; +5 % retention raises profit by 15 % (another slide: 85 %). The slides name no executive, date no story
and give no source for the figures, which contradict each other: treat them as management folklore.

You value the complaint with `crmlab.satisfaction.complaint_outcomes` (the complaint's value through
retention, from the satisfaction-score table of the lecture *顾客满意及其管理*, and through word of mouth, of
which a share `swayed` of the listeners acts on what they hear: an assumption), test what the retention
statistics silently assume, look at complaint handling in **real** survey answers, and trace the pin through
the value delivery system. `survey` is your own random sample of 200 of the 250 customers of a mobile-phone
provider in the ECSI survey (Tenenhaus et al. 2005, data set `mobi`, 1–10 scales): `CUSCO` how well the
customer's last complaint was handled, or, for those who did not complain, how much they think the provider
would care about one (the file does not say who complained); `CUSL1` how likely they would choose the provider
again; `CUSL3` how likely they would recommend it. The provider is not Coca-Cola.
""",
    setup="""
import numbers
import pandas as pd
from crmlab.retention import retention_for_uplift, retention_uplift
from crmlab.satisfaction import complaint_outcomes
from crmlab.value import delivered_value
""",
    inputs=inputs,
    parts=(
        Part("complaint", 2,
             "A complaint handled well leaves the customer highly satisfied and telling "
             "`complaint['handled_tells']` people; one mishandled leaves him very dissatisfied and telling "
             "`complaint['mishandled_tells']` (the slides give both 8–10 and 22). Set `handled`, `mishandled` "
             "and `difference` to what the complaint is worth to the firm in each case and the difference, "
             "in yuan, with `complaint_outcomes` and the figures in `complaint`.",
             "outcome = complaint_outcomes(**complaint)\n"
             'handled, mishandled, difference = outcome["handled"], outcome["mishandled"], outcome["difference"]',
             "for answer in (handled, mishandled, difference):\n"
             '    assert isinstance(answer, numbers.Real), "values in yuan"',
             lambda v: {name: Expect.number(value, tol=0.5)
                        for name, value in complaint_outcomes(**v["complaint"]).items()},
             hint="W = r V ± s n V: retention times the lifetime value, plus (handled) or minus (mishandled) the "
                  "listeners swayed times the lifetime value (book: the case page, What one complaint is worth)"),
        Part("response", 2,
             "The firm can answer a complaint in three ways, each at the cost in `response_costs` (yuan): the "
             '`"visit"` of a senior manager, as the president did (the customer ends highly satisfied: your '
             '`handled`), a '
             '`"letter"` with a coupon (the customer ends satisfied: score 4 of the retention table, whose '
             "band's middle is 0.825, telling 8 people, with the same lifetime value and share swayed), or "
             '`"ignore"` (your `mishandled`). Set `response_values` to what the complaint is worth after each '
             "response, net of its cost (a dict with the three names), and `best_complaint_response` to the "
             "best.",
             "satisfied = complaint_outcomes(complaint['lifetime_value'], complaint['swayed'], "
             "handled_retention=0.825, handled_tells=8)\n"
             'letter = satisfied["handled"]\n'
             'worth = {"visit": handled, "letter": letter, "ignore": mishandled}\n'
             "response_values = {name: worth[name] - cost for name, cost in response_costs.items()}\n"
             "best_complaint_response = max(response_values, key=response_values.get)",
             'assert set(response_values) == {"visit", "letter", "ignore"}\n'
             'assert best_complaint_response in response_values',
             lambda v: {"response_values": Expect.numbers(_response_values(v), tol=0.5),
                        "best_complaint_response": Expect.text(max(_response_values(v),
                                                                   key=_response_values(v).get))},
             hint="the letter is the 'handled' case of complaint_outcomes with retention 0.825 and 8 people told; "
                  "subtract each response's cost"),
        Part("folklore", 2,
             "Under a constant margin the no-horizon lifetime value is m / (1 + d − r), so 5 more points of "
             "retention raise it by 0.05 / (1 + d − r − 0.05). With your `discount_rate`: set `r_for_15` to the "
             "starting retention at which +5 points give the slides' +15 % (`retention_for_uplift`); "
             "`uplift_cap` to the largest rise +5 points could ever give (as r approaches its highest possible "
             "value, 0.95); and `reach_85` to whether the slides' +85 % is possible at all.",
             "r_for_15 = retention_for_uplift(0.15, discount_rate)\n"
             "uplift_cap = 0.05 / discount_rate  # 0.05 / (1 + d − r − 0.05) as r → 0.95\n"
             "reach_85 = uplift_cap > 0.85",
             'assert isinstance(r_for_15, numbers.Real) and 0 <= r_for_15 < 1\n'
             'assert isinstance(uplift_cap, numbers.Real)\n'
             'assert reach_85 in (True, False)',
             lambda v: {"r_for_15": Expect.number(retention_for_uplift(0.15, v["discount_rate"]), tol=0.001),
                        "uplift_cap": Expect.number(UPLIFT_POINTS / v["discount_rate"], tol=0.001),
                        "reach_85": Expect.flag(UPLIFT_POINTS / v["discount_rate"] > 0.85)},
             hint="solve 0.05 / (1 + d − r − 0.05) = u for r; the rise grows as 1 + d − r − 0.05 shrinks towards d "
                  "(book: The value of loyalty)"),
        Part("recommend", 2,
             "In `survey`, call complaint handling *good* when `CUSCO` is at least `good_handling`. Set "
             "`recommend_gap` to the mean of `CUSL3` (would recommend) among customers with good handling minus "
             "its mean among the others, and `r_recommend` and `r_choose_again` to the correlation of `CUSCO` "
             "with `CUSL3` and with `CUSL1`.",
             'answers = survey.astype(float)\n'
             'good = answers["CUSCO"] >= good_handling\n'
             'recommend_gap = answers.loc[good, "CUSL3"].mean() - answers.loc[~good, "CUSL3"].mean()\n'
             'r_recommend = answers["CUSCO"].corr(answers["CUSL3"])\n'
             'r_choose_again = answers["CUSCO"].corr(answers["CUSL1"])',
             "for answer in (recommend_gap, r_recommend, r_choose_again):\n"
             '    assert isinstance(answer, numbers.Real), "numbers"',
             lambda v: {name: Expect.number(value, tol=0.001) for name, value in _survey(v).items()},
             hint="a boolean mask for good handling; means of CUSL3 on each side; Series.corr for the "
                  "correlations"),
        Part("delivery", 2,
             "Coca-Cola's drinks are filled by bottlers, many of them separate companies licensed by the "
             "Coca-Cola Company: the pin entered the bottle two firms away from the brand, in its value delivery "
             "system. In the old lady's eyes (illustrative points), `coke` and `rival` are the two colas' values "
             "and costs. The pin lowers Coca-Cola's image value by `pin['image_lost']` and adds "
             "`pin['worry']` to her psychological cost; the visit adds `visit['personnel']` to the personnel "
             "value and brings her worry down to `visit['worry_left']` above what it was (the image stays "
             "lowered). Set `delivered_coke` to Coca-Cola's delivered value before the pin, after it and after "
             'the visit (a dict with keys `"before"`, `"pin"`, `"visit"`), and `visit_needed` to the least '
             "personnel value the visit had to add for Coca-Cola to deliver as much value as the rival again.",
             'after_pin = {**coke, "image": coke["image"] - pin["image_lost"],\n'
             '             "psychological": coke["psychological"] + pin["worry"]}\n'
             'after_visit = {**after_pin, "personnel": coke["personnel"] + visit["personnel"],\n'
             '               "psychological": coke["psychological"] + visit["worry_left"]}\n'
             "delivered_coke = {moment: delivered_value(**offer).delivered_value\n"
             '                  for moment, offer in (("before", coke), ("pin", after_pin), ("visit", after_visit))}\n'
             'visit_needed = (delivered_value(**rival).delivered_value - delivered_coke["visit"]\n'
             '                + visit["personnel"])',
             'assert set(delivered_coke) == {"before", "pin", "visit"}\n'
             'assert isinstance(visit_needed, numbers.Real)',
             lambda v: {"delivered_coke": Expect.numbers({moment: delivered_value(**offer).delivered_value
                                                          for moment, offer in _moments(v).items()}),
                        "visit_needed": Expect.number(_visit_needed(v))},
             hint="delivered value = total value − total cost at each moment; the visit must close the gap to the "
                  "rival that is left once the worry has gone down (book: The value delivery system)"),
    ),
    written=(
        Written("statistics", 3,
                "The slides give 16 times and 5 times for the cost of a new customer, +15 % and +85 % for five "
                "points of retention, 8–10 and 22 for the people a dissatisfied customer tells. In four or five "
                "sentences, with your `r_for_15`, `uplift_cap` and `reach_85`: which retention figure would you "
                "quote to your CEO, what does each silently assume, and how would you check it for your own firm?",
                "Neither figure is a law: +15 % holds for a firm starting near r_for_15 with a constant margin; "
                "+85 % needs a retention above 90 % and a low discount rate, or is out of reach (uplift_cap), "
                "unless margins grow with the years of the relationship, as in Reichheld and Sasser's service "
                "firms. I would quote neither, but our own uplift from our retention, margin and discount rate, "
                "and check it by following a cohort of customers (retention, margin by year of tenure) or a "
                "retention test against a control group.",
                rubric=(Criterion(1, "uses r_for_15, uplift_cap and reach_85 correctly"),
                        Criterion(1, "names the hidden assumptions (starting retention, constant or growing "
                                     "margin, discount rate)"),
                        Criterion(1, "proposes a check on the firm's own data (cohort, test and control)"))),
        Written("pin", 3,
                "In four or five sentences: why did the president's visit work, in terms of delivered value and "
                "of the lecture's five elements of building loyalty, and was it worth its cost (use your "
                "`response_values` and `visit_needed`)? Who in the value delivery system should pay for such "
                "failures, and what should the brand owner change upstream?",
                "The visit added personnel value and removed most of the psychic cost the pin created, so "
                "Coca-Cola delivered more value than the rival again; it used the relationship elements "
                "(empathy, instilling the idea of a clean, rigorous plant, a positive stimulus). For one "
                "complaint it pays only if the response values say so: a president's time is dear, a letter may "
                "do nearly as well, and its value lies in the word of mouth. The customer blames the brand "
                "whoever caused the failure, so the brand owner must set and audit quality standards at its "
                "bottlers and share the cost of failures with them in the contracts.",
                rubric=(Criterion(1, "explains the visit in delivered-value terms (personnel value up, psychic "
                                     "cost down) with visit_needed"),
                        Criterion(1, "weighs the visit against the letter with the student's response_values"),
                        Criterion(1, "assigns responsibility upstream (standards, audits, contracts with "
                                     "bottlers)"))),
        Written("survey", 3,
                "In three or four sentences: what do `recommend_gap`, `r_recommend` and `r_choose_again` say "
                "about complaint handling and loyalty, and why can they not prove that handling complaints well "
                "*makes* customers loyal? What data would?",
                "Customers who rate complaint handling well are far more willing to recommend and to choose the "
                "provider again (correlations of about 0.45 with recommending, 0.25 with choosing again). But "
                "CUSCO mixes real complaints with guesses by "
                "customers who never complained, and happy customers judge everything kindly (halo), so the "
                "direction is open. Proof needs the behaviour of complainers whose complaints were handled "
                "differently, ideally at random (a test of recovery procedures), with their later purchases.",
                rubric=(Criterion(1, "reads the three numbers correctly with the student's values"),
                        Criterion(1, "names why it is not causal (CUSCO mixes two questions, halo, reverse "
                                     "direction)"),
                        Criterion(1, "names data that would show it (complainers' later behaviour, a test)"))),
    ),
)
