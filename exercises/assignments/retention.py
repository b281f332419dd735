"""Assignment "retention": customer lifetime value, the retention uplift, the leaky bucket, the profit lost to
defections, and how much a retention programme may cost (L8, L11, L12, R1)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.loyalty import defection_cost
from crmlab.retention import leaky_bucket, lifetime_value, retention_uplift, steady_state


def inputs(draw):
    """A mobile operator's yearly margin per customer, retention rate, discount rate and acquisition cost,
    a leaky bucket of customers, last year's defections, and two retention programmes (made-up teaching
    figures).

    Constraints: the better programme beats the other by at least 5 (yuan of lifetime value per customer),
    and when neither pays, both lose at least 5; retention with a programme stays below 0.95.
    """
    from crmlab.retention import lifetime_value

    operator = {"margin": draw.integer(80, 200, 10), "retention": draw.number(0.6, 0.88, 0.01),
                "discount_rate": draw.number(0.05, 0.12, 0.01), "acquisition_cost": draw.integer(100, 300, 25)}
    bucket = {"initial": draw.integer(5_000, 20_000, 500), "acquired_per_period": draw.integer(500, 3_000, 100),
              "churn_rate": draw.number(0.1, 0.35, 0.01)}
    defections = {"customers": draw.integer(20_000, 80_000, 1_000),
                  "caused_by_firm": draw.number(0.2, 0.6, 0.05)}
    defections["lost"] = round(defections["customers"] * (1 - operator["retention"]))
    programmes = {"A": {"uplift": draw.number(0.02, 0.05, 0.01), "cost": draw.integer(2, 12)},
                  "B": {"uplift": draw.number(0.06, 0.12, 0.01), "cost": draw.integer(10, 40, 2)}}
    draw.require(operator["retention"] + programmes["B"]["uplift"] <= 0.95)
    m, r, d = operator["margin"], operator["retention"], operator["discount_rate"]
    gains = sorted(lifetime_value(m - p["cost"], round(r + p["uplift"], 2), d) - lifetime_value(m, r, d)
                   for p in programmes.values())
    draw.require(gains[1] - gains[0] >= 5 and (gains[1] > 0 or gains[1] <= -5))
    return {"operator": operator, "bucket": bucket, "defections": defections, "programmes": programmes}


def _clv(v, **kwargs):
    o = v["operator"]
    return lifetime_value(o["margin"], o["retention"], o["discount_rate"], **kwargs)


def _programme_gains(v) -> dict[str, float]:
    """Per programme: the customer's lifetime value with it (its cost paid, like the margin, every year the
    customer is kept) minus the value without it."""
    o = v["operator"]
    return {name: lifetime_value(o["margin"] - p["cost"], round(o["retention"] + p["uplift"], 2),
                                 o["discount_rate"]) - _clv(v)
            for name, p in v["programmes"].items()}


def _best_programme(v) -> str:
    gains = _programme_gains(v)
    best = max(gains, key=gains.get)
    return best if gains[best] > 0 else "neither"


def _break_even_cost(v, programme: str) -> float:
    """The yearly cost per customer at which a programme only pays for itself: m·Δr / (1 + d − r)."""
    o = v["operator"]
    return o["margin"] * v["programmes"][programme]["uplift"] / (1 + o["discount_rate"] - o["retention"])


ZH = Translation(
    title="练习 5：顾客保持与客户终身价值",
    intro=(
        "一家移动运营商每位顾客每年的利润为 `m`，每年保留比例为 `r` 的顾客，贴现率为 `d`（你的数字在 `operator` 中）。"
        "`crmlab.retention.lifetime_value` 计算的终身价值把第一年的利润视为确定的，在年末支付：$CLV = \\sum_{t=1}^{T} "
        "m\\, r^{t-1} / (1+d)^{t}$，没有期限时为 $m / (1 + d - r)$（Gupta 和 Lehmann 2003 只在顾客留下时才计入，即 $m "
        "r / (1 + d - r)$：报告客户终身价值时要说明你用的是哪一种）。"
    ),
    parts={
        "clv": (
            "把 `clv` 设为无期限的终身价值（用 `lifetime_value` 和 `operator` 中的数字）。",
            "lifetime_value(margin, retention, discount_rate)（书中：客户终身价值）"),
        "clv-3": (
            "把 `clv_3` 设为三年期限的终身价值。",
            "同一函数，periods=3"),
        "net": (
            "赢得一位顾客的成本是 `operator['acquisition_cost']`。把 `net_clv` 设为扣除这一成本后的无期限终身价值。",
            "从终身价值中减去获取成本"),
        "uplift": (
            "课件说顾客保持率提高 5 个百分点会使利润提高 25–85%。把 `uplift` 设为你的保持率提高 5 个百分点时无期限终"
            "身价值的相对增幅（0.2 表示 +20%）。",
            "r + 0.05 时的终身价值除以 r 时的终身价值，再减 1"),
        "bucket": (
            "一个漏桶：`bucket` 包含初始顾客数、每年新赢得的顾客数和流失率。把 `customers_5` 设为 5 年后的顾客数。",
            "每年：留下 (1 − 流失率) 的顾客，再加上新顾客（书中：漏桶）"),
        "steady": (
            "把 `steady` 设为长期中漏桶稳定下来的规模。",
            "长期来看，每年流失的顾客等于赢得的顾客"),
        "defection": (
            "去年运营商年初有 `defections['customers']` 位顾客，流失了其中的 `defections['lost']` 位。流失顾客访谈把"
            "比例为 `defections['caused_by_firm']` 的流失归咎于运营商自身的失误（掉话、账单错误），其余归于搬走或不再"
            "需要手机套餐的顾客。把 `defection_rate` 设为顾客流失率，把 `avoidable_loss` 设为运营商造成的流失所损失的"
            "终身价值，每位流失顾客按你的无期限 `clv` 计价。",
            "顾客流失率 = 流失的顾客 / 年初顾客；损失只计企业造成的流失，乘以一位顾客的终身价值（书中：流失分析）"),
        "programme": (
            "有两个顾客保持项目可选（`programmes`）：每个项目把你的保持率提高 `uplift`，并在顾客留下的每一年花费每位"
            "顾客 `cost`，与利润一样。把 `max_cost_a` 设为项目 A 每位顾客每年最多可以花多少仍能收回成本（有项目时的终"
            "身价值等于没有项目时的）；把 `gain_a` 和 `gain_b` 设为各项目使一位顾客的无期限终身价值（含成本）的变化；"
            "把 `best_programme` 设为 `\"A\"`、`\"B\"` 或 `\"neither\"`（两者都不能提高价值时）。",
            "顾客留下的每一年都要付的成本相当于利润降低：比较 lifetime_value(m − cost, r + uplift, d) 与 lifetime_va"
            "lue(m, r, d)"),
    },
    written={
        "memo": WrittenText(
            "你的增幅不是课件所说的 25–85%。给运营商的财务总监写四五句话：为什么 +5 个百分点的"
            "效果取决于保持率的起点？在把钱花在顾客保持而不是获取新顾客上之前，你需要知道什么？",
            model_answer="CLV = m/(1+d−r) 是 r 的凸函数，所以同样的 5 个百分点在保持率高时作用更大；"
                         "课件的数字来自赖克尔德（Reichheld）和萨瑟（Sasser）研究的服务企业，那里的利润还会随"
                         "顾客关系的年限增长。还需要知道提高保持率的成本，并与获取新顾客的成本相比较。",
            criteria=("说明增幅随起始保持率上升（凸性）",
                      "指出 25–85% 出自赖克尔德和萨瑟的研究，并说明其成立的条件",
                      "说出必须比较什么：保持顾客的成本与获取新顾客的成本")),
        "programme-memo": WrittenText(
            "给运营商的财务总监写四五句话：你推荐哪个项目？为什么增幅更大的项目并不总是胜出？"
            "说出签约前你要核实的两件事（想一想增幅数字从何而来，以及那些本来就会留下的顾客）。",
            model_answer="推荐终身价值增加较多的项目（或两者都不选），并引用 `gain_a`、"
                         "`gain_b` 和 `max_cost_a`。多出的保持率每年值 m·Δr/(1+d−r)，只有它超过多出的成本时"
                         "，增幅较大的项目才会胜出；由于 CLV 是 r 的凸函数，同样的增幅在起始保持率高时更值钱"
                         "。要核实增幅是实际测得的（与对照组比较的检验，而不是供应商的说法），"
                         "成本没有花在本来就会留下的顾客身上；还要核实成本是否真的只在顾客留下的年份才发生。",
            criteria=("用学生算出的价值变化和盈亏平衡成本推荐一个项目（或两者都不选）",
                      "说明其中的权衡：多出的保持率每年值 m·Δr/(1+d−r)，要与多出的成本相比；凸性",
                      "说出两项核实（与对照组比较测得的增幅；本来就会留下的顾客；每年重复发生的成本）")),
        "defection-memo": WrittenText(
            "课程资料（讲义《顾客满意及其管理》）的流失分析有五个步骤。写四五句话："
            "为什么你的可避免损失只计运营商造成的流失？你会如何用它来决定在减少流失"
            "上花多少钱？流失顾客访谈能告诉你哪些对现有顾客的调查不能告诉你的东西？",
            model_answer="只有企业自身造成的流失，才能通过在自身服务上花钱来防止；顾客搬走是企业无能"
                         "为力的。只要解决掉话和账单问题的成本低于它所消除的可避免损失（第四步对照第"
                         "三步），就值得花钱，并优先选择每元消除损失最多的改进。流失顾客访谈接触的是"
                         "真正离开的人：现有顾客容忍的或从未遇到的问题，以及竞争对手提供了什么。",
            criteria=("说明为什么只计企业造成的流失（它们是可以防止的）",
                      "把可避免损失作为防止流失的支出上限，并给出学生自己的数字",
                      "说明流失顾客访谈能揭示什么（离开者的原因、竞争对手的条件）")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "a customer who may stay several years is worth more than a year": "可能留下多年的顾客，其价值应高于一年的利润",
        "a relative change, e.g. 0.2 for +20 %": "应该是一个相对变化，例如 0.2 表示 +20%",
    },
)
"""The Chinese texts (`crmlab release retention --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="retention",
    translations={"zh": ZH},
    title="Exercise 5: Retention and customer lifetime value (客户终身价值)",
    covers=("L8", "L11", "R1"),
    intro="""
A mobile operator earns a yearly margin `m` per customer, keeps a share `r` of its customers each year and
discounts at `d` (your figures are in `operator`). The lifetime value `crmlab.retention.lifetime_value`
computes counts the first year's margin as certain, paid at the end of the year:
$CLV = \\sum_{t=1}^{T} m\\, r^{t-1} / (1+d)^{t}$, or $m / (1 + d - r)$ with no horizon (Gupta & Lehmann
2003 count it only if the customer stays, $m r / (1 + d - r)$: say which you use when you report a CLV).
""",
    setup="""
import numbers
from crmlab.retention import lifetime_value, retention_uplift, leaky_bucket, steady_state
from crmlab.loyalty import defection_cost
""",
    inputs=inputs,
    parts=(
        Part("clv", 2,
             "Set `clv` to the lifetime value with no horizon (use `lifetime_value` and the figures in `operator`).",
             'clv = lifetime_value(operator["margin"], operator["retention"], operator["discount_rate"])',
             'assert isinstance(clv, numbers.Real), "clv should be a number"\n'
             'assert clv > operator["margin"], "a customer who may stay several years is worth more than a year"',
             lambda v: {"clv": Expect.number(_clv(v))},
             hint="lifetime_value(margin, retention, discount_rate) (book: Customer lifetime value)"),
        Part("clv-3", 1,
             "Set `clv_3` to the lifetime value over a three-year horizon.",
             'clv_3 = lifetime_value(operator["margin"], operator["retention"], operator["discount_rate"], '
             'periods=3)',
             'assert isinstance(clv_3, numbers.Real)',
             lambda v: {"clv_3": Expect.number(_clv(v, periods=3))},
             hint="the same function with periods=3"),
        Part("net", 1,
             "Winning a customer costs `operator['acquisition_cost']`. Set `net_clv` to the no-horizon lifetime "
             "value net of it.",
             'net_clv = lifetime_value(operator["margin"], operator["retention"], operator["discount_rate"],\n'
             '                         acquisition_cost=operator["acquisition_cost"])',
             'assert isinstance(net_clv, numbers.Real)',
             lambda v: {"net_clv": Expect.number(_clv(v, acquisition_cost=v["operator"]["acquisition_cost"]))},
             hint="subtract the acquisition cost from the lifetime value"),
        Part("uplift", 2,
             "The slides say retention +5 points raises profit by 25–85 %. Set `uplift` to the relative rise "
             "(0.2 means +20 %) in no-horizon lifetime value when your retention rises by 5 points.",
             'uplift = retention_uplift(operator["retention"], operator["discount_rate"], points=0.05)',
             'assert isinstance(uplift, numbers.Real)\nassert -1 < uplift < 5, "a relative change, e.g. 0.2 for +20 %"',
             lambda v: {"uplift": Expect.number(retention_uplift(v["operator"]["retention"],
                                                                 v["operator"]["discount_rate"], 0.05), tol=0.001)},
             hint="lifetime value at r + 0.05 divided by lifetime value at r, minus 1"),
        Part("bucket", 1,
             "A leaky bucket: `bucket` holds the customers at the start, the new ones won each year and the churn "
             "rate. Set `customers_5` to the number of customers after 5 years.",
             "customers_5 = leaky_bucket(**bucket, periods=5)['customers'].iloc[-1]",
             'assert isinstance(customers_5, numbers.Real)',
             lambda v: {"customers_5": Expect.number(leaky_bucket(**v["bucket"], periods=5)["customers"].iloc[-1],
                                                     tol=0.5)},
             hint="each year: keep (1 − churn) of the customers, then add the new ones (book: The leaky bucket)"),
        Part("steady", 1,
             "Set `steady` to the size the bucket settles at in the long run.",
             'steady = steady_state(bucket["acquired_per_period"], bucket["churn_rate"])',
             'assert isinstance(steady, numbers.Real)',
             lambda v: {"steady": Expect.number(steady_state(v["bucket"]["acquired_per_period"],
                                                             v["bucket"]["churn_rate"]), tol=0.5)},
             hint="in the long run the customers lost each year equal the customers won"),
        Part("defection", 2,
             "Last year the operator started with `defections['customers']` customers and lost "
             "`defections['lost']` of them. Exit interviews put a share `defections['caused_by_firm']` of the "
             "losses down to the operator's own failures (dropped calls, billing errors), the rest to customers "
             "who moved away or no longer needed a phone plan. Set `defection_rate` to the share of customers "
             "lost, and `avoidable_loss` to the lifetime value lost with the defections the operator caused, "
             "each defector valued at your no-horizon `clv`.",
             'defection_rate = defections["lost"] / defections["customers"]\n'
             'avoidable_loss = defection_cost(defections["customers"], defection_rate, defections["caused_by_firm"], '
             "clv)",
             'assert isinstance(defection_rate, numbers.Real) and 0 <= defection_rate <= 1\n'
             'assert isinstance(avoidable_loss, numbers.Real) and avoidable_loss >= 0',
             lambda v: {"defection_rate": Expect.number(v["defections"]["lost"] / v["defections"]["customers"],
                                                        tol=0.0001),
                        "avoidable_loss": Expect.number(defection_cost(
                            v["defections"]["customers"], v["defections"]["lost"] / v["defections"]["customers"],
                            v["defections"]["caused_by_firm"], _clv(v)), tol=1)},
             hint="defection rate = customers lost / customers at the start; the loss counts only the defections "
                  "the firm caused, times a customer's lifetime value (book: Analysing defection)"),
        Part("programme", 3,
             "Two retention programmes are on offer (`programmes`): each raises your retention by `uplift` and "
             "costs `cost` per customer in every year the customer is kept, like the margin. Set `max_cost_a` "
             "to the most programme A may cost per customer per year and still pay for itself (its lifetime "
             "value with the programme equals the value without it); `gain_a` and `gain_b` to the change in a "
             "customer's no-horizon lifetime value with each programme, costs included; and `best_programme` "
             'to `"A"`, `"B"` or `"neither"` (when neither raises the value).',
             'm, r, d = operator["margin"], operator["retention"], operator["discount_rate"]\n'
             "# break-even: (m − k) / (1 + d − r − Δ) = m / (1 + d − r)\n"
             'max_cost_a = m * programmes["A"]["uplift"] / (1 + d - r)\n'
             "gains = {name: lifetime_value(m - p['cost'], round(r + p['uplift'], 2), d) - lifetime_value(m, r, d)\n"
             "         for name, p in programmes.items()}\n"
             'gain_a, gain_b = gains["A"], gains["B"]\n'
             'best_programme = max(gains, key=gains.get) if max(gains.values()) > 0 else "neither"',
             "for answer in (max_cost_a, gain_a, gain_b):\n"
             '    assert isinstance(answer, numbers.Real), "max_cost_a, gain_a and gain_b should be numbers"\n'
             'assert best_programme in ("A", "B", "neither")',
             lambda v: {"max_cost_a": Expect.number(_break_even_cost(v, "A")),
                        "gain_a": Expect.number(_programme_gains(v)["A"]),
                        "gain_b": Expect.number(_programme_gains(v)["B"]),
                        "best_programme": Expect.text(_best_programme(v))},
             hint="a cost paid every year the customer stays is a lower margin: compare lifetime_value(m − cost, "
                  "r + uplift, d) with lifetime_value(m, r, d)"),
    ),
    written=(
        Written("memo", 3,
                "Your uplift is not the slides' 25–85 %. In four or five sentences for the operator's CFO: why "
                "does the effect of +5 points depend on where retention starts, and what would you need to know "
                "before spending money on retention rather than acquisition?",
                "CLV = m/(1+d−r) is convex in r, so the same 5 points matter more at high retention; the "
                "slides' figures come from Reichheld & Sasser's service firms, where margins also grow with "
                "tenure. Need the cost of raising retention versus the acquisition cost.",
                rubric=(Criterion(1, "explains that the uplift grows with the starting retention (convexity)"),
                        Criterion(1, "traces the 25–85 % to Reichheld & Sasser and its conditions"),
                        Criterion(1, "names what must be compared: cost of retention vs cost of acquisition"))),
        Written("programme-memo", 3,
                "In four or five sentences for the operator's CFO: which programme do you recommend, and why does "
                "the one with the larger uplift not always win? Name two things you would check before signing "
                "(think of where the uplift figure comes from, and of the customers who would have stayed "
                "anyway).",
                "Recommend the programme with the larger gain in lifetime value (or neither), quoting gain_a, "
                "gain_b and max_cost_a. The larger uplift wins only if its extra retention, worth m·Δr/(1+d−r) "
                "a year, exceeds its extra cost; because CLV is convex in r, the same uplift is worth more at "
                "high starting retention. Check that the uplift was measured (a test against a control group, "
                "not the vendor's claim) and that the cost is not spent on customers who would have stayed "
                "anyway; also whether the costs really recur only while the customer stays.",
                rubric=(Criterion(1, "recommends a programme (or neither) with the student's gains and "
                                     "break-even cost"),
                        Criterion(1, "explains the trade-off: extra retention is worth m·Δr/(1+d−r) a year, "
                                     "against the extra cost; convexity"),
                        Criterion(1, "names two checks (measured uplift against a control group; customers who "
                                     "would have stayed anyway; recurring cost)"))),
        Written("defection-memo", 3,
                "The course material's defection analysis (the lecture 顾客满意及其管理, Customer satisfaction and "
                "its management) has five steps. In four or five sentences: why does your avoidable loss count "
                "only the defections the operator caused, how would you use it to decide how much to spend on "
                "cutting defections, and what could exit interviews tell you that a survey of current customers "
                "cannot?",
                "Only the defections the firm caused can be prevented by spending on its own service; moving "
                "away is beyond its reach. Spend on fixing dropped calls and billing while the cost is below "
                "the avoidable loss it removes (step four against step three), preferring the fixes that remove "
                "most of it per yuan. Exit interviews reach the people who actually left: the problems current "
                "customers tolerate or never meet, and what the rivals offered.",
                rubric=(Criterion(1, "explains why only firm-caused defections are counted (they are preventable)"),
                        Criterion(1, "uses the avoidable loss as the ceiling for spending on prevention, with the "
                                     "student's number"),
                        Criterion(1, "says what exit interviews reveal (reasons of those who left, rivals' offers)"))),
    ),
)
