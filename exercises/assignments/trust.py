"""Assignment "trust": strengths of trust, breaches, retained share and levels of trust (T3, T4, T5)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Written
from crmlab.trust import share_retained, stays_after_breach, trust_level, trust_strength


def inputs(draw):
    """Four customers of a meat processor, its customer base before and after years of building trust, a
    breach, and one customer's experience (made-up teaching data; recognition and dependence on 0–1).

    Constraints: no customer sits on a cut point of ``trust_strength`` (1/3, 2/3), all three strengths
    occur, and building trust retains more customers after the breach.
    """
    from crmlab.trust import share_retained, trust_strength

    def score():
        return draw.choice([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9])

    customers = {name: (score(), score()) for name in ("Chen", "Liu", "Sun", "Zhou")}
    draw.require(len({trust_strength(r, d) for r, d in customers.values()}) == 3)
    weak = draw.number(0.3, 0.6, 0.05)
    strong = draw.number(0.1, 0.25, 0.05)
    mix_before = {"weak": weak, "semi-strong": round(1 - weak - strong, 2), "strong": strong}
    weak_after = draw.number(0.1, weak - 0.1, 0.05)
    strong_after = draw.number(strong + 0.05, 0.45, 0.05)
    draw.require(weak_after + strong_after < 1)
    mix_after = {"weak": weak_after, "semi-strong": round(1 - weak_after - strong_after, 2), "strong": strong_after}
    breach, ceiling = draw.number(0.2, 0.8, 0.1), draw.number(0.2, 0.8, 0.1)
    draw.require(abs(breach - ceiling) >= 0.1)
    draw.require(share_retained(mix_after, breach, ceiling) > share_retained(mix_before, breach, ceiling))
    experience = draw.choice([(True, False, False), (True, True, False), (True, True, True)])
    scandal = {"strength": draw.choice(["weak", "semi-strong", "strong"]), "severity": draw.number(0.1, 0.9, 0.1),
               "ceiling": draw.number(0.2, 0.8, 0.1)}
    draw.require(abs(scandal["severity"] - scandal["ceiling"]) >= 0.1)
    return {"customers": customers, "mix_before": mix_before, "mix_after": mix_after, "breach": breach,
            "tolerance_ceiling": ceiling, "experience": dict(zip(("fits_needs", "lasting_satisfaction",
                                                                  "indispensable"), experience)),
            "scandal": scandal}


def _strengths(v):
    return {name: trust_strength(r, d) for name, (r, d) in v["customers"].items()}


ASSIGNMENT = Assignment(
    name="trust",
    title="Exercise 3: Customer trust (顾客信任): strengths, breaches and levels",
    covers=("T3", "T4", "T5"),
    intro="""
Customer trust has three strengths (weak 弱式, semi-weak semi-strong 半弱式半强式, strong 强式) that decide
how a customer reacts to a breach of trust (失信), and three levels (cognitive 认知, affective 情感,
behavioural 行为). The figures are made up for teaching; the cut points of `trust_strength` (1/3 and 2/3)
are the course's: the slide deck *顾客信任* (Customer trust) describes the strengths in words only.
""",
    setup="""
import numbers
from crmlab.trust import trust_strength, stays_after_breach, share_retained, trust_level
""",
    inputs=inputs,
    parts=(
        Part("strength-chen", 1,
             "`customers` maps each name to (recognition, dependence). Set `strength_chen` to Chen's trust "
             'strength: `"weak"`, `"semi-strong"` or `"strong"`.',
             "strength_chen = trust_strength(*customers['Chen'])",
             'assert strength_chen in ("weak", "semi-strong", "strong")',
             lambda v: {"strength_chen": Expect.text(_strengths(v)["Chen"])},
             hint="strong needs high recognition; weak needs both recognition and dependence low (book: "
                  "Strengths and levels of trust)"),
        Part("strengths", 2,
             "Set `strengths` to a dict name → trust strength for all four customers.",
             "strengths = {name: trust_strength(r, d) for name, (r, d) in customers.items()}",
             'assert set(strengths) == set(customers), "one strength per customer"',
             lambda v: {"strengths": Expect.labels(_strengths(v))},
             hint="apply the same rule to each (recognition, dependence) pair"),
        Part("stays", 1,
             "A customer of strength `scandal['strength']` meets a breach of severity `scandal['severity']`; "
             "semi-strong customers tolerate up to `scandal['ceiling']`. Set `stays` to `True` if they stay, "
             "`False` if they leave.",
             'stays = stays_after_breach(scandal["strength"], scandal["severity"],\n'
             '                           tolerance_ceiling=scandal["ceiling"])',
             'assert stays in (True, False), "stays should be True or False"',
             lambda v: {"stays": Expect.flag(stays_after_breach(v["scandal"]["strength"], v["scandal"]["severity"],
                                                                tolerance_ceiling=v["scandal"]["ceiling"]))},
             hint="weak trust leaves at any breach, strong trust forgives, semi-strong stays up to the ceiling"),
        Part("retained-before", 2,
             "Before a food-safety scandal the customer base has the mix `mix_before`. The scandal is a breach "
             "of severity `breach`, and semi-strong customers tolerate up to `tolerance_ceiling`. Set "
             "`retained_before` to the share of customers who stay (0–1).",
             "retained_before = share_retained(mix_before, breach, tolerance_ceiling)",
             'assert isinstance(retained_before, numbers.Real) and 0 <= retained_before <= 1',
             lambda v: {"retained_before": Expect.number(share_retained(v["mix_before"], v["breach"],
                                                                        v["tolerance_ceiling"]), tol=0.001)},
             hint="add the shares of the strengths that stay after this breach"),
        Part("retained-after", 1,
             "After years of building trust the mix is `mix_after`. Set `retained_after` to the share that would "
             "stay after the same breach.",
             "retained_after = share_retained(mix_after, breach, tolerance_ceiling)",
             'assert isinstance(retained_after, numbers.Real) and 0 <= retained_after <= 1',
             lambda v: {"retained_after": Expect.number(share_retained(v["mix_after"], v["breach"],
                                                                       v["tolerance_ceiling"]), tol=0.001)},
             hint="the same rule as before, with the new mix"),
        Part("level", 1,
             "`experience` says whether a customer finds the product fits their needs, has stayed satisfied "
             'after using it, and could not do without it. Set `level` to their level of trust: `"cognitive"`, '
             '`"affective"` or `"behavioural"`.',
             "level = trust_level(**experience)",
             'assert level in ("cognitive", "affective", "behavioural")',
             lambda v: {"level": Expect.text(trust_level(**v["experience"]))},
             hint="the levels build on each other: each needs the one before (book: Strengths and levels of trust)"),
    ),
    written=(
        Written("memo", 3,
                "The course's sources say both that satisfaction acts on loyalty *through* trust and that trust is "
                "the *premise* of satisfaction. In four or five sentences for a brand manager after a scandal "
                "like Shuanghui's (2011): which reading do your numbers support, and what should the firm do first?",
                "Building strong trust raises the share retained after the same breach (compare the two shares); "
                "the mediation reading fits: satisfaction over repeated purchases builds trust, which carries "
                "loyalty through a breach. First a sincere apology and visible food-safety discipline.",
                rubric=(Criterion(1, "uses the two retained shares to argue that stronger trust carries customers "
                                     "through a breach"),
                        Criterion(1, "takes a reasoned position on mediation versus premise"),
                        Criterion(1, "recommends a first step that rebuilds trust (apology, visible control)"))),
        Written("limits", 3,
                "The share retained jumps when the breach crosses the tolerance ceiling. In three or four "
                "sentences: is that a property of customers or of the model? What would you measure to set the "
                "ceiling for a real firm?",
                "The jump comes from a single ceiling for all semi-strong customers; real tolerance varies, so "
                "retention falls gradually. Measure stated switching intentions after scenarios of breaches of "
                "different severity, or observed churn after past incidents.",
                rubric=(Criterion(1, "says the jump comes from one common ceiling (a model simplification)"),
                        Criterion(1, "explains that tolerance varies between customers, smoothing the curve"),
                        Criterion(1, "proposes a measurement (scenario survey, churn after past incidents)"))),
    ),
)
