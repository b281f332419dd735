"""Assignment "satisfaction": gap and ratio forms, the Q1/Q0 model, SERVQUAL P−E scores and IPA, and which form of
satisfaction real survey answers support (S2–S4, S6, S7, S12)."""

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Written
from crmlab.satisfaction import ipa_quadrant, q_model, satisfaction_gap, satisfaction_ratio, servqual_score


def inputs(draw):
    """A bus ride, a hotel stay, and a small survey of a bank branch (made-up teaching data, 1–7 scales).

    Then the student's own sample of 200 of the 250 real customers of the ECSI mobile-phone survey.

    Constraints: the stay is not on the edge of the Q-model's tolerance, one customer judges the service
    clearly worst, and no attribute sits on a mean (each has a clear IPA quadrant).
    """
    import pandas as pd

    from crmlab.data import load
    from crmlab.satisfaction import servqual_score

    ride = {"perceived": draw.integer(3, 9), "expected": draw.integer(4, 10)}
    draw.require(ride["perceived"] != ride["expected"])
    stay = {"perceived": draw.number(5.0, 9.0, 0.1), "expected": draw.number(5.0, 9.0, 0.1), "tolerance": 0.5}
    draw.require(abs(abs(stay["perceived"] - stay["expected"]) - stay["tolerance"]) > 0.05)
    dimensions = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    customers = ["Li", "Wang", "Zhao"]
    perceptions = pd.DataFrame({d: [draw.integer(3, 7) for _ in customers] for d in dimensions}, index=customers)
    expectations = pd.DataFrame({d: [draw.integer(4, 7) for _ in customers] for d in dimensions}, index=customers)
    weights = {d: draw.integer(1, 3) for d in dimensions}
    scores = sorted(servqual_score(perceptions, expectations, weights=weights))
    draw.require(scores[1] - scores[0] > 0.05)
    attributes = ["waiting time", "staff courtesy", "fees", "decor", "parking", "app"]
    importance = pd.Series({a: draw.number(2.5, 6.8, 0.1) for a in attributes})
    performance = pd.Series({a: draw.number(2.5, 6.8, 0.1) for a in attributes})
    draw.require((abs(importance - importance.mean()) > 0.15).all() and
                 (abs(performance - performance.mean()) > 0.15).all())
    survey = draw.rows(load("mobi")[["CUEX1", "PERQ1", "CUSA1", "CUSA2", "CUSA3"]], 200)
    return {"ride": ride, "stay": stay, "perceptions": perceptions, "expectations": expectations,
            "weights": weights, "importance": importance, "performance": performance, "survey": survey}


def _sq(v):
    return servqual_score(v["perceptions"], v["expectations"], weights=v["weights"])


FORMS = ("perceived", "gap", "ratio")


def _forms(v) -> dict[str, float]:
    """Correlation of the satisfaction index (mean of CUSA1–3) with perceived quality, with expectation, and
    with the gap and ratio forms built from them (PERQ1 − CUEX1, PERQ1 / CUEX1)."""
    survey = v["survey"].astype(float)
    index = survey[["CUSA1", "CUSA2", "CUSA3"]].mean(axis=1)
    perceived, expected = survey["PERQ1"], survey["CUEX1"]
    return {"r_perceived": index.corr(perceived), "r_expected": index.corr(expected),
            "r_gap": index.corr(satisfaction_gap(perceived, expected)),
            "r_ratio": index.corr(satisfaction_ratio(perceived, expected))}


def _best_form(v) -> str:
    r = _forms(v)
    return max(FORMS, key=lambda form: r[f"r_{form}"])


ASSIGNMENT = Assignment(
    name="satisfaction",
    title="Exercise 2: Customer satisfaction (顾客满意): gap, Q-model, SERVQUAL, IPA, and what real answers support",
    covers=("S2", "S3", "S4", "S6", "S7", "S12"),
    intro="""
Satisfaction compares what customers perceive with what they expected. You will use the difference and
ratio forms, the Q1/Q0 decision model, a weighted SERVQUAL-style P−E score and an importance–performance
analysis (IPA) of a bank branch (made-up teaching data, Parts 1–6).

Then you test the gap idea on **real** answers (Parts 7–8): `survey` is your own random sample of 200 of the
250 customers of a mobile-phone provider in the ECSI survey of Tenenhaus et al. (2005), data set `mobi`, all
items on 1–10 scales: `CUEX1` the expectation of overall quality "at the moment you became a customer"
(asked afterwards, in the same interview), `PERQ1` the overall perceived quality, and `CUSA1`–`CUSA3` overall
satisfaction, fulfilment of expectations and comparison with the ideal provider.
""",
    setup="""
import numbers
import pandas as pd
from crmlab.satisfaction import (satisfaction_gap, satisfaction_ratio, q_model, servqual_score,
                                 ipa_quadrant, IPA_QUADRANTS)
""",
    inputs=inputs,
    parts=(
        Part("gap", 1,
             "A commuter rates a bus ride: `ride` holds what they perceived and what they expected, in points. Set "
             "`gap` to the satisfaction gap (perceived − expected).",
             'gap = satisfaction_gap(perceived=ride["perceived"], expected=ride["expected"])',
             'assert isinstance(gap, numbers.Real), "gap should be a number"',
             lambda v: {"gap": Expect.number(satisfaction_gap(v["ride"]["perceived"], v["ride"]["expected"]))},
             hint="the difference form: perceived minus expected (book: Satisfaction as a gap and a ratio)"),
        Part("ratio", 1,
             "For the same ride, set `ratio` to the ratio form (perceived / expected).",
             'ratio = satisfaction_ratio(perceived=ride["perceived"], expected=ride["expected"])',
             'assert isinstance(ratio, numbers.Real), "ratio should be a number"',
             lambda v: {"ratio": Expect.number(satisfaction_ratio(v["ride"]["perceived"], v["ride"]["expected"]),
                                               tol=0.001)},
             hint="the ratio form divides perceived by expected (1 means exactly as expected)"),
        Part("q-model", 1,
             "A guest rates a stay: `stay` holds the perceived effect Q1, the expectation Q0 and the tolerance "
             'either way. Set `outcome` to the Q-model outcome: `"highly satisfied"`, `"satisfied"` or '
             '`"dissatisfied"`.',
             'outcome = q_model(perceived=stay["perceived"], expected=stay["expected"], tolerance=stay["tolerance"])',
             'assert outcome in ("highly satisfied", "satisfied", "dissatisfied"), "not one of the three outcomes"',
             lambda v: {"outcome": Expect.text(q_model(v["stay"]["perceived"], v["stay"]["expected"],
                                                       tolerance=v["stay"]["tolerance"]))},
             hint="within the tolerance of Q0 the guest is satisfied; beyond it, above or below (book: the Q model)"),
        Part("servqual", 2,
             "Set `sq` to each customer's weighted service-quality score "
             "$SQ_i = \\sum_j W_j (P_{ij} - E_{ij})$ with the weights in `weights` (normalised to sum to 1), "
             "as a Series indexed by customer.",
             "sq = servqual_score(perceptions, expectations, weights=weights)",
             'assert isinstance(sq, pd.Series), "sq should be a pandas Series (one score per customer)"\n'
             'assert list(sq.index) == ["Li", "Wang", "Zhao"], "one score per customer, in the table\'s order"',
             lambda v: {"sq": Expect.numbers(_sq(v), tol=0.001)},
             hint="P − E per dimension, weighted by the normalised weights, summed per customer (book: SERVQUAL)"),
        Part("worst", 1,
             "Which customer judges the service worst? Set `worst_customer` to their name.",
             "worst_customer = sq.idxmin()",
             'assert worst_customer in ("Li", "Wang", "Zhao")',
             lambda v: {"worst_customer": Expect.text(_sq(v).idxmin())},
             hint="the lowest score is the worst judgement"),
        Part("ipa", 2,
             "Place each attribute in an IPA quadrant, cutting importance and performance at their means. Set "
             "`quadrants` to a Series (or dict) attribute → quadrant name, e.g. `\"urgent improvement\"`.",
             "quadrants = ipa_quadrant(importance, performance)",
             'assert len(quadrants) == 6, "one quadrant per attribute"\n'
             'assert set(dict(quadrants).values()) <= set(IPA_QUADRANTS), "use the names in IPA_QUADRANTS"',
             lambda v: {"quadrants": Expect.labels(ipa_quadrant(v["importance"], v["performance"]))},
             hint="cut each axis at its mean; high importance and low performance is urgent improvement (book: IPA)"),
        Part("forms", 2,
             "For each respondent of `survey`, set the satisfaction index to the mean of `CUSA1`–`CUSA3`, and "
             "build the gap form `PERQ1 − CUEX1` and the ratio form `PERQ1 / CUEX1`. Set `r_perceived`, "
             "`r_expected`, `r_gap` and `r_ratio` to the (Pearson) correlation of the satisfaction index with "
             "perceived quality `PERQ1`, with the expectation `CUEX1`, with the gap and with the ratio.",
             "answers = survey.astype(float)\n"
             "index = answers[['CUSA1', 'CUSA2', 'CUSA3']].mean(axis=1)\n"
             "r_perceived = index.corr(answers['PERQ1'])\n"
             "r_expected = index.corr(answers['CUEX1'])\n"
             "r_gap = index.corr(satisfaction_gap(answers['PERQ1'], answers['CUEX1']))\n"
             "r_ratio = index.corr(satisfaction_ratio(answers['PERQ1'], answers['CUEX1']))",
             "for answer in (r_perceived, r_expected, r_gap, r_ratio):\n"
             '    assert isinstance(answer, numbers.Real) and -1 <= answer <= 1, "correlations lie in [−1, 1]"',
             lambda v: {name: Expect.number(r, tol=0.001) for name, r in _forms(v).items()},
             hint="one satisfaction index per respondent, then Series.corr (Pearson) with each of the four "
                  "columns you built"),
        Part("best-form", 1,
             'Which of the three forms tracks satisfaction most closely in your sample? Set `best_form` to '
             '`"perceived"` (perceived quality alone), `"gap"` or `"ratio"`.',
             'best_form = max({"perceived": r_perceived, "gap": r_gap, "ratio": r_ratio}.items(), '
             'key=lambda item: item[1])[0]',
             'assert best_form in ("perceived", "gap", "ratio")',
             lambda v: {"best_form": Expect.text(_best_form(v))},
             hint="the form with the highest correlation with the satisfaction index"),
    ),
    written=(
        Written("memo", 3,
                "Write four or five sentences to the branch manager: which attribute(s) should get money first, "
                "which might be over-served (\"possible overkill\"), and how the SERVQUAL result agrees or not.",
                "Name the urgent-improvement attributes (important, under-performing) and the icing-on-the-cake "
                "ones (over-served); compare with the dimension where weighted P−E falls short most.",
                rubric=(Criterion(1, "names the attribute(s) in urgent improvement as the first to fund"),
                        Criterion(1, "names an over-served attribute (icing on the cake) and says why"),
                        Criterion(1, "relates the IPA advice to the SERVQUAL shortfall, agreeing or not"))),
        Written("method", 3,
                "The cut lines of your IPA are the means of the six attributes. In three or four sentences: how "
                "would the advice change if the cut were the scale's midpoint (4) instead, and which choice would "
                "you defend to the manager, and why?",
                "Midpoint cuts move attributes with middling scores across quadrants; the mean is relative (always "
                "splits the attributes), the midpoint absolute (can put all in one quadrant). Defend one with a "
                "reason tied to the decision (relative priority for a fixed budget: the mean).",
                rubric=(Criterion(1, "identifies an attribute whose quadrant changes with the midpoint cut"),
                        Criterion(1, "explains relative (mean) versus absolute (midpoint) cut lines"),
                        Criterion(1, "defends one choice with a reason tied to the decision"))),
        Written("which-form", 3,
                "The course material defines satisfaction as perceived performance minus (or over) expectation. "
                "In four or five sentences, with your correlations: which form would you use to track these "
                "customers' satisfaction, and why? Why might the gap and the ratio do so badly here (look at "
                "`r_expected`, and at when CUEX1 was asked)? What does that mean for a firm that wants to "
                "manage expectations?",
                "Perceived quality alone tracks satisfaction far better (about 0.67) than the gap (about 0.2) or "
                "the ratio (about 0): use it, as Cronin and Taylor's SERVPERF argues. Expectations correlate "
                "positively with satisfaction (about 0.37), the opposite of what the gap predicts, because they "
                "were recalled at the same interview: satisfied customers remember high expectations "
                "(consistency, halo), and customers who expect more may also get more. The gap is still the "
                "course's idea of how satisfaction forms; to manage expectations a firm needs expectations "
                "measured before the purchase, not recalled afterwards.",
                rubric=(Criterion(1, "chooses perceived quality (or argues another choice) from the three "
                                     "correlations of the student's sample"),
                        Criterion(1, "explains the positive r_expected: recalled expectations, halo or "
                                     "consistency, same interview"),
                        Criterion(1, "draws the consequence: measure expectations before the purchase; the gap "
                                     "is a theory of formation, not a good score here"))),
    ),
)
