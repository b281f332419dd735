"""Lifetime value and the leaky bucket: hand-worked numbers and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab.retention import (
    LTV_TIMING,
    LTV_TIMINGS,
    implied_retention,
    leaky_bucket,
    lifetime_value,
    margin_growth_for_uplift,
    retention_for_uplift,
    retention_uplift,
    steady_state,
)


def test_closed_form_hand_worked():
    # First margin certain (the course's timing): m / (1 + d - r) = 100 / (1 + 0.1 - 0.8) = 333.33;
    # 100 / (1.1 - 0.9) = 500, minus an acquisition cost of 50 = 450.
    assert LTV_TIMING == "first-margin-certain"
    assert lifetime_value(100, 0.8, 0.1) == pytest.approx(1000 / 3)
    assert lifetime_value(100, 0.9, 0.1, acquisition_cost=50) == pytest.approx(450)


def test_gupta_lehmann_margin_multiple():
    # Gupta & Lehmann (2003): CLV = m r / (1 + i - r). Their example margin multiple for r = 0.8, i = 0.12 is
    # 0.8 / 0.32 = 2.5; here m = 100, r = 0.8, d = 0.1: 100 × 0.8 / 0.3 = 266.67, r times the course's 333.33.
    assert lifetime_value(100, 0.8, 0.12, timing="gupta-lehmann") == pytest.approx(250)
    assert lifetime_value(100, 0.8, 0.1, timing="gupta-lehmann") == pytest.approx(800 / 3)
    # Three periods: 80/1.1 + 64/1.21 + 51.2/1.331 = 72.727 + 52.893 + 38.467 = 164.09.
    assert lifetime_value(100, 0.8, 0.1, periods=3, timing="gupta-lehmann") == pytest.approx(
        80 / 1.1 + 64 / 1.21 + 51.2 / 1.331)
    # The acquisition cost is subtracted once, after the factor r.
    assert lifetime_value(100, 0.8, 0.1, acquisition_cost=50, timing="gupta-lehmann") == pytest.approx(800 / 3 - 50)


def test_timing_is_checked_and_named():
    assert set(LTV_TIMINGS) == {"first-margin-certain", "gupta-lehmann"}
    with pytest.raises(ValueError, match=r"timing must be one of 'first-margin-certain', 'gupta-lehmann'; "
                                         r"got 'gupta'"):
        lifetime_value(100, 0.8, 0.1, timing="gupta")


def test_uplift_and_its_inverses_under_both_timings():
    # Course timing: u = p / (1 + d - r - p) = 0.05 / 0.25 = 0.2 at r = 0.8, d = 0.1.
    # Gupta-Lehmann: (1 + u) (r + p) / r - 1 = 1.2 × 0.85 / 0.8 - 1 = 0.275.
    assert retention_uplift(0.8, 0.1, timing="gupta-lehmann") == pytest.approx(0.275)
    # Inverse, Gupta-Lehmann: u r² - u (k - p) r + p k = 0 with u = 0.275, k = 1.1, p = 0.05:
    # 0.275 r² - 0.28875 r + 0.055 = 0 → r = (0.28875 ± sqrt(0.0833766 - 0.0605)) / 0.55 = 0.8 or 0.25.
    assert retention_for_uplift(0.275, 0.1, timing="gupta-lehmann") == pytest.approx(0.8)
    assert retention_uplift(0.25, 0.1, timing="gupta-lehmann") == pytest.approx(0.275)  # the other root
    # Margin growth, Gupta-Lehmann: 1 + g = k (u r - p) / (u r (r + p)); u = 0.275, r = 0.8: g = 0.
    assert margin_growth_for_uplift(0.275, 0.8, 0.1, timing="gupta-lehmann") == pytest.approx(0, abs=1e-12)
    # u = 0.5 at r = 0.8: 1.1 × 0.35 / (0.4 × 0.85) = 0.385 / 0.34 = 1.13235 → g = 13.2 %.
    assert margin_growth_for_uplift(0.5, 0.8, 0.1, timing="gupta-lehmann") == pytest.approx(0.385 / 0.34 - 1)
    # Implied retention, Gupta-Lehmann: r = V (1 + d) / (V + m) = 8000 / 9040 for the $8,000 pizza lover.
    assert implied_retention(8000, 1040, 0.0, timing="gupta-lehmann") == pytest.approx(8000 / 9040)
    assert lifetime_value(1040, 8000 / 9040, 0.0, timing="gupta-lehmann") == pytest.approx(8000)
    with pytest.raises(ValueError, match="no retention rate"):
        retention_for_uplift(2.0, 0.1, timing="gupta-lehmann")  # the rise is capped below 2 on r < 0.95
    with pytest.raises(ValueError, match="no margin growth"):
        margin_growth_for_uplift(0.01, 0.8, 0.1, timing="gupta-lehmann")  # r alone adds p / r = 6 %


def test_finite_horizon_hand_worked():
    # 100/1.1 + 80/1.21 + 64/1.331 = 90.909 + 66.116 + 48.084
    assert lifetime_value(100, 0.8, 0.1, periods=3) == pytest.approx(100 / 1.1 + 80 / 1.21 + 64 / 1.331)
    assert lifetime_value(100, 0.0, 0.0, periods=5) == pytest.approx(100)


def test_long_horizon_approaches_closed_form():
    assert lifetime_value(100, 0.8, 0.1, periods=400) == pytest.approx(lifetime_value(100, 0.8, 0.1))


@pytest.mark.parametrize("kwargs, message", [
    (dict(retention=1.0), r"retention must be in \[0, 1\), got 1"),
    (dict(retention=-0.1), r"retention must be in \[0, 1\)"),
    (dict(discount_rate=-1), r"discount_rate must be in \(-1, inf\), got -1"),
    (dict(discount_rate=-0.5, retention=0.6), "converges"),
    (dict(periods=0), "periods must be a whole number"),
    (dict(periods=2.5), "periods must be a whole number"),
    (dict(acquisition_cost=-5), "acquisition_cost"),
])
def test_lifetime_value_validation(kwargs, message):
    arguments = dict(margin=100, retention=0.8, discount_rate=0.1) | kwargs
    with pytest.raises(ValueError, match=message):
        lifetime_value(**arguments)


@given(st.floats(0, 0.9), st.floats(0.001, 0.09), st.floats(0, 0.5))
def test_lifetime_value_grows_with_retention(retention, step, discount):
    assert lifetime_value(10, retention + step, discount) > lifetime_value(10, retention, discount)


def test_retention_uplift_depends_on_starting_rate():
    # (1.1 - 0.8) / (1.1 - 0.85) - 1 = 0.2 ; (1.1 - 0.9) / (1.1 - 0.95) - 1 = 1/3
    assert retention_uplift(0.8, 0.1) == pytest.approx(0.2)
    assert retention_uplift(0.9, 0.1) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="retention \\+ points"):
        retention_uplift(0.97, 0.1, points=0.05)


def test_leaky_bucket_hand_worked_and_steady_state():
    bucket = leaky_bucket(1000, 100, 0.2, 3)
    assert list(bucket.columns) == ["period", "customers", "acquired", "lost"]
    assert bucket["customers"].tolist() == pytest.approx([1000, 900, 820, 756])
    assert bucket["lost"].tolist() == pytest.approx([0, 200, 180, 164])
    assert leaky_bucket(1000, 100, 0.2, 200)["customers"].iloc[-1] == pytest.approx(steady_state(100, 0.2))


def test_leaky_bucket_validation():
    with pytest.raises(ValueError, match=r"churn_rate must be in \[0, 1\], got 1.2"):
        leaky_bucket(10, 1, 1.2, 3)
    with pytest.raises(ValueError, match="periods must be a whole number"):
        leaky_bucket(10, 1, 0.1, -1)
    with pytest.raises(ValueError, match=r"churn_rate must be in \(0, 1\]"):
        steady_state(10, 0)
