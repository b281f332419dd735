"""Formulas added for the four case notebooks (cases/), checked against hand-worked numbers.

Each expected value is worked out by hand in the comment next to it, from the
formula in the function's docstring and, where they exist, the seeds' figures.
"""

import math

import pandas as pd
import pytest

from crmlab.retention import profit_tiers
from crmlab.satisfaction import complaint_outcomes, derived_importance, retention_band
from crmlab.trust import periods_to_recover, sales_after_shock, share_retained, trust_from_service

# --- Oriental Hotel: the seed's rule "personalised → cognitive, + timely → affective, + adapting → behavioural"

def test_trust_from_service_follows_the_seed_rule():
    assert trust_from_service(False, False, False) is None
    assert trust_from_service(True, False, False) == "cognitive"
    assert trust_from_service(True, True, False) == "affective"
    assert trust_from_service(True, True, True) == "behavioural"
    # Timely service without personalisation builds nothing in this rule: the levels build on each other.
    assert trust_from_service(False, True, True) is None
    # Adapting without timely service stops at cognitive trust.
    assert trust_from_service(True, False, True) == "cognitive"


def test_trust_from_service_rejects_non_booleans():
    with pytest.raises(TypeError, match="timely must be True or False, got 1"):
        trust_from_service(True, 1, False)


def test_profit_tiers_by_hand():
    # 10 guests with profits 100, 90, ..., 10 (total 550); tiers 20 % / 30 % / 50 %.
    profit = pd.Series([10.0 * k for k in range(10, 0, -1)], index=[f"g{k}" for k in range(10)])
    tiers = profit_tiers(profit)
    # Top 2 guests (20 %) are A, the next 3 (30 %) B, the last 5 C.
    assert tiers["tier"].tolist() == ["A"] * 2 + ["B"] * 3 + ["C"] * 5
    # The A tier holds (100 + 90) / 550 = 0.34545… of profit.
    assert tiers["profit_share"].iloc[1] == pytest.approx(190 / 550)
    # A and B together: (100 + 90 + 80 + 70 + 60) / 550 = 400 / 550.
    assert tiers["profit_share"].iloc[4] == pytest.approx(400 / 550)
    assert tiers["customer_share"].iloc[4] == pytest.approx(0.5)


def test_profit_tiers_sorts_and_keeps_names():
    tiers = profit_tiers(pd.Series({"low": 1.0, "high": 9.0}), shares=(0.5, 0.5), labels=("top", "rest"))
    # high (9) ranks first and takes 9 / 10 of profit.
    assert tiers.index.tolist() == ["high", "low"]
    assert tiers.loc["high", "profit_share"] == pytest.approx(0.9)
    assert tiers["tier"].tolist() == ["top", "rest"]


def test_profit_tiers_validation():
    with pytest.raises(TypeError, match="profit must be a pandas Series"):
        profit_tiers([1.0, 2.0])
    with pytest.raises(ValueError, match="shares must sum to 1, got 0.9"):
        profit_tiers(pd.Series([1.0, 2.0]), shares=(0.5, 0.4), labels=("A", "B"))
    with pytest.raises(ValueError, match="same length"):
        profit_tiers(pd.Series([1.0, 2.0]), shares=(0.5, 0.5), labels=("A",))
    with pytest.raises(ValueError, match="more than 0"):
        profit_tiers(pd.Series([-1.0, 0.0]))


# --- Shuanghui: trust shock and recovery

def test_sales_after_shock_by_hand():
    # baseline 1000, 40 % keep buying, 25 % of the missing come back each week:
    # t=0: 1000 × (1 − 0.6) = 400; t=1: 1000 × (1 − 0.6 × 0.75) = 550; t=2: 1000 × (1 − 0.6 × 0.5625) = 662.5
    path = sales_after_shock(1000, retained=0.4, recovery_rate=0.25, periods=2)
    assert path["sales"].tolist() == pytest.approx([400, 550, 662.5])
    assert path["lost"].tolist() == pytest.approx([600, 450, 337.5])
    assert path["period"].tolist() == [0, 1, 2]


def test_shock_from_the_trust_mix():
    # Mix 30 % weak, 50 % semi-strong, 20 % strong; breach 0.6 above a 0.5 tolerance ceiling:
    # only the strong stay, so 20 % of sales remain in the shock week.
    retained = share_retained({"weak": 0.3, "semi-strong": 0.5, "strong": 0.2}, breach=0.6, tolerance_ceiling=0.5)
    assert retained == pytest.approx(0.2)
    assert sales_after_shock(100, retained, 0.0, 3)["sales"].tolist() == pytest.approx([20, 20, 20, 20])


def test_periods_to_recover_by_hand():
    # 40 % retained, 25 % recovery: 0.6 × 0.75^t ≤ 0.1 ⇔ t ≥ ln(1/6)/ln(0.75) = 6.23 → 7 weeks.
    assert periods_to_recover(0.4, 0.25) == 7
    # check against the path itself: week 6 still below 90 %, week 7 above.
    path = sales_after_shock(1, 0.4, 0.25, 7)["sales"]
    assert path.iloc[6] < 0.9 <= path.iloc[7]
    # Already above target, nobody came back, everybody comes back at once.
    assert periods_to_recover(0.95, 0.1) == 0
    assert periods_to_recover(0.2, 0.0) == math.inf
    assert periods_to_recover(0.2, 1.0) == 1


def test_shock_validation():
    with pytest.raises(ValueError, match=r"retained must be in \[0, 1\], got 1.2"):
        sales_after_shock(100, 1.2, 0.1, 4)
    with pytest.raises(ValueError, match="periods must be a whole number"):
        sales_after_shock(100, 0.5, 0.1, 2.5)
    with pytest.raises(ValueError, match=r"target must be in \[0, 1\)"):
        periods_to_recover(0.5, 0.1, target=1.0)


# --- Coca-Cola: what one complaint is worth

def test_complaint_outcomes_defaults_come_from_the_seed_tables():
    # Score 5 → 92–97 % retained (midpoint 0.945); score 1 → 0–5 % (midpoint 0.025). Seed 004.
    assert sum(retention_band(5)) / 2 == pytest.approx(0.945)
    assert sum(retention_band(1)) / 2 == pytest.approx(0.025)
    # V = 2000, swayed 5 %: handled = 0.945 × 2000 + 0.05 × 10 × 2000 = 1890 + 1000 = 2890;
    # mishandled = 0.025 × 2000 − 0.05 × 22 × 2000 = 50 − 2200 = −2150; difference 5040.
    result = complaint_outcomes(lifetime_value=2000, swayed=0.05)
    assert result["handled"] == pytest.approx(2890)
    assert result["mishandled"] == pytest.approx(-2150)
    assert result["difference"] == pytest.approx(5040)


def test_complaint_outcomes_with_the_other_slide():
    # The other slide: a dissatisfied customer tells 8–10 people; take 8, nobody swayed by handled talk.
    # V = 100, swayed 0.1: handled = 0.945 × 100 + 0.1 × 0 × 100 = 94.5; mishandled = 2.5 − 0.1 × 8 × 100 = −77.5
    result = complaint_outcomes(100, 0.1, handled_tells=0, mishandled_tells=8)
    assert result.tolist() == pytest.approx([94.5, -77.5, 172.0])


def test_complaint_outcomes_validation():
    with pytest.raises(ValueError, match=r"swayed must be in \[0, 1\], got 1.5"):
        complaint_outcomes(100, 1.5)
    with pytest.raises(TypeError, match="lifetime_value must be a real number"):
        complaint_outcomes("100", 0.1)


# --- P&G: derived importance

def test_derived_importance_by_hand():
    # overall = 1, 2, 3, 4 (mean 2.5, deviations −1.5, −0.5, 0.5, 1.5, sum of squares 5).
    # "advice" = 2, 2, 3, 1 (mean 2, deviations 0, 0, 1, −1, sum of squares 2);
    # cross products 0 + 0 + 0.5 − 1.5 = −1 → r = −1 / sqrt(5 × 2) = −0.3162.
    ratings = pd.DataFrame({"network": [2, 4, 6, 8], "advice": [2, 2, 3, 1]})
    importance = derived_importance(ratings, pd.Series([1, 2, 3, 4]))
    assert importance["network"] == pytest.approx(1.0)
    assert importance["advice"] == pytest.approx(-1 / math.sqrt(10))


def test_derived_importance_validation():
    ratings = pd.DataFrame({"a": [1, 2, 3], "b": [5, 5, 5]})
    with pytest.raises(ValueError, match=r"constant: \['b'\]"):
        derived_importance(ratings, [1, 2, 3])
    with pytest.raises(ValueError, match="one rating per row"):
        derived_importance(ratings[["a"]], [1, 2])
    with pytest.raises(TypeError, match="ratings must be a pandas DataFrame"):
        derived_importance([[1, 2]], [1, 2])
