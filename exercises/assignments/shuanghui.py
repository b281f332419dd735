"""Assignment "shuanghui": the Shuanghui clenbuterol case: the sales lost to a breach of trust, how fast customers
came back, which response to choose, and what the stock market priced in (C-SH, T3, T7, T12)."""

import numpy as np

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.trust import periods_to_recover, sales_after_shock

MARKET_VALUE_LOST = 10_300
"""Million yuan of market value lost on 15 March 2011, as the slide deck 顾客信任 (Customer trust) reports."""
RESPONSES = ("no response", "gestures", "open workshops")


def inputs(draw):
    """The simulated weekly sales series (the same for everyone), the last week of the student's estimation
    window, the last week of the horizon the losses are counted over, the share of the baseline that counts as
    recovered, a margin on sales, and the weekly recovery rate and cost of two responses other than
    Shuanghui's.

    Constraint: the best response (by profit saved against no response, net of its cost) beats the next by
    at least 10 million yuan.
    """
    import numpy as np

    from crmlab.data import load
    from crmlab.trust import sales_after_shock

    sales = load("shuanghui_sales")
    window, horizon = draw.integer(6, 12), draw.integer(16, 25)
    target, margin = draw.choice([0.8, 0.85, 0.9, 0.95]), draw.number(0.08, 0.2, 0.01)
    responses = {"no response": {"weekly_recovery": draw.number(0.04, 0.1, 0.01), "cost": 0},
                 "gestures": {"cost": draw.integer(10, 40, 5)},
                 "open workshops": {"weekly_recovery": draw.number(0.22, 0.35, 0.01),
                                    "cost": draw.integer(100, 500, 10)}}
    fit = sales[sales["week"].between(0, window)]
    slope, intercept = np.polyfit(fit["week"], np.log(1 - fit["sales_m"] / fit["baseline_m"]), 1)
    rates = {name: r.get("weekly_recovery", 1 - np.exp(slope)) for name, r in responses.items()}
    lost = {name: sales_after_shock(1000, 1 - np.exp(intercept), g, horizon)["lost"].sum()
            for name, g in rates.items()}
    value = sorted(margin * (lost["no response"] - lost[name]) - r["cost"] for name, r in responses.items())
    draw.require(value[-1] - value[-2] >= 10)
    return {"sales": sales, "window": window, "horizon": horizon, "target": target, "margin": margin,
            "responses": responses}


def _fit(v) -> tuple[float, float]:
    """The weekly recovery rate g and the share ρ still buying in week 0, from the log-linear fit of the missing
    share of sales, ln(1 − S_t / B) = ln(1 − ρ) + t ln(1 − g), over weeks 0 to the window's end."""
    sales = v["sales"]
    fit = sales[sales["week"].between(0, v["window"])]
    slope, intercept = np.polyfit(fit["week"], np.log(1 - fit["sales_m"] / fit["baseline_m"]), 1)
    return float(1 - np.exp(slope)), float(1 - np.exp(intercept))


def _lost(v) -> dict[str, float]:
    """Sales lost in weeks 0 to the horizon (million yuan, baseline 1,000 a week) under each response."""
    recovery, retained = _fit(v)
    return {name: float(sales_after_shock(1000, retained, r.get("weekly_recovery", recovery), v["horizon"])["lost"]
                        .sum()) for name, r in v["responses"].items()}


def _best_response(v) -> str:
    lost = _lost(v)
    return max(RESPONSES, key=lambda name: v["margin"] * (lost["no response"] - lost[name])
               - v["responses"][name]["cost"])


def _lost_sales(v) -> float:
    after = v["sales"][v["sales"]["week"].between(0, v["horizon"])]
    return float((after["baseline_m"] - after["sales_m"]).sum())


ZH = Translation(
    title="练习 8：案例：双汇与瘦肉精危机：失信的代价与恢复之路",
    intro=(
        "2011 年 3 月 15 日，中央电视台“3·15”节目曝光了中国最大的肉类加工企业双汇使用了喂食瘦肉精的生猪。课件《顾客信"
        "任》记载：其股价跌停，约 103 亿元（即 10.3 billion yuan）市值蒸发，"
        "3 月 15 日至 31 日的危机影响了 15 亿元（即 1.5 billion yuan）以上的销售额。"
        "双汇当众掩埋问题猪肉，召开“万人”（10,000 人）道歉大会，还让管理人员在超市吃火腿肠："
        "公众却反应冷淡。课件建议真诚道歉、严格食品安全，并邀"
        "请顾客进入车间参观、监督生产。\n\n"
        "双汇的周销售额从未公开：`sales` 是一个**模拟的**序列（数据集 `shuanghui_sales`，见案例页面及其数据卡片），按"
        "课件的 15 亿元校准；每周 1,000 百万元的基线、信任构成和恢复的形状都是假设。第 0 周是从 3 月 15 日起的一周；`b"
        "aseline_m` 是没有危机时的销售额，`sales_m` 是模拟的销售额，单位均为百万元。在案例页面的模型（`crmlab.trust.sa"
        "les_after_shock`）中，比例为 ρ 的顾客在第 0 周继续购买，每周仍未回来的顾客中有比例 g 回来：$S_t = B\\,[1 - (1"
        "-\\rho)(1-g)^t]$。"
    ),
    parts={
        "lost": (
            "把 `lost_sales` 设为从曝光到第 `horizon` 周末（第 0 周到第 `horizon` 周，含首尾）损失的销售额：这些周 `b"
            "aseline_m − sales_m` 之和，单位百万元。",
            "周数在 0 到 horizon 之间的行"),
        "recovery": (
            "从数据中估计恢复过程。对模型取对数，$\\ln(1 - S_t/B) = \\ln(1-\\rho) + t \\ln(1-g)$：关于 t 的一条直线。"
            "在第 0 周到第 `window` 周（含首尾）用最小二乘法拟合（`np.polyfit(week, ln_missing, 1)`）。把 `weekly_rec"
            "overy` 设为 g 的估计值，把 `retained_week0` 设为 ρ 的估计值。",
            "直线的斜率是 ln(1 − g)，截距是 ln(1 − ρ)；再把对数还原"),
        "weeks-to-target": (
            "用你的估计值，多少周后销售额恢复到基线的 `target` 比例？用 `periods_to_recover` 设定 `weeks_to_target`。",
            "满足 1 − (1 − ρ)(1 − g)^t ≥ target 的第一周 t（书中：案例页面，恢复）"),
        "response": (
            "双汇的应对对吗？比较第 0 周到第 `horizon` 周的三种应对，每种在第 0 周都用你估计的 ρ，并有各自的每周恢复"
            "率（`responses`）：不应对；双汇的姿态（你估计的 g；成本 `responses['gestures']['cost']`）；向顾客开放车"
            "间并引入独立检测（恢复更快，更贵）。把 `lost_by_response` 设为每种应对下损失的销售额（以三个名称为键的 d"
            "ict；`sales_after_shock(1000, retained_week0, g, horizon)`），把 `best_response` 设为相对于不应对挽回的"
            "利润（`margin` × 挽回的销售额）减去其成本（百万元）最大的那种应对的名称。",
            "不应对是基准（既不挽回也不花钱）；姿态按你估计的恢复率恢复"),
        "market": (
            "股市一天之内抹去了 `market_value_lost` 百万元市值。把 `market_to_profit` 设为这一损失除以与你算出的损失"
            "销售额相应的*利润*损失（`margin` × `lost_sales`）。",
            "市值损失除以 margin × 损失的销售额：市场计入的是这几周利润损失的多少倍"),
    },
    written={
        "gestures": WrittenText(
            "写四五句话：为什么掩埋猪肉、“万人”道歉大会和管理人员吃火腿肠遭到冷遇？"
            "它们像三鹿事件那篇文章中四种误区（满意 = 信任、降价能建立信任、市场份额 = 信"
            "任、广告能建立信任）中的哪一种？它们能赢回哪些顾客（按信任强度）？",
            model_answer="这些都是做给公众看的表演，而不是顾客能够核实的改变：像广告一样，它们是在索取信任"
                         "，而不是赢得信任，这是第四种误区（那次“万人”大会还让人想起“市场份额 = 信任”"
                         "的误区，即以为名气大就是信任）。强式信任的顾客从未离开；弱式信任的顾客只有在购买"
                         "重新变得安全而且看得见时才会回来，所以这些姿态至多能打动那些容忍限度刚刚被超过的"
                         "半强式信任顾客。开放车间和独立检测才能让顾客自己检验其可靠性。",
            criteria=("解释冷遇的原因：只是姿态，而不是可以核实的改变",
                      "把它们与一种误区（广告，或把市场份额当作信任）联系起来，并说明理由",
                      "说明这些姿态能打动哪些信任强度的顾客及其原因")),
        "decision": WrittenText(
            "结合你的 `lost_by_response`、`best_response` 和 `weekly_recovery` 给双汇董事会写四五句话："
            "你建议怎么做？答案在多大程度上取决于你的估计窗口和为开放车间假设的恢复率？模型遗漏了什么？",
            model_answer="推荐扣除成本后挽回利润最多的应对，并引用各应对的损失。g 的估计值会随估计窗"
                         "口变化（在这个序列中较早的几周恢复得更快，而在短窗口中噪声的影响更大），"
                         "开放车间的恢复率则是一个假设：应当给出在一系列恢复率下的决策（开放车间恰好"
                         "划算的盈亏平衡恢复率）。模型遗漏了期限之后品牌的未来、再次发生丑闻的风险、"
                         "竞争对手抢走离开的顾客，以及这一序列是按单一校准目标模拟出来的。",
            criteria=("用学生自己的数字推荐一种应对",
                      "讨论结论对估计窗口和假设的恢复率的敏感性",
                      "说出模型遗漏了什么（长期影响、竞争对手、模拟数据）")),
        "market-memo": WrittenText(
            "写三四句话：股市是否反应过度？使用你的 `market_to_profit`，以及课件列出的信任对企业的"
            "价值（顾客资产、当前和未来的利润、更低的获取和服务顾客的成本、更低的风险、竞争优势）。",
            model_answer="市场计入的损失是那几个月所损失利润的许多倍：计入的不是损失的销售额，而是信任本身的价值，"
                         "即今后多年的利润、把顾客赢回来的更高成本，以及品牌重蹈三鹿覆辙的风险。这是否反应过度，"
                         "取决于此后信任恢复得有多快，以及崩溃的可能性有多大：如果几个月内就恢复到接近基线，"
                         "市场的损失看起来很大，但它同时计入了崩溃的风险，而恢复模型并不包含这种风险。",
            criteria=("正确解读 `market_to_profit`（是期限内损失利润的许多倍）",
                      "把市值与信任的价值（未来利润、成本、风险）联系起来",
                      "对是否反应过度表明有理有据的立场，并说出它取决于什么")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "lost sales in million yuan": "损失的销售额，单位百万元",
        "both are shares between 0 and 1": "两者都应该是 0 到 1 之间的比例",
        "a number of weeks": "应该是一个周数",
        "one loss per response": "每种应对一个损失额",
    },
)
"""The Chinese texts (`crmlab release shuanghui --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="shuanghui",
    translations={"zh": ZH},
    title="Exercise 8: Case: Shuanghui (双汇) and the clenbuterol crisis: the cost of a breach and the road back",
    covers=("C-SH", "T3", "T7", "T12"),
    intro="""
On 15 March 2011 China Central Television's "3·15" programme exposed that Shuanghui (双汇), China's largest meat
processor, had used pork from pigs fed clenbuterol (瘦肉精). The slide deck *顾客信任* (Customer trust) reports
that its shares fell by the daily limit and about 10.3 billion yuan of market value evaporated, and that the
crisis affected more than 1.5 billion yuan of sales from 15 to 31 March. Shuanghui buried the problem pork in
public, held a "10,000-person" apology meeting and had managers eat ham sausage in a supermarket: the public
gave it the cold shoulder. The deck recommends a sincere apology, strict food safety, and inviting customers
into the workshops to see and supervise production.

Shuanghui's weekly sales were never published: `sales` is a **simulated** series (data set `shuanghui_sales`,
see the case page and its data card), calibrated to the deck's 1.5 billion yuan; the baseline of 1,000
million yuan a week, the trust mix and the shape of the recovery are assumptions. Week 0 is the week from
15 March; `baseline_m` is what sales would have been without the crisis, `sales_m` the simulated sales, both
in million yuan. In the model of the case page (`crmlab.trust.sales_after_shock`) a share ρ of customers
keeps buying in week 0 and each week a share g of the customers still missing comes back:
$S_t = B\\,[1 - (1-\\rho)(1-g)^t]$.
""",
    setup=f"""
import numbers
import numpy as np
import pandas as pd
from crmlab.trust import periods_to_recover, sales_after_shock

market_value_lost = {MARKET_VALUE_LOST}  # million yuan, 15 March 2011 (the slide deck 顾客信任)
""",
    inputs=inputs,
    parts=(
        Part("lost", 1,
             "Set `lost_sales` to the sales lost from the exposé to the end of week `horizon` (weeks 0 to "
             "`horizon`, both included): the sum of `baseline_m − sales_m` over those weeks, in million yuan.",
             'after = sales[sales["week"].between(0, horizon)]\n'
             'lost_sales = (after["baseline_m"] - after["sales_m"]).sum()',
             'assert isinstance(lost_sales, numbers.Real) and lost_sales > 0, "lost sales in million yuan"',
             lambda v: {"lost_sales": Expect.number(_lost_sales(v), tol=0.5)},
             hint="the rows whose week lies between 0 and horizon"),
        Part("recovery", 2,
             "Estimate the recovery from the data. Taking logs of the model, "
             "$\\ln(1 - S_t/B) = \\ln(1-\\rho) + t \\ln(1-g)$: a straight line in t. Fit it by least squares "
             "(`np.polyfit(week, ln_missing, 1)`) over weeks 0 to `window` (both included). Set "
             "`weekly_recovery` to the estimated g and `retained_week0` to the estimated ρ.",
             'fit = sales[sales["week"].between(0, window)]\n'
             'slope, intercept = np.polyfit(fit["week"], np.log(1 - fit["sales_m"] / fit["baseline_m"]), 1)\n'
             "weekly_recovery = 1 - np.exp(slope)\n"
             "retained_week0 = 1 - np.exp(intercept)",
             "for answer in (weekly_recovery, retained_week0):\n"
             '    assert isinstance(answer, numbers.Real) and 0 < answer < 1, "both are shares between 0 and 1"',
             lambda v: {"weekly_recovery": Expect.number(_fit(v)[0], tol=0.0005),
                        "retained_week0": Expect.number(_fit(v)[1], tol=0.0005)},
             hint="the slope of the line is ln(1 − g) and its intercept ln(1 − ρ); undo the logs"),
        Part("weeks-to-target", 1,
             "With your estimates, after how many weeks are sales back to the share `target` of the baseline? "
             "Set `weeks_to_target` with `periods_to_recover`.",
             "weeks_to_target = periods_to_recover(retained_week0, weekly_recovery, target=target)",
             'assert isinstance(weeks_to_target, numbers.Real), "a number of weeks"',
             lambda v: {"weeks_to_target": Expect.number(periods_to_recover(_fit(v)[1], _fit(v)[0], v["target"]),
                                                         tol=0)},
             hint="the first week t with 1 − (1 − ρ)(1 − g)^t ≥ target (book: the case page, The recovery)"),
        Part("response", 3,
             "Was Shuanghui's response the right one? Compare three responses over weeks 0 to `horizon`, each with "
             "your estimated ρ in week 0 and its own weekly recovery rate (`responses`): no response; "
             "Shuanghui's gestures (your estimated g; cost `responses['gestures']['cost']`); and opening the "
             "workshops to customers with independent testing (faster recovery, dearer). Set "
             "`lost_by_response` to the sales lost under each (a dict with the three names; "
             "`sales_after_shock(1000, retained_week0, g, horizon)`), and `best_response` to the name of the "
             "response whose profit saved against no response (`margin` × the sales it saves) minus its cost "
             "(million yuan) is largest.",
             "rates = {name: r.get('weekly_recovery', weekly_recovery) for name, r in responses.items()}\n"
             "lost_by_response = {name: sales_after_shock(1000, retained_week0, g, horizon)['lost'].sum()\n"
             "                    for name, g in rates.items()}\n"
             "net = {name: margin * (lost_by_response['no response'] - lost) - responses[name]['cost']\n"
             "       for name, lost in lost_by_response.items()}\n"
             "best_response = max(net, key=net.get)",
             'assert set(lost_by_response) == set(responses), "one loss per response"\n'
             'assert best_response in responses',
             lambda v: {"lost_by_response": Expect.numbers(_lost(v), tol=0.5),
                        "best_response": Expect.text(_best_response(v))},
             hint="no response is the benchmark (it saves nothing and costs nothing); the gestures recover at "
                  "your estimated rate"),
        Part("market", 1,
             "The stock market wiped out `market_value_lost` million yuan in a day. Set `market_to_profit` to "
             "that loss divided by the *profit* lost with your lost sales (`margin` × `lost_sales`).",
             "market_to_profit = market_value_lost / (margin * lost_sales)",
             'assert isinstance(market_to_profit, numbers.Real) and market_to_profit > 0',
             lambda v: {"market_to_profit": Expect.number(MARKET_VALUE_LOST / (v["margin"] * _lost_sales(v)),
                                                          tol=0.01)},
             hint="market value lost over margin × lost sales: how many times the profit lost in those weeks the "
                  "market priced in"),
    ),
    written=(
        Written("gestures", 3,
                "In four or five sentences: why did burying the pork, the \"10,000-person\" apology and managers "
                "eating ham sausage meet with coldness? Which of the four misconceptions of the essay on Sanlu "
                "(satisfaction = trust, price cuts build trust, market share = trust, advertising builds trust) "
                "do they resemble, and which customers (by strength of trust) could they win back?",
                "They were shows aimed at the public's eyes, not changes the customer could verify: like "
                "advertising, they ask for trust instead of earning it, the fourth misconception (and the "
                "meeting recalls the belief that a big name is trust). Strong-trust customers never left; "
                "weak-trust ones return only when buying is safe again and visible, so gestures reach at most "
                "the semi-strong customers whose tolerance was just exceeded. Opening the workshops and "
                "independent tests let customers check the reliability themselves.",
                rubric=(Criterion(1, "explains the coldness: gestures instead of verifiable change"),
                        Criterion(1, "links them to a misconception (advertising, or market share as trust) with "
                                     "a reason"),
                        Criterion(1, "says which strengths of trust the gestures could reach and why"))),
        Written("decision", 3,
                "In four or five sentences for Shuanghui's board, with your `lost_by_response`, `best_response` "
                "and `weekly_recovery`: what do you recommend, and how much does the answer depend on your "
                "estimation window and on the recovery rate assumed for the workshops? What does the model leave "
                "out?",
                "Recommend the response with the largest profit saved net of cost, quoting the losses. The "
                "estimated g moves with the window (earlier weeks recover faster in this series, and noise "
                "weighs more in a short window), and the workshops' rate is an assumption: the decision should "
                "be shown for a range of rates (a break-even rate at which the workshops pay). The model leaves "
                "out the brand's future beyond the horizon, the risk of a second scandal, competitors taking the "
                "customers who leave, and that the series is simulated from one calibration target.",
                rubric=(Criterion(1, "recommends a response with the student's numbers"),
                        Criterion(1, "discusses the sensitivity to the window and to the assumed recovery rates"),
                        Criterion(1, "names what the model leaves out (long run, competitors, simulated data)"))),
        Written("market-memo", 3,
                "In three or four sentences: was the stock market overreacting? Use your `market_to_profit`, "
                "and the deck's list of what trust is worth to a firm (customer equity, current and future "
                "profit, lower costs of winning and serving customers, lower risk, competitive advantage).",
                "The market priced in many times the profit lost in those months: not lost sales, but the value "
                "of trust itself, future profit across years, higher costs of winning customers back, and the "
                "risk that the brand goes the way of Sanlu. Whether that overreacts depends on how fast trust "
                "comes back after them and how likely a collapse was: with a recovery to near the "
                "baseline within months, the market's loss looks large, but it also prices the risk of a "
                "collapse, which the recovery model does not contain.",
                rubric=(Criterion(1, "interprets market_to_profit correctly (many times the profit lost over the "
                                     "horizon)"),
                        Criterion(1, "relates the market value to the value of trust (future profit, costs, risk)"),
                        Criterion(1, "takes a reasoned position on overreaction, naming what it depends on"))),
    ),
)
