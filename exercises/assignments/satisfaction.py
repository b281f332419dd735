"""Assignment "satisfaction": gap and ratio forms, the Q1/Q0 model, SERVQUAL P−E scores and IPA (S2–S4, S6, S7)."""

import pandas as pd

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Part, Written
from crmlab.satisfaction import ipa_quadrant, q_model, satisfaction_gap, satisfaction_ratio, servqual_score

# A small made-up survey of a bank branch: perceptions (P) and expectations (E) on a 1–7 scale.
P = {"tangibles": [6, 5, 4], "reliability": [4, 5, 3], "responsiveness": [5, 6, 4], "assurance": [6, 6, 5],
     "empathy": [5, 4, 4]}
E = {"tangibles": [5, 5, 5], "reliability": [7, 6, 6], "responsiveness": [6, 6, 5], "assurance": [6, 5, 6],
     "empathy": [5, 5, 5]}
WEIGHTS = {"tangibles": 1, "reliability": 3, "responsiveness": 2, "assurance": 2, "empathy": 2}
CUSTOMERS = ["Li", "Wang", "Zhao"]
# Importance and performance (1–7) of six attributes of the branch.
IMPORTANCE = {"waiting time": 6.5, "staff courtesy": 5.8, "fees": 6.2, "decor": 3.1, "parking": 3.9, "app": 5.0}
PERFORMANCE = {"waiting time": 3.2, "staff courtesy": 6.1, "fees": 4.0, "decor": 6.0, "parking": 3.5, "app": 5.6}

perceptions = pd.DataFrame(P, index=CUSTOMERS)
expectations = pd.DataFrame(E, index=CUSTOMERS)
SQ = servqual_score(perceptions, expectations, weights=WEIGHTS)

ASSIGNMENT = Assignment(
    name="satisfaction",
    title="Exercise 2: Customer satisfaction (顾客满意): gap, Q-model, SERVQUAL and IPA",
    covers=("S2", "S3", "S4", "S6", "S7"),
    intro="""
Satisfaction compares what customers perceive with what they expected. You will use the difference and
ratio forms, the Q1/Q0 decision model, a weighted SERVQUAL-style P−E score and an importance–performance
analysis (IPA) of a bank branch (made-up teaching data).
""",
    setup=f"""
import numbers
import pandas as pd
from crmlab.satisfaction import (satisfaction_gap, satisfaction_ratio, q_model, servqual_score,
                                 ipa_quadrant, IPA_QUADRANTS)

perceptions = pd.DataFrame({P!r}, index={CUSTOMERS!r})
expectations = pd.DataFrame({E!r}, index={CUSTOMERS!r})
weights = {WEIGHTS!r}
importance = pd.Series({IMPORTANCE!r})
performance = pd.Series({PERFORMANCE!r})
""",
    parts=(
        Part("gap", 1,
             "A commuter expected a bus ride worth 8 points and got one worth 6. Set `gap` to the satisfaction gap "
             "(perceived − expected).",
             "gap = satisfaction_gap(perceived=6, expected=8)",
             'assert isinstance(gap, numbers.Real), "gap should be a number"',
             {"gap": Expect.number(satisfaction_gap(6, 8))}),
        Part("ratio", 1,
             "For the same ride, set `ratio` to the ratio form (perceived / expected).",
             "ratio = satisfaction_ratio(perceived=6, expected=8)",
             'assert isinstance(ratio, numbers.Real), "ratio should be a number"',
             {"ratio": Expect.number(satisfaction_ratio(6, 8), tol=0.001)}),
        Part("q-model", 1,
             "A guest rates the perceived effect Q1 = 7.3 against an expectation Q0 = 7. With a tolerance of 0.5 "
             'either way, set `outcome` to the Q-model outcome: `"highly satisfied"`, `"satisfied"` or '
             '`"dissatisfied"`.',
             "outcome = q_model(perceived=7.3, expected=7, tolerance=0.5)",
             'assert outcome in ("highly satisfied", "satisfied", "dissatisfied"), "not one of the three outcomes"',
             {"outcome": Expect.text(q_model(7.3, 7, tolerance=0.5))}),
        Part("servqual", 2,
             "Set `sq` to each customer's weighted service-quality score "
             "$SQ_i = \\sum_j W_j (P_{ij} - E_{ij})$ with the weights in `weights` (normalised to sum to 1), "
             "as a Series indexed by customer.",
             "sq = servqual_score(perceptions, expectations, weights=weights)",
             'assert isinstance(sq, pd.Series), "sq should be a pandas Series (one score per customer)"\n'
             'assert list(sq.index) == ["Li", "Wang", "Zhao"], "one score per customer, in the table\'s order"',
             {"sq": Expect.numbers(SQ, tol=0.001)}),
        Part("worst", 1,
             "Which customer judges the service worst? Set `worst_customer` to their name.",
             "worst_customer = sq.idxmin()",
             'assert worst_customer in ("Li", "Wang", "Zhao")',
             {"worst_customer": Expect.text(SQ.idxmin())}),
        Part("ipa", 2,
             "Place each attribute in an IPA quadrant, cutting importance and performance at their means. Set "
             "`quadrants` to a Series (or dict) attribute → quadrant name, e.g. `\"urgent improvement\"`.",
             "quadrants = ipa_quadrant(importance, performance)",
             'assert len(quadrants) == 6, "one quadrant per attribute"\n'
             'assert set(dict(quadrants).values()) <= set(IPA_QUADRANTS), "use the names in IPA_QUADRANTS"',
             {"quadrants": Expect.labels(ipa_quadrant(pd.Series(IMPORTANCE), pd.Series(PERFORMANCE)))}),
    ),
    written=(
        Written("memo", 3,
                "Write four or five sentences to the branch manager: which attribute(s) should get money first, "
                "which might be over-served (\"possible overkill\"), and how the SERVQUAL result agrees or not.",
                "Waiting time and fees are urgent improvement (important, under-performing); decor is icing on the "
                "cake; reliability has the largest weighted P−E shortfall, which matches the complaints about "
                "waiting."),
    ),
)
