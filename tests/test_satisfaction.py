"""Satisfaction formulas checked against hand-worked numbers from the seeds and the literature."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.satisfaction import (
    IPA_QUADRANTS,
    SERVQUAL_DIMENSIONS,
    ipa_quadrant,
    q_model,
    retention_band,
    satisfaction_gap,
    satisfaction_index,
    satisfaction_ratio,
    servqual_score,
    word_of_mouth,
)


def test_gap_and_ratio_on_scalars_arrays_and_series():
    assert satisfaction_gap(8, 6) == 2
    np.testing.assert_allclose(satisfaction_gap(np.array([7, 5]), np.array([6, 6])), [1, -1])
    gaps = satisfaction_gap(pd.Series([7, 5], index=["ann", "bo"]), pd.Series([6, 6], index=["ann", "bo"]))
    assert gaps.to_dict() == {"ann": 1.0, "bo": -1.0}
    assert satisfaction_ratio(6, 4) == 1.5


def test_bus_story_same_outcome_two_expectations():
    # Seed 004: the same standing ride (perceived 6 of 10) delights a rider who expected to miss the
    # bus (expectation 3) and disappoints one who waited for a seat (expectation 8).
    assert satisfaction_ratio(6, 3) == 2.0
    assert satisfaction_ratio(6, 8) == 0.75
    assert q_model(6, 3) == "highly satisfied" and q_model(6, 8) == "dissatisfied"


def test_gap_and_ratio_validation():
    with pytest.raises(ValueError, match=r"expected must be in \(0, inf\), got 0"):
        satisfaction_ratio(5, 0)
    with pytest.raises(ValueError, match="same length"):
        satisfaction_gap([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="perceived must be finite numbers, got nan at 1"):
        satisfaction_gap([1, float("nan")], [1, 2])
    with pytest.raises(TypeError, match="perceived must contain real numbers"):
        satisfaction_gap(["high", "low"], [1, 2])
    with pytest.raises(ValueError, match="perceived is empty"):
        satisfaction_gap([], [])


@pytest.mark.parametrize("q1, q0, tolerance, verdict", [
    (9, 7, 0, "highly satisfied"), (7, 7, 0, "satisfied"), (6.9, 7, 0, "dissatisfied"),
    (7.5, 7, 0.5, "satisfied"), (6.5, 7, 0.5, "satisfied"), (7.51, 7, 0.5, "highly satisfied"),
    (6.49, 7, 0.5, "dissatisfied"),
])
def test_q_model_boundaries(q1, q0, tolerance, verdict):
    assert q_model(q1, q0, tolerance) == verdict


def test_q_model_rejects_negative_tolerance():
    with pytest.raises(ValueError, match="tolerance must be in"):
        q_model(1, 1, -0.1)


def test_servqual_hand_worked():
    # One customer, five dimensions: gaps P - E = (-1, 0, -1, 2, -1).
    # Weighted: 0.2*-1 + 0.3*0 + 0.1*-1 + 0.25*2 + 0.15*-1 = 0.05. Equal weights: -1/5 = -0.2.
    p = pd.DataFrame([[5, 6, 4, 7, 3]], columns=SERVQUAL_DIMENSIONS)
    e = pd.DataFrame([[6, 6, 5, 5, 4]], columns=SERVQUAL_DIMENSIONS)
    weights = dict(zip(SERVQUAL_DIMENSIONS, [20, 30, 10, 25, 15]))  # normalised to sum to 1
    assert servqual_score(p, e, weights).iloc[0] == pytest.approx(0.05)
    assert servqual_score(p, e).iloc[0] == pytest.approx(-0.2)


def test_servqual_aligns_columns_by_name():
    p = pd.DataFrame({"a": [5.0], "b": [1.0]})
    e = pd.DataFrame({"b": [3.0], "a": [4.0]})
    assert servqual_score(p, e, [1, 0]).iloc[0] == pytest.approx(1.0)


def test_servqual_validation_names_the_problem():
    p = pd.DataFrame({"a": [5.0], "b": [1.0]})
    with pytest.raises(ValueError, match=r"only in perceptions: \['b'\]"):
        servqual_score(p, pd.DataFrame({"a": [4.0], "c": [1.0]}))
    with pytest.raises(ValueError, match="expectations is missing a value at row 0, column 'b'"):
        servqual_score(p, pd.DataFrame({"a": [4.0], "b": [np.nan]}))
    with pytest.raises(ValueError, match="one weight per attribute"):
        servqual_score(p, p, [1, 2, 3])
    with pytest.raises(ValueError, match=r"weights\['b'\] must be in \[0, inf\)"):
        servqual_score(p, p, {"a": 1, "b": -1})
    with pytest.raises(ValueError, match="must not all be 0"):
        servqual_score(p, p, [0, 0])
    with pytest.raises(TypeError, match="perceptions must be a pandas DataFrame"):
        servqual_score([[1, 2]], p)
    with pytest.raises(ValueError, match="same rows"):
        servqual_score(p, pd.DataFrame({"a": [4.0, 1.0], "b": [1.0, 1.0]}))


@settings(deadline=None)  # a property of the arithmetic, not of speed: a loaded CI machine must not fail it
@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 7)), min_size=3, max_size=3))
def test_servqual_with_equal_weights_is_the_mean_gap(pairs):
    p = pd.DataFrame([[pair[0] for pair in pairs]], columns=["x", "y", "z"])
    e = pd.DataFrame([[pair[1] for pair in pairs]], columns=["x", "y", "z"])
    assert servqual_score(p, e).iloc[0] == pytest.approx(np.mean([a - b for a, b in pairs]))


def test_ipa_quadrants_and_cut_ties_count_as_high():
    importance = pd.Series({"price": 9, "speed": 8, "decor": 3, "music": 2})  # mean 5.5
    performance = pd.Series({"price": 4, "speed": 9, "decor": 8, "music": 3})  # mean 6
    assert ipa_quadrant(importance, performance).to_dict() == {
        "price": "urgent improvement", "speed": "competitive advantage",
        "decor": "icing on the cake", "music": "secondary improvement"}
    tie = ipa_quadrant([5, 1], [5, 1], importance_cut=5, performance_cut=5)
    assert tie.tolist() == ["competitive advantage", "secondary improvement"]
    assert set(IPA_QUADRANTS) == set(ipa_quadrant(importance, performance))


def test_ipa_validation():
    with pytest.raises(ValueError, match="same attributes"):
        ipa_quadrant(pd.Series({"a": 1}), pd.Series({"b": 1}))
    with pytest.raises(TypeError, match="one value per attribute"):
        ipa_quadrant(3, 4)


def test_satisfaction_index_hand_worked():
    # Item means 9 and 7 on 1-10 rescale to 88.89 and 66.67; equal weights give 77.78,
    # weights 3:1 give (3*88.89 + 66.67) / 4 = 83.33.
    answers = pd.DataFrame({"overall": [10, 8, 9], "vs_expectation": [7, 7, 7]})
    assert satisfaction_index(answers) == pytest.approx(700 / 9)
    assert satisfaction_index(answers, weights=[3, 1]) == pytest.approx(250 / 3)
    assert satisfaction_index(pd.Series([1, 1]), scale=(1, 10)) == 0
    assert satisfaction_index(pd.Series([5, 5]), scale=(1, 5)) == 100


def test_satisfaction_index_skips_missing_answers_and_validates():
    answers = pd.DataFrame({"q": [10, np.nan, 8]})
    assert satisfaction_index(answers) == pytest.approx((9 - 1) / 9 * 100)
    with pytest.raises(ValueError, match="scores must be on the 1–10 scale; row 1, column 'q' has 11"):
        satisfaction_index(pd.DataFrame({"q": [3, 11]}))
    with pytest.raises(ValueError, match=r"column\(s\) \['q'\] have no answers"):
        satisfaction_index(pd.DataFrame({"q": [np.nan, np.nan]}))
    with pytest.raises(ValueError, match="low < high"):
        satisfaction_index(answers, scale=(10, 1))


def test_retention_band_matches_seed_table():
    assert [retention_band(s) for s in (5, 4, 3, 2, 1)] == [
        (0.92, 0.97), (0.80, 0.85), (0.60, 0.65), (0.15, 0.20), (0.00, 0.05)]


@pytest.mark.parametrize("score, error", [(6, ValueError), (0, ValueError), (4.5, ValueError),
                                          ("5", TypeError), (True, TypeError)])
def test_retention_band_rejects_off_scale_scores(score, error):
    with pytest.raises(error, match="score must be a whole number from 1 to 5"):
        retention_band(score)


def test_word_of_mouth_seed_example():
    assert word_of_mouth() == (365, 2920)
    assert word_of_mouth(lost_per_day=2, tells=22, days=30) == (60, 1320)
    with pytest.raises(ValueError, match="tells"):
        word_of_mouth(tells=-1)


# --- the course's derived IPA (one named choice for every page that draws one) ---------------------------

def test_derived_ipa_hand_worked():
    # Overall = mean(all_a, all_b) = 1.5, 2.5, 3.5, 4.5. speed 1..4: r = 1; price 4..1: r = -1;
    # advice 3, 3, 4, 4: deviations -.5, -.5, .5, .5 against -1.5, -.5, .5, 1.5: r = 2 / (1 × √5) = 0.8944.
    # Cuts at the means: importance (1 - 1 + 0.8944) / 3 = 0.298, performance (2.5 + 2.5 + 3.5) / 3 = 2.833.
    from crmlab.satisfaction import DerivedIPA
    survey = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": [4, 3, 2, 1], "q3": [3, 3, 4, 4],
                           "all_a": [1, 2, 3, 4], "all_b": [2, 3, 4, 5]})
    table = DerivedIPA({"q1": "speed", "q2": "price", "q3": "advice"}, ("all_a", "all_b")).table(survey)
    assert table["importance"].tolist() == pytest.approx([1, -1, 2 / 5 ** 0.5])
    assert table["performance"].tolist() == pytest.approx([2.5, 2.5, 3.5])
    assert table["quadrant"].tolist() == ["urgent improvement", "secondary improvement", "competitive advantage"]
    with pytest.raises(ValueError, match=r"survey lacks the column\(s\) \['nope'\]"):
        DerivedIPA({"nope": "x"}, ("all_a",)).table(survey)
    with pytest.raises(ValueError, match="at least one attribute"):
        DerivedIPA({}, ("all_a",)).table(survey)


def test_mobi_drivers_is_the_ecsi_satisfaction_and_quality_items():
    from crmlab.models import ECSI_CONSTRUCTS
    from crmlab.satisfaction import MOBI_DRIVERS
    assert list(MOBI_DRIVERS.overall) == ECSI_CONSTRUCTS["Satisfaction"]
    assert list(MOBI_DRIVERS.attributes) == [item for item in ECSI_CONSTRUCTS["Quality"] if item != "PERQ1"]


def test_mobi_drivers_against_an_independent_computation():
    from crmlab import data
    from crmlab.satisfaction import MOBI_DRIVERS
    mobi = data.load("mobi")
    overall = mobi[["CUSA1", "CUSA2", "CUSA3"]].to_numpy(float).mean(axis=1)
    table = MOBI_DRIVERS.table(mobi)
    for column, label in MOBI_DRIVERS.attributes.items():
        ratings = mobi[column].to_numpy(float)
        assert table.loc[label, "importance"] == pytest.approx(np.corrcoef(ratings, overall)[0, 1])
        assert table.loc[label, "performance"] == pytest.approx(ratings.mean())
    high_importance = table["importance"] >= table["importance"].mean()
    high_performance = table["performance"] >= table["performance"].mean()
    urgent = table.index[high_importance & ~high_performance].tolist()
    assert table.index[table["quadrant"] == "urgent improvement"].tolist() == urgent


def test_satisfied_among_defectors_reads_the_retention_table_backwards():
    from crmlab.satisfaction import satisfied_among_defectors
    # Midpoint leaving rates 5.5 %, 17.5 %, 37.5 %, 82.5 %, 97.5 %: defectors 11, 70, 93.75, 82.5, 48.75 = 306;
    # satisfied (4 or 5) 81 → 81 / 306 = 0.26471.
    assert satisfied_among_defectors({5: 200, 4: 400, 3: 250, 2: 100, 1: 50}) == pytest.approx(81 / 306)
    # 450 × .055 + 450 × .175 = 103.5 of 24.75 + 78.75 + 22.5 + 24.75 + 9.75 = 160.5 → 0.64486.
    assert satisfied_among_defectors({5: 450, 4: 450, 3: 60, 2: 30, 1: 10}) == pytest.approx(103.5 / 160.5)
    assert satisfied_among_defectors({5: 100, 1: 100}, satisfied_scores=(5,)) == pytest.approx(5.5 / 103)
    with pytest.raises(ValueError, match="score must be a whole number from 1 to 5"):
        satisfied_among_defectors({5: 10}, satisfied_scores=(6,))
    with pytest.raises(TypeError, match="non-empty mapping"):
        satisfied_among_defectors({})


def test_the_mobi_drivers_table_names_its_attributes_in_chinese():
    """Issue 18: the same numbers, each aspect under its Chinese name (the Chinese P&G page charts them)."""
    from crmlab import data
    from crmlab.satisfaction import MOBI_DRIVERS

    mobi = data.load("mobi")
    english, chinese = MOBI_DRIVERS.table(mobi), MOBI_DRIVERS.table(mobi, lang="zh")
    assert list(chinese.index) == [MOBI_DRIVERS.chinese[name] for name in english.index]
    assert chinese.loc["信息清晰", "quadrant"] == english.loc["clear information", "quadrant"] == "urgent improvement"
    assert (chinese.to_numpy() == english.to_numpy()).all()
    with pytest.raises(ValueError, match="lang must be one of"):
        MOBI_DRIVERS.table(mobi, lang="fr")
