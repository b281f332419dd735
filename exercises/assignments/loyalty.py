"""Assignment "loyalty": the Dick & Basu matrix, satisfaction → retention and word of mouth (L4, S9, S10)."""

import pandas as pd

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Part, Written
from crmlab.loyalty import loyalty_segment
from crmlab.satisfaction import retention_band, word_of_mouth

# Relative attitude (1–10) and share of the last ten visits made to our café (made-up teaching data).
ATTITUDE = {"c01": 8, "c02": 3, "c03": 9, "c04": 7, "c05": 2, "c06": 6, "c07": 4, "c08": 8}
REPEAT = {"c01": 0.8, "c02": 0.9, "c03": 0.3, "c04": 0.6, "c05": 0.1, "c06": 0.5, "c07": 0.7, "c08": 0.2}
ATTITUDE_CUT, REPEAT_CUT = 6, 0.5
SEGMENTS = loyalty_segment(pd.Series(ATTITUDE), pd.Series(REPEAT), ATTITUDE_CUT, REPEAT_CUT)

ASSIGNMENT = Assignment(
    name="loyalty",
    title="Exercise 4: Customer loyalty (客户忠诚): segments, retention and word of mouth",
    covers=("L4", "S9", "S10"),
    intro="""
Dick and Basu (1994) cross relative attitude with repeat patronage: loyalty (忠诚), latent loyalty (潜在忠诚),
spurious loyalty (虚假忠诚) and no loyalty (不忠诚). The course material also gives a table from satisfaction
score to retention and word-of-mouth figures; they are folk statistics the slides report, not a study.
""",
    setup=f"""
import numbers
import pandas as pd
from crmlab.loyalty import loyalty_segment, LOYALTY_SEGMENTS
from crmlab.satisfaction import retention_band, word_of_mouth

attitude = pd.Series({ATTITUDE!r})
repeat = pd.Series({REPEAT!r})
attitude_cut, repeat_cut = {ATTITUDE_CUT!r}, {REPEAT_CUT!r}
""",
    parts=(
        Part("one", 1,
             "Set `segment_c03` to customer c03's segment (a value equal to a cut counts as high).",
             "segment_c03 = loyalty_segment(attitude['c03'], repeat['c03'], attitude_cut, repeat_cut)",
             'assert segment_c03 in LOYALTY_SEGMENTS, "use one of the names in LOYALTY_SEGMENTS"',
             {"segment_c03": Expect.text(SEGMENTS["c03"])}),
        Part("all", 2,
             "Set `segments` to a Series customer → segment for all eight customers.",
             "segments = loyalty_segment(attitude, repeat, attitude_cut, repeat_cut)",
             'assert len(segments) == 8, "one segment per customer"',
             {"segments": Expect.labels(SEGMENTS)}),
        Part("spurious", 1,
             "Set `n_spurious` to the number of customers with spurious loyalty.",
             'n_spurious = int((segments == "spurious loyalty").sum())',
             'assert isinstance(n_spurious, numbers.Real), "n_spurious should be a number"',
             {"n_spurious": Expect.number(int((SEGMENTS == "spurious loyalty").sum()), tol=0)}),
        Part("share", 1,
             "Set `share_loyal` to the share (0–1) of the eight customers in the loyalty segment.",
             'share_loyal = (segments == "loyalty").mean()',
             'assert isinstance(share_loyal, numbers.Real) and 0 <= share_loyal <= 1',
             {"share_loyal": Expect.number((SEGMENTS == "loyalty").mean(), tol=0.001)}),
        Part("band", 1,
             "The slides say customers who rate satisfaction 4 on a 5-point scale are still customers a year "
             "later at some rate in a band. Set `retention_4` to the middle of that band (0–1).",
             "low, high = retention_band(4)\nretention_4 = (low + high) / 2",
             'assert isinstance(retention_4, numbers.Real) and 0 <= retention_4 <= 1',
             {"retention_4": Expect.number(sum(retention_band(4)) / 2, tol=0.001)}),
        Part("word-of-mouth", 2,
             "A café loses 2 customers a day for 30 days, and each tells 10 people. Set `people_reached` to the "
             "number of people who hear about it.",
             "lost, people_reached = word_of_mouth(lost_per_day=2, tells=10, days=30)",
             'assert isinstance(people_reached, numbers.Real)',
             {"people_reached": Expect.number(word_of_mouth(2, 10, 30)[1], tol=0.5)}),
    ),
    written=(
        Written("memo", 3,
                "For the café owner, in four or five sentences: what would you do for latent-loyal customers and "
                "what for spurious-loyal ones? Why should the retention table and the word-of-mouth numbers be "
                "used with care?",
                "Latent: remove barriers to repeat visits (location, hours, reminders); spurious: build attitude "
                "(experience, personal recognition) before a competitor makes switching easy. The figures are "
                "courseware lore without a traceable study and the slides contradict each other."),
    ),
)
