"""Customer delivered value: hand-worked numbers, validation and properties."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab.value import (
    COST_COMPONENTS,
    VALUE_COMPONENTS,
    DeliveredValue,
    chosen_offer,
    customer_value,
    delivered_value,
)

BASE = dict(product=60, service=20, personnel=10, image=10, monetary=50, time=10, energy=5, psychological=5)


def test_hand_worked_offer():
    # TCV = 60 + 20 + 10 + 10 = 100; TCC = 50 + 10 + 5 + 5 = 70; CDV = 30; ratio = 100 / 70.
    result = delivered_value(**BASE)
    assert result == DeliveredValue(100.0, 70.0, 30.0, pytest.approx(10 / 7))


def test_result_is_frozen():
    with pytest.raises(AttributeError):
        delivered_value(**BASE).total_value = 0


def test_zero_cost_gives_infinite_ratio():
    free = dict(BASE, monetary=0, time=0, energy=0, psychological=0)
    assert math.isinf(delivered_value(**free).value_ratio)


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        delivered_value(60, 20, 10, 10, 50, 10, 5, 5)


@pytest.mark.parametrize("component", VALUE_COMPONENTS + COST_COMPONENTS)
def test_negative_component_is_named(component):
    with pytest.raises(ValueError, match=rf"{component} must be in \[0, inf\), got -1"):
        delivered_value(**dict(BASE, **{component: -1}))


@pytest.mark.parametrize("bad, error", [("10", TypeError), (None, TypeError), (float("nan"), ValueError),
                                        (True, TypeError), (float("inf"), ValueError)])
def test_non_numbers_are_rejected(bad, error):
    with pytest.raises(error, match="time"):
        delivered_value(**dict(BASE, time=bad))


def test_customer_chooses_highest_delivered_value():
    a = delivered_value(**BASE)  # CDV 30
    b = delivered_value(**dict(BASE, service=35, monetary=60))  # TCV 115, TCC 80, CDV 35
    assert chosen_offer({"A": a, "B": b}) == "B"
    assert chosen_offer({"A": a, "A again": a}) == "A"


def test_chosen_offer_rejects_bad_input():
    with pytest.raises(ValueError, match="non-empty mapping"):
        chosen_offer({})
    with pytest.raises(TypeError, match=r"offers\['A'\] must be a DeliveredValue"):
        chosen_offer({"A": 30})


def test_customer_value_is_benefits_minus_costs():
    assert customer_value(benefits=120, costs=90) == 30
    with pytest.raises(ValueError, match="costs"):
        customer_value(benefits=1, costs=-2)


amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(st.sampled_from(VALUE_COMPONENTS), amounts, st.floats(min_value=0.01, max_value=1e3))
def test_delivered_value_grows_with_any_value_component(component, level, extra):
    before = delivered_value(**dict(BASE, **{component: level}))
    after = delivered_value(**dict(BASE, **{component: level + extra}))
    assert after.delivered_value > before.delivered_value
    assert after.value_ratio > before.value_ratio


@given(st.sampled_from(COST_COMPONENTS), amounts, st.floats(min_value=0.01, max_value=1e3))
def test_delivered_value_falls_with_any_cost_component(component, level, extra):
    before = delivered_value(**dict(BASE, **{component: level}))
    after = delivered_value(**dict(BASE, **{component: level + extra}))
    assert after.delivered_value < before.delivered_value
