"""Assignment "trust": strengths of trust, breaches, retained share and levels of trust (T3, T4)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Part, Written
from crmlab.trust import share_retained, stays_after_breach, trust_level, trust_strength

# Recognition and dependence (0–1) of four customers of a meat processor (made-up teaching data).
CUSTOMERS = {"Chen": (0.9, 0.3), "Liu": (0.2, 0.1), "Sun": (0.5, 0.7), "Zhou": (0.25, 0.6)}
MIX_BEFORE = {"weak": 0.5, "semi-strong": 0.35, "strong": 0.15}
MIX_AFTER = {"weak": 0.3, "semi-strong": 0.4, "strong": 0.3}
BREACH, CEILING = 0.6, 0.7

ASSIGNMENT = Assignment(
    name="trust",
    title="Exercise 3: Customer trust (顾客信任): strengths, breaches and levels",
    covers=("T3", "T4", "T5"),
    intro="""
Customer trust has three strengths (weak 弱式, semi-strong 半弱式半强式, strong 强式) that decide how a
customer reacts to a breach of trust (失信), and three levels (cognitive 认知, affective 情感, behavioural
行为). The figures are made up for teaching; the cut points of `trust_strength` are the course's, not the
seed's.
""",
    setup=f"""
import numbers
from crmlab.trust import trust_strength, stays_after_breach, share_retained, trust_level

# name -> (recognition, dependence), both on a 0-1 scale
customers = {CUSTOMERS!r}
mix_before = {MIX_BEFORE!r}
mix_after = {MIX_AFTER!r}
breach, tolerance_ceiling = {BREACH!r}, {CEILING!r}
""",
    parts=(
        Part("strength-chen", 1,
             'Set `strength_chen` to Chen\'s trust strength: `"weak"`, `"semi-strong"` or `"strong"`.',
             "strength_chen = trust_strength(*customers['Chen'])",
             'assert strength_chen in ("weak", "semi-strong", "strong")',
             {"strength_chen": Expect.text(trust_strength(*CUSTOMERS["Chen"]))}),
        Part("strengths", 2,
             "Set `strengths` to a dict name → trust strength for all four customers.",
             "strengths = {name: trust_strength(r, d) for name, (r, d) in customers.items()}",
             'assert set(strengths) == set(customers), "one strength per customer"',
             {"strengths": Expect.labels({n: trust_strength(r, d) for n, (r, d) in CUSTOMERS.items()})}),
        Part("stays", 1,
             "A semi-strong customer meets a breach of severity 0.3 with a tolerance ceiling of 0.4. Set `stays` "
             "to `True` if they stay, `False` if they leave.",
             'stays = stays_after_breach("semi-strong", 0.3, tolerance_ceiling=0.4)',
             'assert stays in (True, False), "stays should be True or False"',
             {"stays": Expect.flag(stays_after_breach("semi-strong", 0.3, tolerance_ceiling=0.4))}),
        Part("retained-before", 2,
             "Before a food-safety scandal the customer base has the mix `mix_before`. The scandal is a breach "
             "of severity `breach`, and semi-strong customers tolerate up to `tolerance_ceiling`. Set "
             "`retained_before` to the share of customers who stay (0–1).",
             "retained_before = share_retained(mix_before, breach, tolerance_ceiling)",
             'assert isinstance(retained_before, numbers.Real) and 0 <= retained_before <= 1',
             {"retained_before": Expect.number(share_retained(MIX_BEFORE, BREACH, CEILING), tol=0.001)}),
        Part("retained-after", 1,
             "After years of building trust the mix is `mix_after`. Set `retained_after` to the share that would "
             "stay after the same breach.",
             "retained_after = share_retained(mix_after, breach, tolerance_ceiling)",
             'assert isinstance(retained_after, numbers.Real) and 0 <= retained_after <= 1',
             {"retained_after": Expect.number(share_retained(MIX_AFTER, BREACH, CEILING), tol=0.001)}),
        Part("level", 1,
             "A customer finds the product fits their needs and has stayed satisfied after using it, but could "
             'easily do without it. Set `level` to their level of trust: `"cognitive"`, `"affective"` or '
             '`"behavioural"`.',
             "level = trust_level(fits_needs=True, lasting_satisfaction=True, indispensable=False)",
             'assert level in ("cognitive", "affective", "behavioural")',
             {"level": Expect.text(trust_level(True, True, False))}),
    ),
    written=(
        Written("memo", 3,
                "The seed material says both that satisfaction acts on loyalty *through* trust and that trust is "
                "the *premise* of satisfaction. In four or five sentences for a brand manager after a scandal "
                "like Shuanghui's (2011): which reading do your numbers support, and what should the firm do first?",
                "Strong trust raises the retained share; the mediation reading fits (satisfaction builds trust over "
                "repeated purchases); first a sincere apology and visible food-safety discipline."),
    ),
)
