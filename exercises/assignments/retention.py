"""Assignment "retention": customer lifetime value, the retention uplift and the leaky bucket (L8, L11, R1)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Written
from crmlab.retention import leaky_bucket, lifetime_value, retention_uplift, steady_state


def inputs(draw):
    """A mobile operator's yearly margin per customer, retention rate, discount rate and acquisition cost,
    and a leaky bucket of customers (made-up teaching figures)."""
    operator = {"margin": draw.integer(80, 200, 10), "retention": draw.number(0.6, 0.88, 0.01),
                "discount_rate": draw.number(0.05, 0.12, 0.01), "acquisition_cost": draw.integer(100, 300, 25)}
    bucket = {"initial": draw.integer(5_000, 20_000, 500), "acquired_per_period": draw.integer(500, 3_000, 100),
              "churn_rate": draw.number(0.1, 0.35, 0.01)}
    return {"operator": operator, "bucket": bucket}


def _clv(v, **kwargs):
    o = v["operator"]
    return lifetime_value(o["margin"], o["retention"], o["discount_rate"], **kwargs)


ASSIGNMENT = Assignment(
    name="retention",
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
        Written("budget", 3,
                "A loyalty programme would raise retention by 5 points and cost a fixed amount per customer per "
                "year. In three or four sentences: how much may it cost at most, per customer per year, to pay "
                "for itself in your figures? Show how you worked it out.",
                "The programme pays while its cost per year is below the rise in lifetime value spread over the "
                "customer's expected (discounted) years; e.g. rise in CLV / (CLV per unit margin at the new "
                "retention). Any clear, correct reasoning with the student's numbers earns the points.",
                rubric=(Criterion(1, "computes the rise in lifetime value from the uplift and the CLV"),
                        Criterion(1, "spreads it over the customer's expected discounted years (or an equivalent "
                                     "correct method)"),
                        Criterion(1, "states the break-even cost with the student's numbers"))),
    ),
)
