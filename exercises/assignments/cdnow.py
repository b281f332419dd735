"""Assignment "cdnow": retention and lifetime value measured on real CDNOW purchases (L2, L8, L11, L12)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Written
from crmlab.retention import lifetime_value

YEAR_2 = ("1997-07-01", "1998-06-30")


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
    return {"n_customers": n, "repeat_share": (purchases.groupby("customer_id")["date"].nunique() > 1).mean(),
            "retention": retention, "spend": spend,
            "clv": lifetime_value(v["margin_share"] * spend, retention, v["discount_rate"]),
            "top_share": totals.iloc[: len(totals) // 10].sum() / totals.sum()}


ASSIGNMENT = Assignment(
    name="cdnow",
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
    ),
)
