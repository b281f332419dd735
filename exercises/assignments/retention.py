"""Assignment "retention": customer lifetime value, the retention uplift and the leaky bucket (L8, L11, R1)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Part, Written
from crmlab.retention import leaky_bucket, lifetime_value, retention_uplift, steady_state

MARGIN, RETENTION, DISCOUNT = 120, 0.75, 0.08

ASSIGNMENT = Assignment(
    name="retention",
    title="Exercise 5: Retention and customer lifetime value (客户终身价值)",
    covers=("L8", "L11", "R1"),
    intro="""
A mobile operator earns a margin of 120 yuan a year per customer, keeps 75 % of its customers each year and
discounts at 8 %. Lifetime value (the retention-based formula of Gupta & Lehmann 2003) is
$CLV = \\sum_t m\\, r^{t-1} / (1+d)^t$, or $m / (1 + d - r)$ with no horizon. `crmlab.retention` has it.
""",
    setup=f"""
import numbers
from crmlab.retention import lifetime_value, retention_uplift, leaky_bucket, steady_state

margin, retention, discount_rate = {MARGIN!r}, {RETENTION!r}, {DISCOUNT!r}
""",
    parts=(
        Part("clv", 2,
             "Set `clv` to the lifetime value with no horizon.",
             "clv = lifetime_value(margin, retention, discount_rate)",
             'assert isinstance(clv, numbers.Real), "clv should be a number"\n'
             'assert clv > margin, "a customer who may stay several years is worth more than one year\'s margin"',
             {"clv": Expect.number(lifetime_value(MARGIN, RETENTION, DISCOUNT))}),
        Part("clv-3", 1,
             "Set `clv_3` to the lifetime value over a three-year horizon.",
             "clv_3 = lifetime_value(margin, retention, discount_rate, periods=3)",
             'assert isinstance(clv_3, numbers.Real)',
             {"clv_3": Expect.number(lifetime_value(MARGIN, RETENTION, DISCOUNT, periods=3))}),
        Part("net", 1,
             "Winning a customer costs 150 yuan. Set `net_clv` to the no-horizon lifetime value net of it.",
             "net_clv = lifetime_value(margin, retention, discount_rate, acquisition_cost=150)",
             'assert isinstance(net_clv, numbers.Real)',
             {"net_clv": Expect.number(lifetime_value(MARGIN, RETENTION, DISCOUNT, acquisition_cost=150))}),
        Part("uplift", 2,
             "The slides say retention +5 points raises profit by 25–85 %. Set `uplift` to the relative rise "
             "(0.2 means +20 %) in no-horizon lifetime value when retention rises from 0.75 to 0.80.",
             "uplift = retention_uplift(retention, discount_rate, points=0.05)",
             'assert isinstance(uplift, numbers.Real)\nassert -1 < uplift < 5, "a relative change, e.g. 0.2 for +20 %"',
             {"uplift": Expect.number(retention_uplift(RETENTION, DISCOUNT, 0.05), tol=0.001)}),
        Part("bucket", 1,
             "A leaky bucket: 10,000 customers, 1,500 new ones a year, 25 % churn. Set `customers_5` to the "
             "number of customers after 5 years.",
             "customers_5 = leaky_bucket(10_000, 1_500, 0.25, 5)['customers'].iloc[-1]",
             'assert isinstance(customers_5, numbers.Real)',
             {"customers_5": Expect.number(leaky_bucket(10_000, 1_500, 0.25, 5)["customers"].iloc[-1], tol=0.5)}),
        Part("steady", 1,
             "Set `steady` to the size the bucket settles at in the long run.",
             "steady = steady_state(1_500, 0.25)",
             'assert isinstance(steady, numbers.Real)',
             {"steady": Expect.number(steady_state(1_500, 0.25), tol=0.5)}),
    ),
    written=(
        Written("memo", 3,
                "Your uplift is not the slides' 25–85 %. In four or five sentences for the operator's CFO: why "
                "does the effect of +5 points depend on where retention starts, and what would you need to know "
                "before spending money on retention rather than acquisition?",
                "CLV = m/(1+d−r) is convex in r, so the same 5 points matter more at high retention; the slides' "
                "figures come from Reichheld & Sasser's service firms, where margins also grow with tenure. Need "
                "the cost of raising retention versus the acquisition cost."),
    ),
)
