"""Assignment "cdnow": retention, lifetime value and defection measured on real CDNOW purchases (L2, L8, L11, L12)."""

import pandas as pd

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Translation, Written, WrittenText
from crmlab.retention import lifetime_value

YEAR_2 = ("1997-07-01", "1998-06-30")
END = YEAR_2[1]  # the last day of the data


def inputs(draw):
    """Each student's own sample of 4,000 of the 23,570 real CDNOW customers (every purchase of each), and an
    assumed margin share and discount rate."""
    from crmlab.data import load

    purchases = load("cdnow")
    chosen = draw.sample(sorted(purchases["customer_id"].unique()), 4000)
    sample = purchases[purchases["customer_id"].isin(chosen)].reset_index(drop=True)
    return {"purchases": sample, "margin_share": draw.choice([0.2, 0.25, 0.3, 0.35]),
            "discount_rate": draw.choice([0.08, 0.1, 0.12])}


def _measures(v):
    """Every expected answer of a variant, computed once per variant (each part asks for its own)."""
    if _LAST.get("variant") is not v:
        _LAST.update(variant=v, measures=_measure(v))
    return _LAST["measures"]


_LAST: dict = {}


def _measure(v):
    purchases = v["purchases"]
    active = purchases[purchases["date"].between(*YEAR_2)]
    n = purchases["customer_id"].nunique()
    retention = active["customer_id"].nunique() / n
    spend = active["dollar_value"].sum() / active["customer_id"].nunique()
    totals = purchases.groupby("customer_id")["dollar_value"].sum().sort_values(ascending=False)
    days = purchases[["customer_id", "date"]].drop_duplicates().sort_values(["customer_id", "date"])
    gap_90 = days.groupby("customer_id")["date"].diff().dt.days.dropna().quantile(0.9)
    last = days.groupby("customer_id")["date"].agg(["max", "size"])
    quiet = (pd.Timestamp(END) - last.loc[last["size"] > 1, "max"]).dt.days > gap_90
    return {"n_customers": n, "repeat_share": (last["size"] > 1).mean(), "retention": retention, "spend": spend,
            "clv": lifetime_value(v["margin_share"] * spend, retention, v["discount_rate"]),
            "top_share": totals.iloc[: len(totals) // 10].sum() / totals.sum(), "gap_90": gap_90,
            "quiet_share": quiet.mean()}


ZH = Translation(
    title="练习 6：真实数据案例：CDNOW 的顾客保持与终身价值",
    intro=(
        "CDNOW 是一家在线 CD 商店。数据是**真实的**：1997 年 1–3 月首次在此购买的顾客直到 1998 年 6 月底的每一笔购买（"
        "Fader、Hardie 和 Lee 2005；见本书附录中的数据卡片）。你使用从其 23,570 位顾客中为你随机抽取的 4,000 位。你将"
        "测量重复购买、年度顾客保持率和留存顾客的消费，并在假定的利润率下把它们换算为终身价值。同一顾客同一日期可能有"
        "多行：计算重复购买时要数购买*天数*。"
    ),
    parts={
        "customers": (
            "把 `n_customers` 设为数据中不同顾客的人数。",
            "每个顾客编号只数一次"),
        "repeat": (
            "把 `repeat_share` 设为在不止一天购买过的顾客所占比例（0–1）。",
            "按顾客数不同的购买天数，而不是行数"),
        "retention": (
            "每位顾客都在 1997 年上半年购买过。把 `retention` 设为在 `year_2`（1997 年 7 月 1 日至 1998 年 6 月 30 "
            "日，含首尾）至少购买一次的顾客占全部顾客的比例：这是年度顾客保持率。",
            "第二年活跃的顾客除以样本的全部顾客"),
        "spend": (
            "把 `spend` 设为在 `year_2` 活跃的顾客在 `year_2` 的平均消费金额（美元）。",
            "第二年的收入除以第二年活跃的顾客数"),
        "clv": (
            "假定利润为消费的 `margin_share`，贴现率为 `discount_rate`。用 `lifetime_value` 把 `clv` 设为一位留存顾客"
            "的无期限终身价值。",
            "lifetime_value(margin, retention, discount_rate)，其中 margin = margin_share × spend"),
        "top-decile": (
            "按总消费给顾客排序。把 `top_share` 设为前 10% 的顾客（前 400 位）贡献的收入占全部收入的比例。",
            "把排序后前十分之一顾客的消费相加，除以全部收入"),
        "gaps": (
            "CD 商店没有顾客会取消的合约：它从来看不到顾客离开，只看到顾客不再购买。要判断多久的沉默意味着流失，先看"
            "顾客两次购买之间通常隔多久。对每位顾客，按顺序取其不同的购买日；*间隔*是从一个购买日到下一个购买日的天"
            "数。把所有顾客的间隔合在一起，把 `gap_90` 设为其第 90 百分位数（`Series.quantile(0.9)`，pandas 的默认插"
            "值）。",
            "先做到每位顾客每天一行；在每位顾客内部用 diff() 得到间隔（顾客的第一天没有间隔）"),
        "quiet": (
            "如果一位重复购买者（购买天数多于一天的顾客）最后一个购买日距 `end`（1998 年 6 月 30 日）已超过 `gap_90` "
            "天，就称其为*沉默*顾客：90% 的购买间隔都比这段沉默短。把 `quiet_share` 设为沉默顾客占重复购买者的比例。",
            "每位重复购买者从最后购买日到数据结束的天数，与 gap_90 比较（书中：流失分析）"),
    },
    written={
        "memo": WrittenText(
            "给 CDNOW 的营销总监写五六句话：重复购买比例、顾客保持率和前 10% 顾客的收入比例说明顾客保持的"
            "钱应该花在哪里？说出你的终身价值可能有误的两个原因（想一想观察窗口如何结束，以及利润率）。",
            model_answer="这一群组的大多数顾客再也没有回来，约三分之一在第二年仍然活跃，"
                         "十分之一的顾客带来约一半的收入：顾客保持的支出应当瞄准大量重复购买的顾客。"
                         "终身价值假定保持率和利润率不变，而且利润率是猜测的；观察窗口还存在右删失。",
            criteria=("用学生自己的数字正确解读三项指标",
                      "得出应瞄准哪些顾客的结论（大量重复购买的顾客）",
                      "说出终身价值的两个实际局限（保持率不变、删失、利润率）")),
        "sample": WrittenText(
            "你的数字来自 4,000 位顾客的样本；同学的数字会略有不同。写三四句话：你会在多大程度上把你的顾客保"
            "持率当作整个群组的保持率？在没有其他顾客数据的情况下，你如何知道它在不同样本之间的变化有多大？",
            model_answer="由 4,000 位顾客算出的比例，其标准误约为 sqrt(r(1−r)/4000) ≈ 0.7 "
                         "个百分点，所以它与整个群组的保持率很接近；其波动可以用二项分布"
                         "的公式估计，也可以对样本做自助法（bootstrap）重抽样来估计。",
            criteria=("有理有据地给出抽样误差的大小（约一个百分点或更小）",
                      "说出一种方法（比例的标准误或自助法）",
                      "区分抽样误差与模型本身的假设")),
        "cut-off": WrittenText(
            "你把 `gap_90` 天没有购买的重复购买者称为沉默顾客。给营销总监写四五句话：为什么选这个分界而不是 30 "
            "天或 365 天？把每个沉默顾客都当作已流失有什么问题？你会给他们所有人都发挽回优惠吗？使用你的数字。",
            model_answer="以 30 天为界，会把大多数经常购买的顾客算作流失（一半的间隔长于一个月左右）；"
                         "以 365 天为界，则要等一年才能采取行动。观察到的间隔的第 90 百分位数意味着，"
                         "仍按平常节奏购买的顾客很少会沉默这么久，所以这个分界来自顾客自己的购买节奏。"
                         "但它是所有人共用的一个节奏：购买多的顾客买得更频繁，购买少的顾客可能在长时间停顿后"
                         "回来，而且在 18 个月的窗口中看到的间隔是删失的（长间隔被截断），所以有些沉默顾客并"
                         "没有流失；BG/NBD 之类的模型则给每位顾客一个仍然活跃的概率。挽回优惠只对那些过去的消"
                         "费使其预期价值超过优惠成本的沉默顾客才划算：按价值给他们排序，先在一个样本上试验。",
            criteria=("根据间隔的分布论证这个分界，并给出学生自己的 `gap_90` 和 `quiet_share`",
                      "说明为什么沉默不等于流失（所有人共用一个节奏、删失、顾客会回来；仍然活跃的概率）",
                      "让挽回优惠取决于顾客的价值和优惠的成本，而不只取决于沉默")),
    },
    # The messages of the visible tests' assertions only this assignment says (English → Chinese); the
    # shared ones ("… should be a number") are crmlab.grading.spec.TEST_MESSAGES.
    tests={
        "gap_90 should be a number of days": "gap_90 应该是一个天数",
    },
)
"""The Chinese texts (`crmlab release cdnow --lang zh`), the model answers and rubrics and the visible
tests' messages included; code, tests, key and points are shared."""


ASSIGNMENT = Assignment(
    name="cdnow",
    translations={"zh": ZH},
    title="Exercise 6: Case with real data: retention and lifetime value at CDNOW",
    covers=("L2", "L8", "L11", "L12"),
    intro="""
CDNOW was an online CD shop. The data are **real**: every purchase, to the end of June 1998, by the customers
who first bought there in January–March 1997 (Fader, Hardie & Lee 2005; see the data card in the book's
appendix). You work on your own random sample of 4,000 of its 23,570 customers. You will measure repeat
purchase, a yearly retention rate and the spend of retained customers, and turn them into a lifetime value
with an assumed margin. Several rows can share a customer and a date: count purchase *days* when you count
repeat purchases.
""",
    setup=f"""
import numbers
import pandas as pd
from crmlab.retention import lifetime_value

year_2 = {YEAR_2!r}  # the twelve months after the first half-year
end = {END!r}  # the last day of the data
""",
    inputs=inputs,
    parts=(
        Part("customers", 1,
             "Set `n_customers` to the number of distinct customers in the data.",
             'n_customers = purchases["customer_id"].nunique()',
             'assert isinstance(n_customers, numbers.Real), "n_customers should be a number"',
             lambda v: {"n_customers": Expect.number(_measures(v)["n_customers"], tol=0)},
             hint="count each customer id once"),
        Part("repeat", 2,
             "Set `repeat_share` to the share (0–1) of customers who bought on more than one day.",
             'repeat_share = (purchases.groupby("customer_id")["date"].nunique() > 1).mean()',
             'assert isinstance(repeat_share, numbers.Real) and 0 <= repeat_share <= 1',
             lambda v: {"repeat_share": Expect.number(_measures(v)["repeat_share"], tol=0.001)},
             hint="count distinct purchase days per customer, not rows"),
        Part("retention", 2,
             "Every customer bought in the first half of 1997. Set `retention` to the share of all your customers "
             "who bought at least once in `year_2` (1 July 1997 to 30 June 1998, both included): a yearly "
             "retention rate.",
             'active = purchases[purchases["date"].between(*year_2)]\n'
             'retention = active["customer_id"].nunique() / purchases["customer_id"].nunique()',
             'assert isinstance(retention, numbers.Real) and 0 <= retention <= 1',
             lambda v: {"retention": Expect.number(_measures(v)["retention"], tol=0.001)},
             hint="customers active in year 2 over all customers of your sample"),
        Part("spend", 1,
             "Set `spend` to the average amount (dollars) a customer active in `year_2` spent in `year_2`.",
             'spend = active["dollar_value"].sum() / active["customer_id"].nunique()',
             'assert isinstance(spend, numbers.Real) and spend > 0',
             lambda v: {"spend": Expect.number(_measures(v)["spend"], tol=0.05)},
             hint="year-2 revenue over the number of customers active in year 2"),
        Part("clv", 2,
             "Assume a margin of `margin_share` of spend and a discount rate of `discount_rate`. Set `clv` to the "
             "no-horizon lifetime value of a retained customer with `lifetime_value`.",
             "clv = lifetime_value(margin_share * spend, retention, discount_rate)",
             'assert isinstance(clv, numbers.Real) and clv > 0',
             lambda v: {"clv": Expect.number(_measures(v)["clv"], tol=0.05)},
             hint="lifetime_value(margin, retention, discount_rate) with margin = margin_share × spend"),
        Part("top-decile", 1,
             "Sort customers by their total spend. Set `top_share` to the share of all revenue that comes from the "
             "top 10 % of customers (the first 400).",
             'totals = purchases.groupby("customer_id")["dollar_value"].sum().sort_values(ascending=False)\n'
             "top_share = totals.iloc[: len(totals) // 10].sum() / totals.sum()",
             'assert isinstance(top_share, numbers.Real) and 0 <= top_share <= 1',
             lambda v: {"top_share": Expect.number(_measures(v)["top_share"], tol=0.001)},
             hint="sum the spend of the first tenth of the sorted customers, over all revenue"),
        Part("gaps", 2,
             "A CD shop has no contract that customers cancel: it never sees a customer leave, only stop "
             "buying. To say when a silence means defection, look at how long customers usually wait between "
             "purchases. For each customer, take their distinct purchase days in order; a *gap* is the number of "
             "days from one purchase day to the next. Pool the gaps of all your customers and set `gap_90` to "
             "their 90th percentile (`Series.quantile(0.9)`, pandas' default interpolation).",
             'days = purchases[["customer_id", "date"]].drop_duplicates().sort_values(["customer_id", "date"])\n'
             'gaps = days.groupby("customer_id")["date"].diff().dt.days.dropna()\n'
             "gap_90 = gaps.quantile(0.9)",
             'assert isinstance(gap_90, numbers.Real) and gap_90 > 0, "gap_90 should be a number of days"',
             lambda v: {"gap_90": Expect.number(_measures(v)["gap_90"], tol=0.5)},
             hint="one row per customer and day first; diff() within each customer gives the gaps (a "
                  "customer's first day has none)"),
        Part("quiet", 2,
             "Call a repeat buyer (a customer with more than one purchase day) *quiet* when more than `gap_90` "
             "days have passed between their last purchase day and `end` (30 June 1998): 90 % of the gaps "
             "between purchases are shorter than that silence. Set `quiet_share` to the share of repeat buyers "
             "who are quiet.",
             'last = days.groupby("customer_id")["date"].agg(["max", "size"])\n'
             'silence = (pd.Timestamp(end) - last.loc[last["size"] > 1, "max"]).dt.days\n'
             "quiet_share = (silence > gap_90).mean()",
             'assert isinstance(quiet_share, numbers.Real) and 0 <= quiet_share <= 1',
             lambda v: {"quiet_share": Expect.number(_measures(v)["quiet_share"], tol=0.001)},
             hint="days from each repeat buyer's last purchase day to the end of the data, compared with gap_90 "
                  "(book: Analysing defection)"),
    ),
    written=(
        Written("memo", 3,
                "For CDNOW's marketing director, in five or six sentences: what do the repeat share, the retention "
                "rate and the top-decile share say about where to spend on retention? Name two reasons why your "
                "lifetime value may be wrong (think of how the window ends and of the margin).",
                "Most of the cohort never came back, about a third is active in year two, and a tenth of customers "
                "bring about half the revenue: retention spending should target the heavy repeat buyers. The CLV "
                "assumes constant retention and margin and a guessed margin, and the window is right-censored.",
                rubric=(Criterion(1, "reads the three measures correctly, with the student's numbers"),
                        Criterion(1, "draws the targeting conclusion (heavy repeat buyers)"),
                        Criterion(1, "names two real limits of the CLV (constant retention, censoring, margin)"))),
        Written("sample", 3,
                "Your numbers come from a sample of 4,000 customers; a classmate's differ a little. In three or "
                "four sentences: how far would you trust your retention rate as the whole cohort's, and how "
                "could you tell how much it varies between samples without the other customers?",
                "A share from 4,000 customers has a standard error of about sqrt(r(1−r)/4000) ≈ 0.7 points, so "
                "it is close to the cohort's; the spread can be estimated by the binomial formula or by "
                "bootstrapping the sample.",
                rubric=(Criterion(1, "gives a reasoned size of the sampling error (about one point or less)"),
                        Criterion(1, "names a method (standard error of a proportion, or a bootstrap)"),
                        Criterion(1, "distinguishes sampling error from the model's own assumptions"))),
        Written("cut-off", 3,
                "You called a repeat buyer quiet after `gap_90` days without a purchase. In four or five "
                "sentences for the marketing director: why that cut-off rather than 30 or 365 days, what is "
                "wrong with reading every quiet customer as lost, and would you send all of them a win-back "
                "offer? Use your numbers.",
                "Thirty days would call most regular buyers lost (half the gaps are longer than about a month); "
                "365 days would wait a year to act. The 90th percentile of the observed gaps means that a "
                "customer still buying at his usual pace would rarely be that silent, so the cut-off comes from "
                "the customers' own rhythm. But it is one rhythm for everyone: heavy buyers buy more often, "
                "light ones may return after a long pause, and the gaps seen in an 18-month window are "
                "censored (long gaps are cut off), so some quiet customers are not lost; a model such as "
                "BG/NBD gives each a probability of being alive instead. A win-back offer pays only for quiet "
                "customers whose past spend makes their expected value exceed its cost: rank them by value, "
                "test on a sample first.",
                rubric=(Criterion(1, "justifies the cut-off from the distribution of gaps, with the student's "
                                     "gap_90 and quiet_share"),
                        Criterion(1, "names why quiet is not lost (one rhythm for all, censoring, customers "
                                     "return; probability of being alive)"),
                        Criterion(1, "makes the win-back offer depend on the customers' value and its cost, "
                                     "not on silence alone"))),
    ),
)
