"""Assignment "cdnow": retention and lifetime value measured on real CDNOW purchases (L2, L8, L11, L12)."""

from crmlab.data import load
from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Part, Written
from crmlab.retention import lifetime_value

MARGIN_SHARE, DISCOUNT = 0.3, 0.1
YEAR_2 = ("1997-07-01", "1998-06-30")

purchases = load("cdnow")
# Fader, Hardie & Lee (2005) describe the cohort: 23,570 customers who first bought in January–March 1997.
N_CUSTOMERS = 23_570
in_year_2 = purchases[purchases["date"].between(*YEAR_2)]
RETENTION = in_year_2["customer_id"].nunique() / N_CUSTOMERS
SPEND = in_year_2["dollar_value"].sum() / in_year_2["customer_id"].nunique()
REPEAT = (purchases.groupby("customer_id")["date"].nunique() > 1).mean()
per_customer = purchases.groupby("customer_id")["dollar_value"].sum().sort_values(ascending=False)
TOP_DECILE = per_customer.iloc[: len(per_customer) // 10].sum() / per_customer.sum()

ASSIGNMENT = Assignment(
    name="cdnow",
    title="Exercise 6: Case with real data: retention and lifetime value at CDNOW",
    covers=("L2", "L8", "L11", "L12"),
    intro="""
CDNOW was an online CD shop. The data are **real**: every purchase, to the end of June 1998, by the customers
who first bought there in January–March 1997 (Fader, Hardie & Lee 2005; see the data card in the book's
appendix). You will measure repeat purchase, a yearly retention rate and the spend of retained customers, and
turn them into a lifetime value with an assumed margin. Several rows can share a customer and a date: count
purchase *days* when you count repeat purchases.
""",
    setup=f"""
import numbers
import pandas as pd
from crmlab.data import load
from crmlab.retention import lifetime_value

purchases = load("cdnow")  # customer_id, date, number_of_cds, dollar_value
year_2 = {YEAR_2!r}  # the twelve months after the first half-year
margin_share, discount_rate = {MARGIN_SHARE!r}, {DISCOUNT!r}
purchases.head()
""",
    parts=(
        Part("customers", 1,
             "Set `n_customers` to the number of distinct customers in the data.",
             'n_customers = purchases["customer_id"].nunique()',
             'assert isinstance(n_customers, numbers.Real), "n_customers should be a number"',
             {"n_customers": Expect.number(N_CUSTOMERS, tol=0)}),
        Part("repeat", 2,
             "Set `repeat_share` to the share (0–1) of customers who bought on more than one day.",
             'repeat_share = (purchases.groupby("customer_id")["date"].nunique() > 1).mean()',
             'assert isinstance(repeat_share, numbers.Real) and 0 <= repeat_share <= 1',
             {"repeat_share": Expect.number(REPEAT, tol=0.001)}),
        Part("retention", 2,
             "Every customer bought in the first half of 1997. Set `retention` to the share of all customers who "
             "bought at least once in `year_2` (1 July 1997 to 30 June 1998, both included): a yearly retention rate.",
             'active = purchases[purchases["date"].between(*year_2)]\n'
             'retention = active["customer_id"].nunique() / purchases["customer_id"].nunique()',
             'assert isinstance(retention, numbers.Real) and 0 <= retention <= 1',
             {"retention": Expect.number(RETENTION, tol=0.001)}),
        Part("spend", 1,
             "Set `spend` to the average amount (dollars) a customer active in `year_2` spent in `year_2`.",
             'spend = active["dollar_value"].sum() / active["customer_id"].nunique()',
             'assert isinstance(spend, numbers.Real) and spend > 0',
             {"spend": Expect.number(SPEND, tol=0.05)}),
        Part("clv", 2,
             "Assume a margin of `margin_share` (30 %) of spend and a discount rate of 10 %. Set `clv` to the "
             "no-horizon lifetime value of a retained customer with `lifetime_value`.",
             "clv = lifetime_value(margin_share * spend, retention, discount_rate)",
             'assert isinstance(clv, numbers.Real) and clv > 0',
             {"clv": Expect.number(lifetime_value(MARGIN_SHARE * SPEND, RETENTION, DISCOUNT), tol=0.05)}),
        Part("top-decile", 1,
             "Sort customers by their total spend. Set `top_share` to the share of all revenue that comes from the "
             "top 10 % of customers (the first 2,357).",
             'totals = purchases.groupby("customer_id")["dollar_value"].sum().sort_values(ascending=False)\n'
             "top_share = totals.iloc[: len(totals) // 10].sum() / totals.sum()",
             'assert isinstance(top_share, numbers.Real) and 0 <= top_share <= 1',
             {"top_share": Expect.number(TOP_DECILE, tol=0.001)}),
    ),
    written=(
        Written("memo", 3,
                "For CDNOW's marketing director, in five or six sentences: what do the repeat share, the retention "
                "rate and the top-decile share say about where to spend on retention? Name two reasons why your "
                "lifetime value may be wrong (think of how the window ends and of the margin).",
                "Half the cohort never came back, a third is active in year two, and a tenth of customers bring "
                "half the revenue: retention spending should target the heavy repeat buyers. The CLV assumes "
                "constant retention and margin, a guessed 30 % margin, and the window is right-censored."),
    ),
)
