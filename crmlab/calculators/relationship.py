"""Calculators of chapter 5, relationships: lifetime value and five more points of retention (L8, L11), the
leaky bucket (R1), what one complaint is worth (R3)."""

from __future__ import annotations

from crmlab import retention, satisfaction
from crmlab.calculators._chart import bars, layer, lines, points, rules
from crmlab.calculators._declare import Choice, Slider, Toggle, calculator
from crmlab.calculators._text import source

CLAIMS = {"claim: +25 % (essay)": 0.25, "claim: +85 % (loyalty lecture)": 0.85}
"""Claimed profit rises from five more points of retention that the course's sources report."""


@calculator(
    title="Customer lifetime value and five more points of retention", term="customer lifetime value (CLV)",
    controls=(Slider("margin", "Margin per period", "money units", 0, 1000, 10, 100),
              Slider("retention_rate", "Retention rate", "% per period", 0, 99, 1, 80),
              Slider("discount", "Discount rate", "% per period", 0, 30, 1, 10),
              Slider("horizon", "Horizon", "periods", 1, 50, 1, 20),
              Toggle("unlimited", "No horizon (the customer may stay for ever)", True)),
    template="CLV = {clv:,.2f} with a margin of {margin:,.0f} a period, {retention_rate} % retention, a {discount} % "
             "discount rate, {unlimited, select, true {no horizon} other {{horizon} periods}}.\nFive more points of "
             "retention ({more_rate} %) make it {more:,.2f}: {uplift:+.1f} %.\nThe course's sources claim +25 % ("
             + source("trust essay") + ") and +85 % (" + source("loyalty lecture") + "): the dashed lines.",
    chart=layer(lines("curve", x="retention", y="rise", x_title="starting retention rate (%)",
                      y_title="rise in CLV from +5 points (%)", y_domain=(0, 150)),
                rules("claims", y="rise", label="claim"), points("now", x="retention", y="rise", size=110)),
    description="Line chart of the rise in lifetime value from five more points of retention against the "
                "starting retention rate, with the claimed +25 % and +85 % as dashed lines.",
)
def lifetime_value_calculator(margin, retention_rate, discount, horizon, unlimited):
    """Customer lifetime value and what five more points of retention do to it (L8, L11).

    :func:`crmlab.retention.lifetime_value` and ``retention_uplift``; above 94 %
    retention five more points would reach 100 % and the calculator says so.

    >>> print(lifetime_value_calculator().sentence().splitlines()[0])
    CLV = 333.33 with a margin of 100 a period, 80 % retention, a 10 % discount rate, no horizon.
    """
    if retention_rate + 5 >= 100:
        raise ValueError(f"retention of {retention_rate} % leaves no room for five more points (the rate must stay "
                         "below 100 %): choose 94 % or less")
    periods = None if unlimited else horizon
    rate, d = retention_rate / 100, discount / 100
    return {"clv": retention.lifetime_value(margin, rate, d, periods),
            "more": retention.lifetime_value(margin, rate + 0.05, d, periods), "more_rate": retention_rate + 5,
            "uplift": 100 * retention.retention_uplift(rate, d, 0.05, periods),
            "curve": [{"retention": r, "rise": 100 * retention.retention_uplift(r / 100, d, 0.05, periods)}
                      for r in range(0, 95)],
            "claims": [{"claim": label, "rise": 100 * rise} for label, rise in CLAIMS.items()],
            "now": [{"retention": retention_rate, "rise": 100 * retention.retention_uplift(rate, d, 0.05, periods)}]}


@calculator(
    title="The leaky bucket: acquisition against churn", term="leaky bucket",
    controls=(Slider("initial", "Customers at the start", "customers", 0, 10_000, 100, 1000),
              Slider("acquired", "New customers", "per period", 0, 1000, 10, 100),
              Slider("churn", "Churn", "% of customers lost per period", 0, 100, 1, 20, term="churn rate"),
              Slider("periods", "Periods shown", "periods", 1, 50, 1, 20)),
    template="Starting from {initial:,.0f} customers, with {acquired:,.0f} new and {churn} % leaking out each "
             "period,\nthe bucket holds {final:,.0f} customers after {periods} periods.\n{steady, select, none "
             "{With no churn nothing leaks: the bucket grows by {acquired:,.0f} customers a period and never settles "
             "(no steady state).} other {It settles where inflow equals outflow: steady state = {acquired:,.0f} / "
             "{churn} % = {steady:,.0f} customers.}}",
    chart=layer(lines("path", x="period", y="customers", x_title="period", y_title="customers", fmt=",.0f"),
                rules("steady_line", y="customers", label="label")),
    description="Line chart of the number of customers over the periods, with the steady state as a dashed line.",
)
def leaky_bucket_calculator(initial, acquired, churn, periods):
    """The leaky bucket (R1): customers poured in, customers leaking out, and where the level settles.

    :func:`crmlab.retention.leaky_bucket` and :func:`crmlab.retention.steady_state`.

    >>> print(leaky_bucket_calculator().sentence().splitlines()[1])
    the bucket holds 506 customers after 20 periods.
    """
    table = retention.leaky_bucket(initial, acquired, churn / 100, periods)
    steady = retention.steady_state(acquired, churn / 100) if churn > 0 else None
    return {"final": table["customers"].iloc[-1], "steady": steady,
            "steady_line": [{"customers": steady, "label": "steady state"}] if churn > 0 else [],
            "path": [{"period": t, "customers": c} for t, c in zip(table["period"].tolist(),
                                                                  table["customers"].tolist())]}


SCORES = {"5": "5, highly satisfied", "4": "4, satisfied", "3": "3, neutral", "2": "2, dissatisfied",
          "1": "1, very dissatisfied"}
"""The satisfaction lecture's 5-point scale, whose retention table (crmlab.satisfaction.retention_band) says how many
customers at each score still buy a year later."""


@calculator(
    title="What is one complaint worth?", term="service recovery",
    note="W = r V ± s n V (crmlab.satisfaction.complaint_outcomes): r from the retention table of "
         + source("satisfaction lecture") + " (midpoint), n people told (" + source("loyalty lecture")
         + " says 22 in one place and 8–10 in another); the share s swayed is your assumption.",
    controls=(Slider("lifetime_value", "Lifetime value of the customer who complains", "money units", 0, 10_000, 100,
                     1000, term="customer lifetime value (CLV)"),
              Slider("swayed", "Share of the people told who change what they buy", "%", 0, 20, 1, 5),
              Choice("handled_score", "Handled well: satisfaction afterwards", SCORES, "5"),
              Slider("handled_tells", "Handled well: people told", "people", 0, 30, 1, 10),
              Choice("mishandled_score", "Handled badly: satisfaction afterwards", SCORES, "1"),
              Slider("mishandled_tells", "Handled badly: people told", "people", 0, 30, 1, 22)),
    template="{lifetime_value, select, =0 {A customer worth nothing makes every complaint worth nothing.} other "
             "{Handled well, the complaint is worth {handled:,.0f} to the firm (the customer stays with a chance of "
             "{kept_handled:.1f} % and {handled_tells} people hear good news); handled badly, {mishandled:,.0f} "
             "({kept_mishandled:.1f} %, {mishandled_tells} people hear bad news).\nHandling it well is worth "
             "{difference:,.0f}, {times:.1f} times the customer's own lifetime value.}}",
    chart=bars("bars", x="worth", y="outcome", color="outcome", domain=("handled well", "handled badly"),
               colors=("#2e7d32", "#c62828"), x_title="worth to the firm (money units)", fmt=",.0f", height=110),
    description="Bars of what the complaint is worth to the firm when it is handled well and when it is not.",
)
def complaint_calculator(lifetime_value, swayed, handled_score, handled_tells, mishandled_score, mishandled_tells):
    """What one complaint is worth handled well and badly (R3, S9, S10).

    >>> print(complaint_calculator().sentence().splitlines()[1])
    Handling it well is worth 2,520, 2.5 times the customer's own lifetime value.
    """
    kept_handled = sum(satisfaction.retention_band(int(handled_score))) / 2
    kept_mishandled = sum(satisfaction.retention_band(int(mishandled_score))) / 2
    outcome = satisfaction.complaint_outcomes(lifetime_value, swayed / 100, kept_handled, handled_tells,
                                              kept_mishandled, mishandled_tells)
    return {"handled": outcome["handled"], "mishandled": outcome["mishandled"], "difference": outcome["difference"],
            "kept_handled": 100 * kept_handled, "kept_mishandled": 100 * kept_mishandled,
            "times": outcome["difference"] / lifetime_value if lifetime_value > 0 else 0.0,
            "bars": [{"outcome": "handled well", "worth": outcome["handled"]},
                     {"outcome": "handled badly", "worth": outcome["mishandled"]}]}
