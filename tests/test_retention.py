"""Lifetime value and the leaky bucket: hand-worked numbers and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmlab.retention import leaky_bucket, lifetime_value, retention_uplift, steady_state


def test_closed_form_hand_worked():
    # m / (1 + d - r): 100 / (1 + 0.1 - 0.8) = 333.33; 100 / 0.2 = 500 (Gupta & Lehmann 2003's margin multiple).
    assert lifetime_value(100, 0.8, 0.1) == pytest.approx(1000 / 3)
    assert lifetime_value(100, 0.9, 0.1, acquisition_cost=50) == pytest.approx(450)


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
