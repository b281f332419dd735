"""Formulas added for chapters 1 and 2 of the book, checked against hand-worked numbers."""

import math

import pytest

from crmlab.satisfaction import defection_by_satisfaction, distinct_listeners, retained_range
from crmlab.value import compare_offers, delivered_value, target_cost


def test_target_cost_marks_and_spencer():
    # Price the customer can pay 200, margin 25 % of price: 200 × (1 − 0.25) = 150.
    assert target_cost(200, 0.25) == 150
    # A zero margin leaves the whole price for cost.
    assert target_cost(80, 0) == 80


@pytest.mark.parametrize("kwargs, error, message", [
    ({"price": -1, "margin": 0.2}, ValueError, r"price must be in \[0, inf\)"),
    ({"price": 100, "margin": 1}, ValueError, r"margin must be in \[0, 1\)"),
    ({"price": "200", "margin": 0.2}, TypeError, "price must be a real number"),
])
def test_target_cost_validation(kwargs, error, message):
    with pytest.raises(error, match=message):
        target_cost(**kwargs)


def test_retained_range_applies_the_seed_table():
    # 200 × .92 + 400 × .80 + 250 × .60 + 100 × .15 + 50 × 0 = 184 + 320 + 150 + 15 + 0 = 669;
    # 200 × .97 + 400 × .85 + 250 × .65 + 100 × .20 + 50 × .05 = 194 + 340 + 162.5 + 20 + 2.5 = 719.
    assert retained_range({5: 200, 4: 400, 3: 250, 2: 100, 1: 50}) == (669, 719)
    # Only very dissatisfied customers: 0–5 % of 40 stay, 0 to 2.
    assert retained_range({1: 40}) == (0, 2)


@pytest.mark.parametrize("counts, error, message", [
    ({}, TypeError, "non-empty mapping"),
    ([10, 20], TypeError, "non-empty mapping"),
    ({6: 10}, ValueError, "score must be a whole number from 1 to 5"),
    ({5: -3}, ValueError, r"counts\[5\] must be in \[0, inf\)"),
])
def test_retained_range_validation(counts, error, message):
    with pytest.raises(error, match=message):
        retained_range(counts)


def test_distinct_listeners_overlap():
    # Town of 10,000: 10,000 × (1 − (1 − 8/10,000)^365) = 10,000 × (1 − e^(365 × ln 0.9992))
    # = 10,000 × (1 − e^−0.292117) = 10,000 × 0.25330 ≈ 2,533 (not 2,920).
    assert distinct_listeners(365, 8, 10_000) == pytest.approx(2533.0, abs=0.5)
    # Two complainers each telling 1 of 2 people: 2 × (1 − (1/2)^2) = 1.5 expected distinct listeners.
    assert distinct_listeners(2, 1, 2) == pytest.approx(1.5)
    # Everyone told by the first complainer: the whole town, whatever follows.
    assert distinct_listeners(3, 50, 50) == 50
    # A huge population: no overlap, c × t.
    assert math.isclose(distinct_listeners(365, 8, 1e12), 2920, rel_tol=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"customers": 10, "tells": 20, "population": 10}, r"tells must be in \[0, 10\]"),
    ({"customers": 10, "tells": 2, "population": 0}, r"population must be in \(0, inf\)"),
    ({"customers": -1, "tells": 2, "population": 100}, r"customers must be in \[0, inf\)"),
])
def test_distinct_listeners_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        distinct_listeners(**kwargs)


def test_defection_by_satisfaction_reverses_the_survey_question():
    # P(S|D) = 0.75, P(D) = 0.2, P(S) = 0.8: P(D|S) = 0.75 × 0.2 / 0.8 = 0.1875,
    # P(D|not S) = 0.25 × 0.2 / 0.2 = 0.25.
    rates = defection_by_satisfaction(0.75, 0.2, 0.8)
    assert rates["satisfied"] == pytest.approx(0.1875)
    assert rates["dissatisfied"] == pytest.approx(0.25)
    # Reichheld's car buyers: satisfied share 0.9, repurchase 35 % (defection 0.65), 65 % of defectors satisfied:
    # dissatisfied defection = 0.35 × 0.65 / 0.1 = 2.275 > 1, so those three figures cannot all hold.
    assert defection_by_satisfaction(0.65, 0.65, 0.9)["dissatisfied"] == pytest.approx(2.275)


@pytest.mark.parametrize("kwargs, message", [
    ({"satisfied_among_defectors": 1.2, "defection_rate": 0.2, "satisfied_share": 0.8},
     r"satisfied_among_defectors must be in \[0, 1\]"),
    ({"satisfied_among_defectors": 0.7, "defection_rate": 0.2, "satisfied_share": 1},
     r"satisfied_share must be in \(0, 1\)"),
])
def test_defection_by_satisfaction_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        defection_by_satisfaction(**kwargs)


def test_compare_offers_table_and_choice():
    # A: TCV 60+20+10+10 = 100, TCC 50+10+5+5 = 70, CDV 30, ratio 100/70;
    # B: TCV 40, TCC 20, CDV 20, ratio 2. Kotler's rule picks A (higher CDV) although B's ratio is higher.
    a = delivered_value(product=60, service=20, personnel=10, image=10, monetary=50, time=10, energy=5,
                        psychological=5)
    b = delivered_value(product=40, service=0, personnel=0, image=0, monetary=20, time=0, energy=0, psychological=0)
    table = compare_offers({"A": a, "B": b})
    assert list(table.index) == ["A", "B"]
    assert table["delivered value (CDV)"].tolist() == [30, 20]
    assert table["ratio (TCV/TCC)"].tolist() == pytest.approx([100 / 70, 2])
    assert table["chosen"].tolist() == [True, False]
    # A tie goes to the offer listed first.
    assert compare_offers({"B": b, "B again": b})["chosen"].tolist() == [True, False]
    with pytest.raises(TypeError, match=r"offers\['A'\] must be a DeliveredValue"):
        compare_offers({"A": 30})
