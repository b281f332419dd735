"""Assignment "loyalty": the Dick & Basu matrix, satisfaction → retention and word of mouth (L4, S9, S10)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Written
from crmlab.loyalty import loyalty_segment
from crmlab.satisfaction import retention_band, word_of_mouth


def inputs(draw):
    """Eight café customers: relative attitude (1–10) and the share of their last ten visits made to this
    café (made-up teaching data), the cut lines, a satisfaction score, and a run of lost customers.

    Constraints: nobody sits on a cut line, and every one of the four segments has at least one customer.
    """
    import pandas as pd

    from crmlab.loyalty import loyalty_segment

    names = [f"c{number:02d}" for number in range(1, 9)]
    attitude = pd.Series({name: draw.integer(1, 10) for name in names})
    repeat = pd.Series({name: draw.integer(0, 10) / 10 for name in names})
    attitude_cut, repeat_cut = draw.choice([5.5, 6.5]), draw.choice([0.45, 0.55])
    draw.require(loyalty_segment(attitude, repeat, attitude_cut, repeat_cut).nunique() == 4)
    losses = {"lost_per_day": draw.integer(1, 5), "tells": draw.integer(5, 15), "days": draw.choice([20, 30, 60])}
    return {"attitude": attitude, "repeat": repeat, "attitude_cut": attitude_cut, "repeat_cut": repeat_cut,
            "rating": draw.choice([1, 2, 3, 4, 5]), "losses": losses}


def _segments(v):
    return loyalty_segment(v["attitude"], v["repeat"], v["attitude_cut"], v["repeat_cut"])


ASSIGNMENT = Assignment(
    name="loyalty",
    title="Exercise 4: Customer loyalty (客户忠诚): segments, retention and word of mouth",
    covers=("L4", "S9", "S10"),
    intro="""
Dick and Basu (1994) cross relative attitude with repeat patronage: loyalty (忠诚), latent loyalty (潜在忠诚),
spurious loyalty (虚假忠诚) and no loyalty (不忠诚). The course material also gives a table from satisfaction
score to retention and word-of-mouth figures; they are folk statistics the slides report, not a study.
""",
    setup="""
import numbers
import pandas as pd
from crmlab.loyalty import loyalty_segment, LOYALTY_SEGMENTS
from crmlab.satisfaction import retention_band, word_of_mouth
""",
    inputs=inputs,
    parts=(
        Part("one", 1,
             "Set `segment_c03` to customer c03's segment (cut at `attitude_cut` and `repeat_cut`).",
             "segment_c03 = loyalty_segment(attitude['c03'], repeat['c03'], attitude_cut, repeat_cut)",
             'assert segment_c03 in LOYALTY_SEGMENTS, "use one of the names in LOYALTY_SEGMENTS"',
             lambda v: {"segment_c03": Expect.text(_segments(v)["c03"])},
             hint="high attitude and high repeat is loyalty; high attitude with low repeat is latent (book: Loyalty "
                  "matrices)"),
        Part("all", 2,
             "Set `segments` to a Series customer → segment for all eight customers.",
             "segments = loyalty_segment(attitude, repeat, attitude_cut, repeat_cut)",
             'assert len(segments) == 8, "one segment per customer"',
             lambda v: {"segments": Expect.labels(_segments(v))},
             hint="the same rule for every customer; loyalty_segment takes whole Series"),
        Part("spurious", 1,
             "Set `n_spurious` to the number of customers with spurious loyalty.",
             'n_spurious = int((segments == "spurious loyalty").sum())',
             'assert isinstance(n_spurious, numbers.Real), "n_spurious should be a number"',
             lambda v: {"n_spurious": Expect.number(int((_segments(v) == "spurious loyalty").sum()), tol=0)},
             hint="spurious loyalty: frequent visits without a favourable attitude"),
        Part("share", 1,
             "Set `share_loyal` to the share (0–1) of the eight customers in the loyalty segment.",
             'share_loyal = (segments == "loyalty").mean()',
             'assert isinstance(share_loyal, numbers.Real) and 0 <= share_loyal <= 1',
             lambda v: {"share_loyal": Expect.number((_segments(v) == "loyalty").mean(), tol=0.001)},
             hint="count the loyal customers and divide by eight"),
        Part("band", 1,
             "The slides say customers who rate satisfaction `rating` on a 5-point scale are still customers a "
             "year later at some rate in a band. Set `retention_rating` to the middle of that band (0–1).",
             "low, high = retention_band(rating)\nretention_rating = (low + high) / 2",
             'assert isinstance(retention_rating, numbers.Real) and 0 <= retention_rating <= 1',
             lambda v: {"retention_rating": Expect.number(sum(retention_band(v["rating"])) / 2, tol=0.001)},
             hint="retention_band gives the band's two ends (book: Retention and word of mouth)"),
        Part("word-of-mouth", 2,
             "A café loses `losses['lost_per_day']` customers a day for `losses['days']` days, and each tells "
             "`losses['tells']` people. Set `people_reached` to the number of people who hear about it.",
             "lost, people_reached = word_of_mouth(**losses)",
             'assert isinstance(people_reached, numbers.Real)',
             lambda v: {"people_reached": Expect.number(word_of_mouth(**v["losses"])[1], tol=0.5)},
             hint="customers lost in all, times the people each tells"),
    ),
    written=(
        Written("memo", 3,
                "For the café owner, in four or five sentences: what would you do for latent-loyal customers and "
                "what for spurious-loyal ones? Why should the retention table and the word-of-mouth numbers be "
                "used with care?",
                "Latent: remove barriers to repeat visits (location, hours, reminders); spurious: build attitude "
                "(experience, personal recognition) before a competitor makes switching easy. The figures are "
                "courseware lore without a traceable study and the slides contradict each other.",
                rubric=(Criterion(1, "a fitting action for latent loyalty (remove situational barriers)"),
                        Criterion(1, "a fitting action for spurious loyalty (build relative attitude)"),
                        Criterion(1, "says why the table and word-of-mouth figures are not evidence"))),
        Written("measures", 3,
                "Relative attitude here is a 1–10 rating and repeat patronage a share of visits. In three or four "
                "sentences: why must attitude be *relative* (to the alternatives) and patronage *behaviour* (not "
                "a stated intention) for the matrix to mean what Dick and Basu meant? What goes wrong if a survey "
                "of satisfaction and intention is used instead?",
                "Attitude must be measured against competing cafés (liking every café equally is not loyalty), and "
                "patronage must be what customers did; satisfaction and intention are both attitudes, so the "
                "matrix collapses onto one dimension and cannot show spurious or latent loyalty.",
                rubric=(Criterion(1, "explains 'relative': compared with the alternatives"),
                        Criterion(1, "explains that patronage must be observed behaviour"),
                        Criterion(1, "names the failure: two attitude measures cannot separate the four segments"))),
    ),
)
