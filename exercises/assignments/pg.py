"""Assignment "pg": the Procter & Gamble case: SERVQUAL gaps and an importance–performance map of the eight
pillars, which pillars to fix first on a budget, and importance derived from real survey answers (C-PG, S6, S7,
S12, L10)."""

from itertools import combinations

from crmlab.grading.answers import Expect
from crmlab.grading.spec import Assignment, Criterion, Part, Written
from crmlab.satisfaction import derived_importance, ipa_quadrant, servqual_score

ASPECTS = ("PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7")
SATISFACTION = ("CUSA1", "CUSA2", "CUSA3")


def inputs(draw):
    """The student's own sample of 200 of the 240 consumers of the simulated pillar survey, the cost of raising
    each pillar's mean perception by one point and a budget, and the student's own sample of 200 of the 250 real
    ECSI mobile-phone customers.

    Constraints: one pillar falls short clearly most (by at least 0.03 points); every pillar's mean importance
    and mean perception lie at least 0.02 points from the cut lines of the map; the budget cannot close every
    shortfall, and the best set of pillars it can close raises the mean score by at least 0.005 more than the
    next best.
    """
    from itertools import combinations

    from crmlab.data import load

    survey = draw.rows(load("pg_survey"), 200)
    part = {}
    for prefix in ("P_", "E_", "I_"):
        chosen = [c for c in survey.columns if c.startswith(prefix)]
        part[prefix] = survey[chosen].set_axis([c[len(prefix):] for c in chosen], axis=1)
    gap, importance, perception = (part["P_"] - part["E_"]).mean(), part["I_"].mean(), part["P_"].mean()
    short = gap[gap < 0].sort_values()
    draw.require(short.iloc[1] - short.iloc[0] >= 0.03)
    draw.require(min((importance - importance.mean()).abs().min(), (perception - perception.mean()).abs().min())
                 >= 0.02)
    cost_per_point = {pillar: draw.integer(2, 10) for pillar in gap.index}
    budget = draw.integer(6, 16)
    weight = importance / importance.sum()
    closable = sorted((sum(weight[p] * -gap[p] for p in chosen), chosen)
                      for size in range(len(short) + 1) for chosen in combinations(sorted(short.index), size)
                      if sum(cost_per_point[p] * -gap[p] for p in chosen) <= budget)
    draw.require(len(closable[-1][1]) < len(short) and closable[-1][0] - closable[-2][0] >= 0.005)
    quality = draw.rows(load("mobi")[["PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7",
                                      "CUSA1", "CUSA2", "CUSA3"]], 200)
    return {"survey": survey, "cost_per_point": cost_per_point, "budget": budget, "quality": quality}


def _analysis(v) -> dict:
    """Every measure the parts ask for, computed once per variant (each part asks for its own)."""
    if _LAST.get("variant") is not v:
        _LAST.update(variant=v, analysis=_analyse(v))
    return _LAST["analysis"]


_LAST: dict = {}


def _analyse(v) -> dict:
    survey = v["survey"]
    frames = {}
    for prefix in ("P_", "E_", "I_"):
        chosen = [c for c in survey.columns if c.startswith(prefix)]
        frames[prefix] = survey[chosen].astype(float).set_axis([c[len(prefix):] for c in chosen], axis=1)
    perceptions, expectations, importance = frames["P_"], frames["E_"], frames["I_"].mean()
    gap = (perceptions - expectations).mean()
    scores = servqual_score(perceptions, expectations, weights=importance)
    # Closing pillar j's mean gap costs cost_per_point[j] × |gap_j| and raises the mean score by w_j × |gap_j|.
    weight, cost = importance / importance.sum(), v["cost_per_point"]
    short = sorted(gap[gap < 0].index)
    rise, fund = max((sum(weight[p] * -gap[p] for p in chosen), chosen)
                     for size in range(len(short) + 1) for chosen in combinations(short, size)
                     if sum(cost[p] * -gap[p] for p in chosen) <= v["budget"])
    quality = v["quality"].astype(float)
    derived = derived_importance(quality[list(ASPECTS)], quality[list(SATISFACTION)].mean(axis=1))
    return {"gap": gap, "mean_sq": scores.mean(), "share_below": (scores < 0).mean(),
            "largest_shortfall": gap.idxmin(), "quadrants": ipa_quadrant(importance, perceptions.mean()),
            "fund": list(fund), "sq_rise": float(rise), "derived": derived,
            "derived_quadrants": ipa_quadrant(derived, quality[list(ASPECTS)].mean())}


ASSIGNMENT = Assignment(
    name="pg",
    title="Exercise 10: Case: Procter & Gamble (宝洁): listening to the consumer's voice with SERVQUAL and IPA",
    covers=("C-PG", "S6", "S7", "S12", "L10"),
    intro="""
The lecture *客户忠诚管理* (Loyalty management) presents the eight pillars on which Procter & Gamble wins
consumer loyalty, after the former P&G brand manager Charles Decker: trust consumers; never fool them; the
customer decides value; think as the customer thinks; don't neglect customers once the sale is made; the
consumer is the boss; be responsible to the customer; listen to the consumer's voice. To *listen*, a firm
must ask: compare each consumer's perception P of an attribute with his or her expectation E and weight the
gaps, SQ = Σ W (P − E), and map importance against performance (the lecture *顾客满意及其管理*, Customer
satisfaction and its management; Parasuraman, Zeithaml & Berry 1988; Martilla & James 1977).

P&G's consumer research is not public: `survey` is your own sample of 200 of the 240 consumers of a
**simulated** survey (data set `pg_survey`; see the case page and its data card) who rate a consumer-goods firm
on eight attributes, one per pillar, three times on 7-point scales: `E_…` what an excellent firm would do,
`P_…` what this firm does, `I_…` how important it is to them. The attribute means were invented to give the
class something to discuss; they say nothing about P&G. The last part uses **real** answers: `quality` is
your own sample of 200 of the 250 customers of a mobile-phone provider in the ECSI survey (Tenenhaus et al.
2005, data set `mobi`, 1–10 scales), rating six aspects of quality, `PERQ2` network quality, `PERQ3` service
and advice, `PERQ4` quality of the services used, `PERQ5` range of services, `PERQ6` reliability, `PERQ7`
clear information, and their overall satisfaction `CUSA1`–`CUSA3`.
""",
    setup="""
import numbers
from itertools import combinations
import pandas as pd
from crmlab.satisfaction import derived_importance, ipa_quadrant, servqual_score, IPA_QUADRANTS
""",
    inputs=inputs,
    parts=(
        Part("gaps", 2,
             "Split `survey` into three tables with the pillars' attribute names as columns: `perceptions` (the "
             "`P_…` columns), `expectations` (`E_…`) and `importance` (`I_…`), e.g. `P_honest_claims` becoming "
             "`honest_claims`. Set `mean_gap` to the mean gap P − E of each pillar (a Series indexed by the "
             "attribute names).",
             "def columns(prefix):\n"
             "    chosen = [c for c in survey.columns if c.startswith(prefix)]\n"
             "    return survey[chosen].astype(float).set_axis([c[len(prefix):] for c in chosen], axis=1)\n\n"
             'perceptions, expectations, importance = columns("P_"), columns("E_"), columns("I_")\n'
             "mean_gap = (perceptions - expectations).mean()",
             'assert len(mean_gap) == 8, "one mean gap per pillar"',
             lambda v: {"mean_gap": Expect.numbers(_analysis(v)["gap"], tol=0.001)},
             hint="P − E respondent by respondent, then the mean of each column (book: SERVQUAL)"),
        Part("scores", 2,
             "Weight each pillar by its mean stated importance (normalised to sum to 1) and set `mean_sq` to the "
             "mean weighted score $SQ_i = \\sum_j W_j (P_{ij} - E_{ij})$ over the consumers, and `share_below` "
             "to the share of consumers whose score is below 0.",
             "sq_scores = servqual_score(perceptions, expectations, weights=importance.mean())\n"
             "mean_sq = sq_scores.mean()\n"
             "share_below = (sq_scores < 0).mean()",
             "for answer in (mean_sq, share_below):\n"
             '    assert isinstance(answer, numbers.Real), "numbers"\n'
             'assert 0 <= share_below <= 1, "a share"',
             lambda v: {name: Expect.number(_analysis(v)[name], tol=0.001) for name in ("mean_sq", "share_below")},
             hint="servqual_score normalises the weights itself; one score per consumer, then the mean and the "
                  "share below zero"),
        Part("largest", 1,
             "Set `largest_shortfall` to the attribute name of the pillar whose mean perception falls furthest "
             "below its mean expectation.",
             "largest_shortfall = mean_gap.idxmin()",
             'assert largest_shortfall in set(mean_gap.index), "one of the attribute names"',
             lambda v: {"largest_shortfall": Expect.text(_analysis(v)["largest_shortfall"])},
             hint="the most negative mean gap"),
        Part("ipa", 2,
             "Place each pillar on the importance–performance map: mean stated importance against mean "
             "perception, cut at the means. Set `pillar_quadrants` to each pillar's quadrant (a Series or dict).",
             "pillar_quadrants = ipa_quadrant(importance.mean(), perceptions.mean())",
             'assert set(dict(pillar_quadrants).values()) <= set(IPA_QUADRANTS), "use the names in IPA_QUADRANTS"',
             lambda v: {"pillar_quadrants": Expect.labels(_analysis(v)["quadrants"])},
             hint="high importance with low performance is urgent improvement (book: IPA)"),
        Part("fix-first", 3,
             "Closing a pillar's shortfall means raising its mean perception up to its mean expectation: it "
             "costs `cost_per_point[pillar]` (million yuan per point) times the size of the gap, and raises the "
             "mean weighted score by the pillar's normalised weight times the size of the gap. Only pillars with "
             "a negative mean gap can be closed, each wholly or not at all, and the total may not exceed "
             "`budget` (million yuan). Set `fund` to the list of pillars, in alphabetical order, that raises the "
             "mean score most within the budget (try every combination), and `sq_rise` to that rise.",
             "weight = importance.mean() / importance.mean().sum()\n"
             "short = sorted(mean_gap[mean_gap < 0].index)\n"
             "best = (0.0, [])\n"
             "for size in range(1, len(short) + 1):\n"
             "    for chosen in combinations(short, size):\n"
             "        if sum(cost_per_point[p] * -mean_gap[p] for p in chosen) <= budget:\n"
             "            rise = sum(weight[p] * -mean_gap[p] for p in chosen)\n"
             "            if rise > best[0]:\n"
             "                best = (rise, list(chosen))\n"
             "sq_rise, fund = best",
             'assert isinstance(fund, list) and set(fund) <= set(mean_gap.index), "a list of attribute names"\n'
             'assert isinstance(sq_rise, numbers.Real)',
             lambda v: {"fund": Expect.labels(_analysis(v)["fund"]),
                        "sq_rise": Expect.number(_analysis(v)["sq_rise"], tol=0.0005)},
             hint="for each combination of pillars with a shortfall: its cost (cost per point × gap) and its "
                  "gain (weight × gap); keep the affordable one with the largest gain"),
        Part("derived", 2,
             "Most real surveys do not ask how important each attribute is. In `quality`, derive each aspect's "
             "importance as the correlation of its rating with overall satisfaction (the mean of `CUSA1`–`CUSA3`; "
             "`derived_importance`). Set `derived` to the derived importance of `PERQ2`–`PERQ7` and "
             "`derived_quadrants` to each aspect's quadrant against its mean rating, cut at the means.",
             "aspects = ['PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7']\n"
             "answers = quality.astype(float)\n"
             "derived = derived_importance(answers[aspects], answers[['CUSA1', 'CUSA2', 'CUSA3']].mean(axis=1))\n"
             "derived_quadrants = ipa_quadrant(derived, answers[aspects].mean())",
             'assert len(derived) == 6 and len(derived_quadrants) == 6, "one value per aspect"',
             lambda v: {"derived": Expect.numbers(_analysis(v)["derived"], tol=0.001),
                        "derived_quadrants": Expect.labels(_analysis(v)["derived_quadrants"])},
             hint="derived importance is a Pearson correlation with the satisfaction index (book: the case page, "
                  "Listening to real customers)"),
    ),
    written=(
        Written("fix-first-memo", 3,
                "In four or five sentences for the firm's consumer-research director: do your `fund`, "
                "`largest_shortfall` and the urgent-improvement quadrant agree? Which should drive the budget, "
                "and what does the fix-first rule leave out?",
                "They need not agree: the largest gap may lie on a pillar consumers find less important, the "
                "map ignores costs, and the rule weighs gap, importance and cost together, so it may fund two "
                "cheap pillars instead of the most urgent one. The budget should follow the rule's logic (value "
                "per yuan) with the map as a check. The rule assumes that closing a gap costs the same per point "
                "however large it is, that exceeding an expectation earns nothing extra, that one item measures "
                "a pillar, and that stated importance is the right weight.",
                rubric=(Criterion(1, "compares fund, largest_shortfall and the quadrants with the student's "
                                     "results"),
                        Criterion(1, "argues which should drive the budget (cost and importance together)"),
                        Criterion(1, "names assumptions the rule leaves out (linear costs, one item, weights)"))),
        Written("importance", 3,
                "In four or five sentences: how do stated importance (asked) and derived importance (correlated "
                "with satisfaction) differ, and which would you trust for which decision? Your classmates' "
                "samples put some aspects in other quadrants than yours: what does that say about an "
                "importance–performance map drawn from 200 answers?",
                "Stated importance says what consumers think matters (safety, honesty); it varies little and is "
                "high for everything. Derived importance says what moves satisfaction in these answers; an "
                "attribute everybody gets right (safety) hardly varies and correlates little, although losing "
                "it would be a disaster. Use stated importance for what must never fail, derived importance for "
                "what to improve to raise satisfaction. Points near the cut lines change quadrant with the "
                "sample: the map's corners are estimates, so report the margins or a bootstrap before acting on "
                "a borderline aspect.",
                rubric=(Criterion(1, "explains the difference between stated and derived importance"),
                        Criterion(1, "matches each kind to a decision (must-not-fail vs what raises satisfaction)"),
                        Criterion(1, "explains that quadrants near the cuts are uncertain in a sample of 200"))),
        Written("attitude", 3,
                "The lecture says P&G's consumer focus \"is not a method but an attitude\". In three or four "
                "sentences: which of the eight pillars can a consumer survey measure, and which are attitudes "
                "inside the firm no consumer can see? How else would you find out whether a firm listens?",
                "Consumers can judge what reaches them: honest claims, value for money, products that fit, "
                "after-sale care, answers to feedback. \"Trust consumers\", \"the consumer is the boss\" and "
                "\"think as the customer thinks\" are attitudes of the firm's people, seen only through what "
                "they produce. Measure listening by what the firm does with the voice: the time to answer a "
                "complaint, the share of products changed after consumer feedback, whether managers read the "
                "complaints, and employees' own survey of the firm's culture.",
                rubric=(Criterion(1, "separates the pillars a survey can measure from inner attitudes"),
                        Criterion(1, "gives a reason (consumers see only outcomes)"),
                        Criterion(1, "proposes other evidence of listening (response times, product changes, "
                                     "internal measures)"))),
    ),
)
