"""Assignment "value": customer delivered value (V1), customer value (V3) and a decision on which costs to cut."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.value import chosen_offer, customer_value, delivered_value


def inputs(draw):
    """Two hotels a business traveller compares, and what the losing hotel could do about the other's lead.

    Made-up teaching figures in yuan-equivalent points. Every variant has a clear winner (by at least 15
    points), and the winner is the dearer hotel, so that price alone does not explain the choice; the
    four improvements the loser can make each cost it money and save the traveller some cost (or add value).
    """
    from itertools import combinations

    from crmlab.value import delivered_value

    def hotel():
        return dict(product=draw.integer(240, 340, 10), service=draw.integer(80, 180, 10),
                    personnel=draw.integer(40, 100, 10), image=draw.integer(20, 60, 10),
                    monetary=draw.integer(340, 460, 10), time=draw.integer(20, 60, 5),
                    energy=draw.integer(10, 30, 5), psychological=draw.integer(5, 30, 5))

    hotel_a, hotel_b = hotel(), hotel()
    a, b = delivered_value(**hotel_a), delivered_value(**hotel_b)
    draw.require(a.delivered_value > 0 and b.delivered_value > 0)
    draw.require(abs(a.delivered_value - b.delivered_value) >= 15)
    winner, loser = (hotel_a, hotel_b) if a.delivered_value > b.delivered_value else (hotel_b, hotel_a)
    draw.require(winner["monetary"] > loser["monetary"])
    # What the losing hotel could do: (gain to the traveller in points, yearly cost to the hotel in thousand yuan).
    improvements = {
        "express check-in": (draw.integer(5, 20, 5), draw.integer(20, 60, 5)),
        "airport pick-up": (draw.integer(10, 30, 5), draw.integer(60, 140, 10)),
        "service guarantee": (draw.integer(5, 25, 5), draw.integer(10, 50, 5)),
        "room upgrade": (draw.integer(10, 30, 5), draw.integer(80, 200, 10)),
    }
    gap = abs(a.delivered_value - b.delivered_value)
    ways_back = sorted(sum(improvements[name][1] for name in names) for size in range(1, 5)
                       for names in combinations(improvements, size)
                       if sum(improvements[name][0] for name in names) > gap)
    draw.require(len(ways_back) >= 2 and ways_back[0] < ways_back[1])  # a choice, and one cheapest way back
    return {"hotel_a": hotel_a, "hotel_b": hotel_b, "improvements": improvements}


def _loser(v):
    a, b = delivered_value(**v["hotel_a"]), delivered_value(**v["hotel_b"])
    return ("A", a, b) if a.delivered_value < b.delivered_value else ("B", b, a)


def cheapest_catch_up(v) -> tuple[str, ...]:
    """The set of improvements with the smallest yearly cost whose gains close the loser's gap (ties: fewer)."""
    from itertools import combinations

    _, lose, win = _loser(v)
    gap = win.delivered_value - lose.delivered_value
    options = v["improvements"]
    best = None
    for size in range(1, len(options) + 1):
        for names in combinations(sorted(options), size):
            if sum(options[n][0] for n in names) > gap:
                cost = sum(options[n][1] for n in names)
                if best is None or cost < best[0]:
                    best = (cost, names)
    return best[1] if best else ()


ZH = Translation(
    title="练习 1：顾客让渡价值",
    intro=(
        "一位商务旅客在两家酒店之间选择。科特勒（Kotler）的顾客让渡价值等于总顾客价值（产品价值、服务价值、人员价值和"
        "形象价值）减去总顾客成本（货币成本、时间成本、体力成本和精神成本）；顾客会选择让渡价值最高的一方。你可以使用 "
        "`crmlab.value`，也可以手工计算。然后为落选的酒店出主意：哪些改进能以最低的成本把这位旅客赢回来？"
    ),
    parts={
        "total-value-a": (
            "把 `total_value_a` 设为酒店 A 的**总顾客价值**（产品 + 服务 + 人员 + 形象）。",
            "总顾客价值是四项价值之和（书中：顾客让渡价值）"),
        "total-cost-a": (
            "把 `total_cost_a` 设为酒店 A 的**总顾客成本**（货币 + 时间 + 体力 + 精神）。",
            "总顾客成本是四项成本之和，不只是价格"),
        "delivered": (
            "把 `delivered_a` 和 `delivered_b` 分别设为两家酒店的**顾客让渡价值**。",
            "让渡价值 = 总顾客价值 − 总顾客成本"),
        "ratio-b": (
            "把 `ratio_b` 设为酒店 B 的**价值比**，即总价值 / 总成本（科特勒的比值形式）。",
            "比值是总价值除以总成本（酒店物有所值时大于 1）"),
        "choice": (
            "追求价值最大的旅客会选哪家酒店？把 `choice` 设为 `\"A\"` 或 `\"B\"`。",
            "旅客选择让渡价值最高的一方，而不是价格最低的一方"),
        "customer-value": (
            "酒店 A 增加了一杯迎宾饮料：旅客认为它值 20，而且不花旅客任何成本。在旅客眼中，顾客价值 = 感知利益 − 感知"
            "成本。把 `new_customer_value_a` 设为加上饮料后酒店 A 的顾客价值。",
            "把饮料的价值加到利益上；成本不变"),
        "catch-up": (
            "落选的酒店可以采取 `improvements` 中的任意几项改进：每项对应（给旅客带来的得分，酒店每年的成本，单位千"
            "元）。得分加到落选酒店的让渡价值上。把 `catch_up` 设为按字母顺序排列的**改进名称列表**，使落选酒店的让渡"
            "价值*超过*胜出酒店，且**每年总成本最低**（逐一尝试所有组合；`itertools.combinations` 会有帮助），并把 `c"
            "atch_up_cost` 设为这一成本。",
            "先求出两家让渡价值之差；保留得分之和超过这一差距的组合；其中取最便宜的"),
    },
    written={
        "memo": WrittenText(
            "给胜出酒店的经理写三四句话：酒店虽然更贵，旅客为什么还是选"
            "择你们？旅客权衡了哪些**成本**（不只是价格）？",
            model_answer="胜出的酒店多提供的总顾客价值（尤其是服务价值和人员价值）"
                         "超过了它较高的价格多花的成本；旅客权衡的不只是货币成本，还有时间成本、"
                         "体力成本和精神成本，所以价格更高的酒店也可能让渡更多的价值。",
            criteria=("指出胜出酒店在哪些价值构成上更高，并给出数字",
                      "说明让渡价值扣除的是全部四项成本，所以较高的价格被更高的价值抵消",
                      "说出旅客权衡的一项非货币成本（时间成本、体力成本或精神成本）")),
        "advice": WrittenText(
            "给落选酒店的经理写四到六句话：根据你的 `catch_up` 结果提出建议。最便宜的挽回办法值得花这"
            "笔钱吗？花钱之前你要核实什么（想一想这样的旅客有多少，以及得分增加还隐含了哪些假设）？",
            model_answer="建议采用能弥补差距的最便宜的组合，并把它每年的成本与赢回的旅客带来的利润相比较"
                         "（人数 × 毛利 × 预期入住次数）。这些得分只是一位旅客的感知价值："
                         "要通过对这一细分市场的调查加以核实，还要确认竞争对手不会以自己的改进作为回应。",
            criteria=("建议采用求出的最便宜的组合，并给出其成本",
                      "把成本与赢回的顾客的价值（人数 × 毛利）相比较，而不只是与得分差距相比较",
                      "对感知价值得分提出质疑（只代表一位旅客，需要调查）",
                      "考虑竞争对手的反应或模型的其他局限")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "costs are positive here": "这里的成本应该是正数",
        "delivered values should be numbers": "让渡价值都应该是数",
        'choice should be "A" or "B"': 'choice 应该是 "A" 或 "B"',
    },
)
"""The Chinese texts (`crmlab release value --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="value",
    translations={"zh": ZH},
    title="Exercise 1: Customer delivered value (顾客让渡价值)",
    covers=("V1", "V3"),
    intro="""
A business traveller chooses between two hotels. Kotler's customer delivered value is total customer
value (product, service, personnel and image value) minus total customer cost (monetary, time, energy
and psychic cost); the customer buys where it is highest. You may use `crmlab.value` or work by hand.
Then you advise the hotel that loses: which improvements win the traveller back at the lowest cost?
""",
    setup="""
import numbers
from crmlab.value import delivered_value, chosen_offer, customer_value
""",
    inputs=inputs,
    parts=(
        Part("total-value-a", 1,
             "Set `total_value_a` to hotel A's **total customer value** (product + service + personnel + image).",
             "total_value_a = hotel_a['product'] + hotel_a['service'] + hotel_a['personnel'] + hotel_a['image']",
             'assert isinstance(total_value_a, numbers.Real), "total_value_a should be a number"',
             lambda v: {"total_value_a": Expect.number(delivered_value(**v["hotel_a"]).total_value)},
             hint="total customer value is the sum of the four values (book: Customer delivered value)"),
        Part("total-cost-a", 1,
             "Set `total_cost_a` to hotel A's **total customer cost** (monetary + time + energy + psychological).",
             "total_cost_a = delivered_value(**hotel_a).total_cost",
             'assert isinstance(total_cost_a, numbers.Real), "total_cost_a should be a number"\n'
             'assert total_cost_a > 0, "costs are positive here"',
             lambda v: {"total_cost_a": Expect.number(delivered_value(**v["hotel_a"]).total_cost)},
             hint="total customer cost is the sum of the four costs, not only the price"),
        Part("delivered", 2,
             "Set `delivered_a` and `delivered_b` to the **customer delivered value** of each hotel.",
             "delivered_a = delivered_value(**hotel_a).delivered_value\n"
             "delivered_b = delivered_value(**hotel_b).delivered_value",
             "for answer in (delivered_a, delivered_b):\n"
             '    assert isinstance(answer, numbers.Real), "delivered values should be numbers"',
             lambda v: {"delivered_a": Expect.number(delivered_value(**v["hotel_a"]).delivered_value),
                        "delivered_b": Expect.number(delivered_value(**v["hotel_b"]).delivered_value)},
             hint="delivered value = total customer value − total customer cost"),
        Part("ratio-b", 1,
             "Set `ratio_b` to hotel B's **value ratio**, total value / total cost (Kotler's ratio form).",
             "ratio_b = delivered_value(**hotel_b).value_ratio",
             'assert isinstance(ratio_b, numbers.Real), "ratio_b should be a number"',
             lambda v: {"ratio_b": Expect.number(delivered_value(**v["hotel_b"]).value_ratio, tol=0.001)},
             hint="the ratio divides total value by total cost (it is above 1 when the hotel is worth its cost)"),
        Part("choice", 1,
             'Which hotel does a value-maximising traveller choose? Set `choice` to `"A"` or `"B"`.',
             'choice = chosen_offer({"A": delivered_value(**hotel_a), "B": delivered_value(**hotel_b)})',
             'assert choice in ("A", "B"), \'choice should be "A" or "B"\'',
             lambda v: {"choice": Expect.text(chosen_offer({"A": delivered_value(**v["hotel_a"]),
                                                             "B": delivered_value(**v["hotel_b"])}))},
             hint="the traveller buys where delivered value is highest, not where the price is lowest"),
        Part("customer-value", 1,
             "Hotel A adds a welcome drink: the traveller values it at 20 and it costs them nothing. In the "
             "traveller's eyes, customer value = perceived benefits − perceived costs. Set "
             "`new_customer_value_a` to hotel A's customer value with the drink.",
             "a = delivered_value(**hotel_a)\n"
             "new_customer_value_a = customer_value(benefits=a.total_value + 20, costs=a.total_cost)",
             'assert isinstance(new_customer_value_a, numbers.Real), "new_customer_value_a should be a number"',
             lambda v: {"new_customer_value_a": Expect.number(customer_value(
                 delivered_value(**v["hotel_a"]).total_value + 20, delivered_value(**v["hotel_a"]).total_cost))},
             hint="add the drink's value to the benefits; the costs do not change"),
        Part("catch-up", 3,
             "The losing hotel can make any of the `improvements`: each maps to (gain to the traveller in points, "
             "yearly cost to the hotel in thousand yuan). A gain adds to the loser's delivered value. Set "
             "`catch_up` to the **list of improvement names**, in alphabetical order, that makes the loser's "
             "delivered value *exceed* the winner's at the **lowest total yearly cost** (try every combination; "
             "`itertools.combinations` helps), and `catch_up_cost` to that cost.",
             "from itertools import combinations\n"
             "a, b = delivered_value(**hotel_a).delivered_value, delivered_value(**hotel_b).delivered_value\n"
             "gap = abs(a - b)\n"
             "best = None\n"
             "for size in range(1, len(improvements) + 1):\n"
             "    for names in combinations(sorted(improvements), size):\n"
             "        if sum(improvements[n][0] for n in names) > gap:\n"
             "            cost = sum(improvements[n][1] for n in names)\n"
             "            if best is None or cost < best[0]:\n"
             "                best = (cost, list(names))\n"
             "catch_up_cost, catch_up = best",
             'assert isinstance(catch_up, list), "catch_up should be a list of names"\n'
             'assert all(name in improvements for name in catch_up), "use the names of `improvements`"',
             lambda v: {"catch_up": Expect.labels(list(cheapest_catch_up(v))),
                        "catch_up_cost": Expect.number(sum(v["improvements"][n][1] for n in cheapest_catch_up(v)),
                                                       tol=0)},
             hint="first find the gap between the two delivered values; keep the combinations whose gains exceed "
                  "it; of those, the cheapest"),
    ),
    written=(
        Written("memo", 3,
                "In three or four sentences for the winning hotel's manager: why does the traveller choose your "
                "hotel although it is dearer, and which of its **costs** (not only the price) does the traveller "
                "weigh?",
                "The winner delivers more total value (service and personnel above all) than its higher price "
                "costs; the traveller weighs time, energy and psychic costs as well as money, so a dearer hotel "
                "can deliver more value.",
                rubric=(Criterion(1, "names the components where the winner's value is higher, with the numbers"),
                        Criterion(1, "explains that delivered value nets all four costs, so the higher price is "
                                     "outweighed"),
                        Criterion(1, "names a non-monetary cost (time, energy, psychic) the traveller weighs"))),
        Written("advice", 4,
                "For the losing hotel's manager, in four to six sentences: recommend what to do, using your "
                "`catch_up` result. Is the cheapest way back worth its cost? What would you check before "
                "spending it (think of how many such travellers there are, and what else a gain of points "
                "assumes)?",
                "Recommend the cheapest combination that closes the gap, and weigh its yearly cost against the "
                "margin of the travellers it wins back (their number times margin times expected stays). The "
                "points are one traveller's perceived values: check them with a survey of the segment, and "
                "check that the rival will not answer with its own improvement.",
                rubric=(Criterion(1, "recommends the cheapest combination found, with its cost"),
                        Criterion(1, "compares the cost with the value of the customers won back (number × "
                                     "margin), not only with the gap in points"),
                        Criterion(1, "questions the perceived-value points (one traveller, a survey needed)"),
                        Criterion(1, "considers the rival's reaction or another limit of the model"))),
    ),
)
