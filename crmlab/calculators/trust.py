"""Calculators of chapter 3, trust: who stays after a breach of trust (T3), the strength matrix (T3)."""

from __future__ import annotations

from crmlab import trust
from crmlab.calculators._chart import bars, layer, points
from crmlab.calculators._declare import Slider, calculator
from crmlab.calculators._text import source

GRID = [(r, d) for r in range(11) for d in range(11)]
"""The points of the recognition × dependence square the strength chart colours."""


@calculator(
    title="Trust strength and a breach of trust: who stays?", term="breach of trust",
    controls=(Slider("breach", "Severity of the breach of trust", "0 = none, 1 = the worst", 0, 1, 0.05, 0.4),
              Slider("tolerance", "Tolerance ceiling of semi-strong customers", "0–1", 0, 1, 0.05, 0.5,
                     term="tolerance ceiling"),
              Slider("weak", "Customers with weak trust", "% of the customer base", 0, 100, 5, 50,
                     term="weak trust"),
              Slider("strong", "Customers with strong trust", "% of the customer base", 0, 100, 5, 20,
                     term="strong trust")),
    template="A breach of severity {breach:.2f} against a tolerance ceiling of {tolerance:.2f}:\n"
             "weak trust {weak_stays, select, true {stays} other {leaves}}, semi-strong trust {semi_stays, select, "
             "true {stays} other {leaves}}, strong trust {strong_stays, select, true {stays} other {leaves}}.\n"
             "{kept:.0f} % of these customers stay, {lost:.0f} % defect (of weak {weak} %, semi-strong {semi} %, "
             "strong {strong} %).",
    chart=bars("bars", x="share", y="strength", color="after the breach", domain=("stays", "leaves"),
               colors=("#2e7d32", "#c62828"), x_title="share of the customer base (%)", fmt=".0f", height=130),
    description="Bar chart of the customer base by trust strength, each bar coloured by whether those customers "
                "stay after the breach.",
)
def trust_breach_calculator(breach, tolerance, weak, strong):
    """Trust strength and a breach of trust (T3): who stays at which severity and tolerance ceiling.

    The rest of the customer base (100 % − weak − strong) has semi-strong
    trust. Who stays: :func:`crmlab.trust.stays_after_breach`; the share:
    :func:`crmlab.trust.share_retained`.

    >>> print(trust_breach_calculator().sentence().splitlines()[2])
    50 % of these customers stay, 50 % defect (of weak 50 %, semi-strong 30 %, strong 20 %).
    """
    if weak + strong > 100:
        raise ValueError(f"the shares of weak ({weak} %) and strong ({strong} %) trust add up to more than 100 %: "
                         "lower one of them")
    semi = 100 - weak - strong
    mix = {"weak": weak / 100, "semi-strong": semi / 100, "strong": strong / 100}
    kept = trust.share_retained(mix, breach, tolerance)
    stays = {s: trust.stays_after_breach(s, breach, tolerance) for s in trust.TRUST_STRENGTHS}
    return {"semi": semi, "kept": 100 * kept, "lost": 100 - 100 * kept, "weak_stays": stays["weak"],
            "semi_stays": stays["semi-strong"], "strong_stays": stays["strong"],
            "bars": [{"strength": s, "share": 100 * mix[s], "after the breach": "stays" if stays[s] else "leaves"}
                     for s in trust.TRUST_STRENGTHS]}


trust_shock_calculator = trust_breach_calculator.preset("trust_shock_calculator", weak=45, strong=25, breach=0.7,
                                                        tolerance=0.6)
"""The Shuanghui case's setting: the simulated series assumes 45 % weak, 30 % semi-strong and 25 % strong trust, a
breach of 0.7 against a ceiling of 0.6 (datasets/shuanghui_sales/card.md)."""


@calculator(
    title="The trust strength matrix: recognition and dependence", term="customer trust",
    controls=(Slider("recognition", "Recognition of the firm's reliability", "0–1", 0, 1, 0.05, 0.5),
              Slider("dependence", "Dependence on the firm", "0–1", 0, 1, 0.05, 0.6)),
    template="Recognition {recognition:.2f} and dependence {dependence:.2f}: {strength~}.\n"
             "Strong trust needs recognition of at least {high:.2f}; weak trust is recognition and dependence both "
             "below {low:.2f} (cut points of crmlab.trust.trust_strength; " + source("trust slides") + " describes "
             "the classes in words).\n{strength, select, weak {Any breach of trust sends this customer away.} "
             "semi-strong {This customer stays through a breach up to their tolerance ceiling.} other {This "
             "customer forgives a breach and stays.}}",
    terms=trust.TRUST_STRENGTHS,
    chart=layer(points("regions", x="recognition", y="dependence", color="strength", domain=trust.TRUST_STRENGTHS,
                       colors=("#ef9a9a", "#fff59d", "#a5d6a7"), size=60, x_domain=(0, 1), y_domain=(0, 1),
                       x_title="recognition", y_title="dependence", height=260),
                points("point", x="recognition", y="dependence", label="label", size=160)),
    description="The recognition × dependence square split into the weak, semi-strong and strong regions, with "
                "the customer marked.",
)
def trust_strength_calculator(recognition, dependence):
    """Where a customer sits in the trust strength matrix (T3), and what a breach of trust does to them.

    >>> print(trust_strength_calculator().sentence().splitlines()[0])
    Recognition 0.50 and dependence 0.60: semi-strong (半弱式半强式信任).
    """
    low, high = 1 / 3, 2 / 3
    strength = trust.trust_strength(recognition, dependence, low=low, high=high)
    return {"strength": strength, "low": low, "high": high,
            "point": [{"recognition": recognition, "dependence": dependence, "label": "this customer"}],
            "regions": [{"recognition": r / 10, "dependence": d / 10,
                         "strength": trust.trust_strength(r / 10, d / 10, low=low, high=high)}
                        for r, d in GRID]}
