"""Assignment "oriental": the Oriental Hotel case: trust built stay by stay, guests tiered by profit, what a guest
is worth, and whom a keep-in-touch programme pays for (C-OH, T4, T9, L3, L11)."""

import pandas as pd

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.retention import lifetime_value, profit_tiers
from crmlab.trust import trust_from_service

LEVELS = ("none", "cognitive", "affective", "behavioural")
TIERS = ("A", "B", "C")


def inputs(draw):
    """The stays of the student's own sample of 400 of the 500 guests of the simulated ledger (Mr Yu, guest
    G0001, always among them), a discount rate, and the yearly cost per guest of a keep-in-touch programme.

    The cost is drawn between the break-even costs of tiers C and A (it pays for tier A, not for tier C: a
    tiering decision for everyone), at least 5 dollars from every tier's break-even cost, so that whether it
    pays for tier B is clear.
    """
    import math

    import pandas as pd

    from crmlab.data import load
    from crmlab.retention import profit_tiers
    from crmlab.trust import trust_from_service

    ledger = load("oriental_hotel")
    others = sorted(set(ledger["guest_id"]) - {"G0001"})
    guests = ["G0001", *draw.sample(others, 399)]
    ledger = ledger[ledger["guest_id"].isin(guests)]
    discount_rate = draw.number(0.06, 0.12, 0.01)
    trust = pd.Series([trust_from_service(bool(p), bool(t), bool(k)) or "none" for p, t, k in
                       zip(ledger["personalised"], ledger["timely"], ledger["kept_in_touch"])], index=ledger.index)
    early = ledger["year"] < 6
    rates = ledger.groupby("guest_id")["stay"].shift(-1).notna()[early].groupby(trust[early]).mean()
    tiers = profit_tiers(ledger.groupby("guest_id")["profit_usd"].sum())["tier"]
    margins = ledger.groupby(ledger["guest_id"].map(tiers))["profit_usd"].mean()
    lift = (rates["behavioural"] - rates["affective"]) / (1 + discount_rate - rates["affective"])
    break_even = margins * lift  # the yearly cost at which the programme just pays, per tier
    cost = draw.integer(5 * math.ceil(break_even["C"] / 5 + 1), 5 * math.floor(break_even["A"] / 5 - 1), 5)
    draw.require(all(abs(cost - k) >= 5 for k in break_even))
    return {"ledger": ledger.reset_index(drop=True), "discount_rate": discount_rate, "postcard_cost": cost}


def _analysis(v) -> dict:
    """Every measure the parts ask for, computed once per variant (each part asks for its own)."""
    if _LAST.get("variant") is not v:
        _LAST.update(variant=v, analysis=_analyse(v))
    return _LAST["analysis"]


_LAST: dict = {}


def _analyse(v) -> dict:
    ledger = v["ledger"]
    service = ["personalised", "timely", "kept_in_touch"]
    levels = {combo: trust_from_service(*map(bool, combo)) or "none"
              for combo in ledger[service].drop_duplicates().itertuples(index=False, name=None)}
    trust = pd.Series([levels[combo] for combo in ledger[service].itertuples(index=False, name=None)],
                      index=ledger.index)
    early = ledger["year"] < 6
    rates = (ledger.groupby("guest_id")["stay"].shift(-1).notna()[early].groupby(trust[early]).mean()
             .reindex(list(LEVELS)))
    tiers = profit_tiers(ledger.groupby("guest_id")["profit_usd"].sum())
    margins = ledger.groupby(ledger["guest_id"].map(tiers["tier"]))["profit_usd"].mean().reindex(list(TIERS))
    d, cost = v["discount_rate"], v["postcard_cost"]
    r_affective, r_behavioural = rates["affective"], rates["behavioural"]
    gains = {tier: lifetime_value(m - cost, r_behavioural, d) - lifetime_value(m, r_affective, d)
             for tier, m in margins.items()}
    return {"yu": list(trust[ledger["guest_id"] == "G0001"]), "rates": rates, "margins": margins,
            "tier_a_share": tiers.loc[tiers["tier"] == "A", "profit"].sum() / tiers["profit"].sum(),
            "clv": {level: lifetime_value(margins["A"], rates[level], d) for level in ("behavioural", "affective")},
            # the programme's cost is paid every year the guest comes back, like the profit
            "postcard_tiers": sorted(tier for tier, gain in gains.items() if gain > 0),
            "break_even_c": margins["C"] * (r_behavioural - r_affective) / (1 + d - r_affective)}


ZH = Translation(
    title="练习 7：案例：东方饭店：信任、利润分层与保持联系的价值",
    intro=(
        "于先生第一次入住曼谷东方饭店就非常满意。第二次入住时，他刚走出电梯，服务员就叫出了他的名字，记得他常坐的座位"
        "和常点的早餐，还送上一份免费的小菜；三年后，一张生日贺卡寄到了他手中，他成了忠诚的客人（学生课件《顾客信任"
        "》）。课件的规律是：个性化的产品建立认知信任，及时的服务建立情感信任，只有持续保持联系、适应客人不断变化的需"
        "要，才会有行为信任。饭店还会*给客人分级*，找出对利润贡献最大的客人。\n\n"
        "饭店从未公开其记录：`ledger` 是一本**模拟的**客人账簿（数据集 `oriental_hotel`，见案例页面及其数据卡片），每"
        "次入住一行，是从 500 位客人中为你抽取的 400 位；客人 `G0001` 沿用于先生的故事。客人入住后再来的概率是根据该次"
        "入住建立的信任层次*写进模拟里的*：你下面测到的是这一假设的显现，而不是关于真实酒店的发现。使用 `crmlab.trust."
        "trust_from_service`、`crmlab.retention.profit_tiers` 和 `crmlab.retention.lifetime_value`；金额单位为美元。"
    ),
    parts={
        "yu": (
            "每次入住有三项服务事实：`personalised`（个性化）、`timely`（及时）和 `kept_in_touch`（自上次入住以来饭店"
            "与客人保持联系并适应其需要）。给 `ledger` 增加一列 `trust`，记录每次入住建立的信任层次（`trust_from_serv"
            "ice`；没有建立信任时为 `None`），并把 `yu_trust` 设为于先生三次入住依次建立的层次列表。",
            "个性化 → 认知信任；再加及时 → 情感信任；再加保持联系 → 行为信任（书中：信任的强度与层次；案例页面）"),
        "return-rates": (
            "如果同一位客人在以后某年再次入住，则称这次入住*之后有再次入住*。对第 1–5 年的入住（第 6 年的入住没有以后"
            "的年份可以再来），按该次入住建立的信任层次，把 `return_rate` 设为之后有再次入住的比例：标签为 `\"none\""
            "`、`\"cognitive\"`、`\"affective\"` 和 `\"behavioural\"` 的 Series 或 dict。",
            "在每位客人内部，除最后一次外每次入住都有下一次（groupby 和 shift）；然后按层次求这一标记的均值"),
        "tiers": (
            "把每位客人所有入住的利润相加，用 `profit_tiers` 给客人分层（前 20% 为 A 层，其后 30% 为 B 层，其余为 C "
            "层）。把 `tier_a_share` 设为 A 层带来的利润占样本总利润的比例，把 `tier_margin` 设为各层客人*每次入住*的"
            "平均利润（标签为 `\"A\"`、`\"B\"`、`\"C\"` 的 Series 或 dict）。",
            "profit_tiers 按总利润给客人排序；先把每次入住对应到其客人的层级，再按入住求平均（书中：案例页面，按利润"
            "贡献给客人分级）"),
        "guest-value": (
            "设一位 A 层客人每次再来的那一年带来 `tier_margin['A']`，每年以其信任层次下入住的再来率再来，贴现率为 `di"
            "scount_rate`。把 `clv_behavioural` 和 `clv_affective` 分别设为这样一位客人在行为信任和情感信任下的无期限"
            "终身价值。",
            "lifetime_value(margin, retention, discount_rate) = m / (1 + d − r)（书中：客户终身价值）"),
        "postcard": (
            "一个保持联系的项目（生日贺卡、把每位客人偏好的记录传给各个部门）在客人再来的每一年都要为每位客人花费 `po"
            "stcard_cost`，与利润一样。它把情感信任的客人提升为行为信任，使其再来率从情感信任的水平升到行为信任的水"
            "平。对每一层（利润 `tier_margin[tier]`），如果有项目时客人的终身价值（含成本）超过没有项目时的价值，项目"
            "就值得做。把 `postcard_tiers` 设为值得做的层级列表（按字母顺序），把 `break_even_c` 设为每位 C 层客人每"
            "年最多可花多少仍能收回成本。",
            "客人再来的每一年都要付的成本会降低利润：逐层比较 lifetime_value(m − cost, 行为信任的再来率, d) 与 lifet"
            "ime_value(m, 情感信任的再来率, d)"),
    },
    written={
        "journey": WrittenText(
            "使用 `yu_trust` 写三四句话：饭店的哪些细节是个性化，哪些是及时服务？于先生的每次入住"
            "建立了哪个层次的信任？你会把手洗的衣物和点菜前先退后一步的服务员放在哪里？",
            model_answer="记住他的名字、常坐的座位和常点的早餐是个性化；在他走出电梯之前就把名字传达下去、"
                         "在恰当的时刻送上小菜是及时服务；生日贺卡是饭店在保持联系并适应他的需要。他的第一次入住符"
                         "合他的需要（认知信任），第二次加上了个性化和及时的细节（情感信任），第三次是在收到贺卡之"
                         "后（行为信任）。手洗衣物和服务员先退后一步是对每一位客人的关照（一项服务标准），"
                         "不是个性化：它们建立起满意，信任在满意的基础上成长，但并不是专门针对于先生的。",
            criteria=("正确地把各项细节归入个性化和及时服务",
                      "给出每次入住的信任层次（认知信任、情感信任、行为信任）及其理由",
                      "对手洗衣物和服务员的礼貌作出归类并说明理由（是对所有客人的标准，而非个性化）")),
        "protagonist": WrittenText(
            "课件说饭店让*每一位*客人都觉得自己是饭店里最重要的人，又说它给客人分级"
            "以挑出最有利可图的客人。结合你的 `postcard_tiers` 和 `break_even_c` 写"
            "四五句话：两者能兼得吗？对项目不划算的那一层客人，你会做什么？",
            model_answer="数字表明，项目只对每次入住利润足够高的层级划算（C 层的盈亏平衡成本低于或接近项目成本），"
                         "所以一家与每一位客人都保持联系的饭店，在 C 层上花的钱是收不回来的。如果服务标准（称呼名"
                         "字、座位、礼貌）对所有人都一样（一旦成为习惯，成本就很低），而昂贵的额外服务按利润分配，"
                         "两者就可以兼得。对 C 层：采用更便宜的联系方式（用电子邮件代替信件），或者检验项目是否也"
                         "能提高他们的消费，因为今天处于低层级的客人可能是价值正在成长的年轻客人。",
            criteria=("用学生自己的数字正确解读 `postcard_tiers` 和 `break_even_c`",
                      "调和两个目标（对所有人同样的标准，昂贵的额外服务按层级分配），或令人信服地论证两者冲突",
                      "为被排除在外的层级提出办法（更便宜的联系方式、检验、成长潜力）")),
        "assumption": WrittenText(
            "你的再来率随信任层次上升。写三四句话：既然账簿是模拟的，"
            "你的表能说明什么？一家真实的酒店如何弄清保持联系是否会让客人再来？",
            model_answer="关于真实的客人，它什么也说明不了：模拟按该次入住的信任层次所定的概率抽取每一次再"
                         "来，所以这张表只是重现了生成数据时的假设（外加抽样误差）。真实的酒店必须做检验："
                         "把贺卡随机寄给可比客人中的一半，比较再来的人数和他们的消费，而不是把受到关照的客"
                         "人与没有受到关照的客人相比较（饭店可能专门挑出本来就很可能再来的客人）。",
            criteria=("指出这张表重现的是模拟的假设，而不是一项发现",
                      "提出对真实客人做随机化检验（或等效的设计）",
                      "指出比较饭店选择优待的客人时存在的选择偏差问题")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "one level per stay of Mr Yu": "于先生每次入住一个层次",
        'one rate per level, and "none"': '每个信任层次一个比例，另加 "none"',
        "one mean profit per tier": "每层一个平均利润",
        "lifetime values are positive dollars": "终身价值应该是以美元计的正数",
    },
)
"""The Chinese texts (`crmlab release oriental --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="oriental",
    translations={"zh": ZH},
    title="Exercise 7: Case: the Oriental Hotel (东方饭店): trust, profit tiers and the value of keeping in touch",
    covers=("C-OH", "T4", "T9", "L3", "L11"),
    intro="""
Mr Yu (于先生) was very satisfied with his first stay at the Oriental Hotel in Bangkok. At his second stay
the staff knew his name as he stepped out of the lift, remembered his usual seat and breakfast, and served a
free side dish; three years later a birthday postcard reached him, and he became a loyal guest (the student
slide deck *顾客信任*, Customer trust). The deck's rule: personalised products build cognitive trust
(认知信任); personalised products with timely service build affective trust (情感信任); only when both keep
adapting to the guest's changing needs does behavioural trust (行为信任) follow. The hotel also *grades its
guests* to find those who contribute most to its profit.

The hotel never published its records: `ledger` is a **simulated** guest ledger (data set `oriental_hotel`,
see the case page and its data card), one row per stay, your own sample of 400 of its 500 guests; guest
`G0001` follows Mr Yu's story. The chance that a guest comes back after a stay is *built into the
simulation* from the level of trust the stay built: what you measure below is that assumption made visible,
not a finding about real hotels. Use `crmlab.trust.trust_from_service`, `crmlab.retention.profit_tiers` and
`crmlab.retention.lifetime_value`; amounts are in US dollars.
""",
    setup="""
import numbers
import pandas as pd
from crmlab.retention import lifetime_value, profit_tiers
from crmlab.trust import trust_from_service
""",
    inputs=inputs,
    parts=(
        Part("yu", 1,
             "Each stay has three service facts: `personalised`, `timely` and `kept_in_touch` (the hotel kept in "
             "touch and adapted to the guest's needs since the last stay). Add a column `trust` to `ledger` with "
             "the level of trust each stay built (`trust_from_service`; `None` when it built none), and set "
             "`yu_trust` to the list of the levels Mr Yu's three stays built, in order.",
             'service = ledger[["personalised", "timely", "kept_in_touch"]].itertuples(index=False)\n'
             'ledger["trust"] = [trust_from_service(*map(bool, stay)) for stay in service]\n'
             'yu_trust = list(ledger.loc[ledger["guest_id"] == "G0001", "trust"])',
             'assert isinstance(yu_trust, list) and len(yu_trust) == 3, "one level per stay of Mr Yu"',
             lambda v: {"yu_trust": Expect.labels(_analysis(v)["yu"])},
             hint="personalised → cognitive; and timely → affective; and kept in touch → behavioural (book: "
                  "Strengths and levels of trust; the case page)"),
        Part("return-rates", 2,
             "A stay *was followed by another stay* when the same guest stayed again in a later year. For the "
             "stays of years 1–5 (a stay in year 6 has no later year to come back in), set `return_rate` to the "
             "share followed by another stay, for each level of trust the stay built: a Series or dict with "
             'the labels `"none"`, `"cognitive"`, `"affective"` and `"behavioural"`.',
             'came_back = ledger.groupby("guest_id")["stay"].shift(-1).notna()  # False at a guest\'s last stay\n'
             'early = ledger["year"] < 6\n'
             'return_rate = came_back[early].groupby(ledger.loc[early, "trust"].fillna("none")).mean()',
             'assert set(dict(return_rate)) == {"none", "cognitive", "affective", "behavioural"}, '
             '"one rate per level, and \\"none\\""',
             lambda v: {"return_rate": Expect.numbers(_analysis(v)["rates"], tol=0.001)},
             hint="within each guest, a stay has a next stay unless it is the guest's last (groupby and shift); "
                  "then the mean of that flag per level"),
        Part("tiers", 2,
             "Add up each guest's profit over all stays and tier the guests with `profit_tiers` (top 20 % tier "
             "A, next 30 % B, the rest C). Set `tier_a_share` to the share of the sample's total profit that "
             "tier A brings, and `tier_margin` to the mean profit *per stay* of the stays of each tier's guests "
             '(a Series or dict with labels `"A"`, `"B"`, `"C"`).',
             'profit_per_guest = ledger.groupby("guest_id")["profit_usd"].sum()\n'
             "tiers = profit_tiers(profit_per_guest)\n"
             'tier_a_share = tiers.loc[tiers["tier"] == "A", "profit"].sum() / tiers["profit"].sum()\n'
             'ledger["tier"] = ledger["guest_id"].map(tiers["tier"])\n'
             'tier_margin = ledger.groupby("tier")["profit_usd"].mean()',
             'assert isinstance(tier_a_share, numbers.Real) and 0 < tier_a_share < 1\n'
             'assert set(dict(tier_margin)) == {"A", "B", "C"}, "one mean profit per tier"',
             lambda v: {"tier_a_share": Expect.number(_analysis(v)["tier_a_share"], tol=0.001),
                        "tier_margin": Expect.numbers(_analysis(v)["margins"], tol=0.01)},
             hint="profit_tiers ranks guests by total profit; map each stay to its guest's tier before averaging "
                  "per stay (book: the case page, Grading guests by profit contribution)"),
        Part("guest-value", 2,
             "Treat a tier-A guest as bringing `tier_margin['A']` each year he comes back, coming back each "
             "year with the return rate of a stay at his level of trust, discounted at `discount_rate`. Set "
             "`clv_behavioural` and `clv_affective` to the no-horizon lifetime value of such a guest at "
             "behavioural and at affective trust.",
             'clv_behavioural = lifetime_value(tier_margin["A"], return_rate["behavioural"], discount_rate)\n'
             'clv_affective = lifetime_value(tier_margin["A"], return_rate["affective"], discount_rate)',
             "for answer in (clv_behavioural, clv_affective):\n"
             '    assert isinstance(answer, numbers.Real) and answer > 0, "lifetime values are positive dollars"',
             lambda v: {f"clv_{level}": Expect.number(value, tol=0.05) for level, value in _analysis(v)["clv"].items()},
             hint="lifetime_value(margin, retention, discount_rate) = m / (1 + d − r) (book: Customer lifetime "
                  "value)"),
        Part("postcard", 3,
             "A keep-in-touch programme (birthday postcards, notes of each guest's preferences passed to every "
             "department) costs `postcard_cost` per guest in every year the guest comes back, like the profit. "
             "It lifts a guest at affective trust to behavioural trust, so his return rate rises from the "
             "affective to the behavioural rate. For each tier (margin `tier_margin[tier]`), it pays if the "
             "guest's lifetime value with it, costs included, exceeds the value without it. Set "
             "`postcard_tiers` to the list of tiers for which it pays, in alphabetical order, and "
             "`break_even_c` to the most it may cost per tier-C guest per year and still pay for itself.",
             'r_a, r_b, d = return_rate["affective"], return_rate["behavioural"], discount_rate\n'
             "postcard_tiers = sorted(tier for tier, m in tier_margin.items()\n"
             "                        if lifetime_value(m - postcard_cost, r_b, d) > lifetime_value(m, r_a, d))\n"
             "# break-even: (m − k) / (1 + d − r_b) = m / (1 + d − r_a)\n"
             'break_even_c = tier_margin["C"] * (r_b - r_a) / (1 + d - r_a)',
             'assert isinstance(postcard_tiers, list) and set(postcard_tiers) <= {"A", "B", "C"}\n'
             'assert isinstance(break_even_c, numbers.Real)',
             lambda v: {"postcard_tiers": Expect.labels(_analysis(v)["postcard_tiers"]),
                        "break_even_c": Expect.number(_analysis(v)["break_even_c"], tol=0.01)},
             hint="a cost paid every year the guest comes back lowers the margin: compare lifetime_value(m − cost, "
                  "behavioural rate, d) with lifetime_value(m, affective rate, d), tier by tier"),
    ),
    written=(
        Written("journey", 3,
                "In three or four sentences, using `yu_trust`: which of the hotel's details are personalisation "
                "and which are timely service, and which level of trust did each of Mr Yu's stays build? Where "
                "would you place the hand-washed laundry and the server who steps back before naming a dish?",
                "The remembered name, usual seat and usual breakfast are personalisation; the name passed on "
                "before he steps out of the lift and the side dish served at the right moment are timely "
                "service; the birthday postcard is the hotel keeping in touch and adapting. His first stay "
                "fitted his needs (cognitive), the second added personal and timely details (affective), the "
                "third came after the postcard (behavioural). Hand-washed laundry and the server stepping back "
                "are care for every guest (a service standard), not personalisation: they build the "
                "satisfaction on which trust grows, without being about Mr Yu in particular.",
                rubric=(Criterion(1, "sorts the details into personalisation and timely service correctly"),
                        Criterion(1, "gives the level of each stay (cognitive, affective, behavioural) and why"),
                        Criterion(1, "places the laundry and the server's manners with a reason (a standard for "
                                     "all guests, not personal)"))),
        Written("protagonist", 3,
                "The deck says the hotel makes *every* guest feel like the most important person in the hotel, "
                "and also that it grades guests to single out the most profitable. In four or five sentences, "
                "with your `postcard_tiers` and `break_even_c`: can it do both? What would you do for the guests "
                "of a tier for which the programme does not pay?",
                "The numbers say the programme pays only for the tiers whose profit per stay is high enough (the "
                "break-even cost for tier C is below or near its cost), so a hotel that keeps in touch with "
                "everyone spends money it does not get back on tier C. Both can hold if the service standard "
                "(names, seats, manners) is the same for all, which is cheap once it is a habit, while the "
                "costly extras follow profit. For tier C: cheaper touches (an e-mail instead of a letter), or "
                "test whether the programme raises their spend too, since a low tier today may be a young "
                "guest whose value grows.",
                rubric=(Criterion(1, "reads postcard_tiers and break_even_c correctly with the student's numbers"),
                        Criterion(1, "reconciles the two aims (equal standard for all, costly extras by tier) or "
                                     "argues convincingly that they clash"),
                        Criterion(1, "proposes something for the tier left out (cheaper touch, test, growth "
                                     "potential)"))),
        Written("assumption", 3,
                "Your return rates rise with the level of trust. In three or four sentences: what can your table "
                "show, given that the ledger is simulated, and how would a real hotel find out whether keeping "
                "in touch makes guests come back?",
                "Nothing about real guests: the simulation draws each return with a chance fixed by the trust "
                "level of the stay, so the table only recovers the generator's assumption (with sampling "
                "noise). A real hotel would have to test it: send the postcard to a random half of comparable "
                "guests and compare how many come back and what they spend, rather than compare guests who got "
                "attention with guests who did not (the hotel may single out guests already likely to return).",
                rubric=(Criterion(1, "says the table recovers the simulation's assumption, not a finding"),
                        Criterion(1, "proposes a randomised test (or an equivalent design) on real guests"),
                        Criterion(1, "names the selection problem of comparing guests the hotel chose to "
                                     "favour"))),
    ),
)
