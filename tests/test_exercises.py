"""The assignments: their shape, their committed sources, and their answer keys checked by hand.

Every expected value below is worked out by hand from the figures in the
assignment (the arithmetic is in the comments), so a key that drifted from the
exercise text, or a crmlab formula that changed, is caught here.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlab.grading.answers import Expect, answer_key, canonical, compare, load_spec
from crmlab.grading.course import TEMPLATE, assignments

ASSIGNMENTS = ("cdnow", "loyalty", "retention", "satisfaction", "trust", "value")


def _key(name: str) -> dict[str, Expect]:
    return {n: e for answers in answer_key(TEMPLATE, name).values() for n, e in answers.items()}


def test_the_course_has_the_six_assignments():
    assert tuple(assignments(TEMPLATE)) == ASSIGNMENTS


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_each_assignment_has_4_to_8_auto_parts_and_a_written_answer(name):
    assignment = load_spec(TEMPLATE, name).ASSIGNMENT
    assert assignment.name == name
    assert 4 <= len(assignment.parts) <= 8
    assert assignment.written and all(w.points > 0 for w in assignment.written)
    for part in assignment.parts:
        assert part.points > 0 and part.answers, part.grade_id
        assert all(e.kind != "number" or e.tol >= 0 for e in part.answers.values())


def test_committed_source_notebooks_match_their_specs():
    result = subprocess.run([sys.executable, str(TEMPLATE / "make_sources.py"), "--check"], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr


def _close(expect: Expect, value: float) -> bool:
    return math.isclose(expect.value, value, abs_tol=1e-9)


def test_value_key_by_hand():
    key = _key("value")
    assert _close(key["total_value_a"], 300 + 120 + 60 + 40)  # 520
    assert _close(key["total_cost_a"], 380 + 40 + 20 + 10)  # 450
    assert _close(key["delivered_a"], 520 - 450)  # 70
    assert _close(key["delivered_b"], (280 + 160 + 90 + 50) - (420 + 30 + 20 + 20))  # 580 − 490 = 90
    assert _close(key["ratio_b"], 580 / 490)  # 1.1837
    assert key["choice"].value == "B"  # 90 > 70
    assert _close(key["new_customer_value_a"], (520 + 50) - (450 - 30))  # 150


def test_satisfaction_key_by_hand():
    key = _key("satisfaction")
    assert _close(key["gap"], 6 - 8) and _close(key["ratio"], 6 / 8)
    assert key["outcome"].value == "satisfied"  # |7.3 − 7| = 0.3 ≤ 0.5
    # Weights 1, 3, 2, 2, 2 → 0.1, 0.3, 0.2, 0.2, 0.2; P − E per dimension (t, r, resp, a, e):
    # Li (1, −3, −1, 0, 0) → 0.1 − 0.9 − 0.2 = −1.0; Wang (0, −1, 0, 1, −1) → −0.3 + 0.2 − 0.2 = −0.3;
    # Zhao (−1, −3, −1, −1, −1) → −0.1 − 0.9 − 0.2 − 0.2 − 0.2 = −1.6
    assert key["sq"].value == pytest.approx({"Li": -1.0, "Wang": -0.3, "Zhao": -1.6})
    assert key["worst_customer"].value == "Zhao"
    # Means: importance 30.5 / 6 = 5.083, performance 28.4 / 6 = 4.733.
    assert key["quadrants"].value == {"waiting time": "urgent improvement", "staff courtesy": "competitive advantage",
                                      "fees": "urgent improvement", "decor": "icing on the cake",
                                      "parking": "secondary improvement", "app": "icing on the cake"}


def test_trust_loyalty_and_retention_keys_by_hand():
    trust = _key("trust")
    assert trust["strengths"].value == {"Chen": "strong", "Liu": "weak", "Sun": "semi-strong", "Zhou": "semi-strong"}
    assert trust["stays"].value is True  # 0.3 ≤ 0.4
    assert _close(trust["retained_before"], 0.35 + 0.15)  # weak leave; semi-strong stay (0.6 ≤ 0.7); strong stay
    assert _close(trust["retained_after"], 0.4 + 0.3)
    assert trust["level"].value == "affective"
    loyalty = _key("loyalty")
    assert loyalty["segment_c03"].value == "latent loyalty"  # attitude 9 ≥ 6, repeat 0.3 < 0.5
    assert _close(loyalty["n_spurious"], 2)  # c02 (3, 0.9) and c07 (4, 0.7)
    assert _close(loyalty["share_loyal"], 3 / 8)  # c01, c04 and c06 (6 and 0.5 sit on the cuts: high)
    assert _close(loyalty["retention_4"], (0.80 + 0.85) / 2)
    assert _close(loyalty["people_reached"], 2 * 30 * 10)
    retention = _key("retention")
    assert _close(retention["clv"], 120 / (1 + 0.08 - 0.75))  # 363.64
    assert _close(retention["clv_3"], 120 / 1.08 + 120 * 0.75 / 1.08**2 + 120 * 0.75**2 / 1.08**3)  # 241.86
    assert _close(retention["net_clv"], 120 / 0.33 - 150)
    assert _close(retention["uplift"], 0.33 / 0.28 - 1)  # m/(1+d−r) at r = 0.80 over r = 0.75
    # 10,000 → 9,000 → 8,250 → 7,687.5 → 7,265.625 → 6,949.22 (× 0.75 + 1,500 each year)
    assert _close(retention["customers_5"], 6949.21875)
    assert _close(retention["steady"], 1500 / 0.25)


def test_cdnow_key_against_the_raw_file():
    """Recompute from the raw text file in the lifetimes package, without crmlab.data."""
    package = Path(importlib.util.find_spec("lifetimes").origin).parent  # located, not imported
    raw = pd.read_csv(package / "datasets" / "CDNOW_master.txt", sep=r"\s+", header=0,
                      names=["id", "date", "cds", "dollars"])
    key = _key("cdnow")
    assert raw["id"].nunique() == key["n_customers"].value == 23_570  # Fader, Hardie & Lee (2005)
    days = raw.groupby("id")["date"].nunique()
    assert key["repeat_share"].value == pytest.approx((days > 1).sum() / 23_570)
    later = raw[(raw["date"] >= 19970701) & (raw["date"] <= 19980630)]
    retained = later["id"].nunique()
    assert key["retention"].value == pytest.approx(retained / 23_570)
    assert key["spend"].value == pytest.approx(later["dollars"].sum() / retained)
    r, m = retained / 23_570, 0.3 * later["dollars"].sum() / retained
    assert key["clv"].value == pytest.approx(m / (1 + 0.1 - r))
    totals = np.sort(raw.groupby("id")["dollars"].sum().to_numpy())[::-1]
    assert key["top_share"].value == pytest.approx(totals[:2357].sum() / totals.sum())


@pytest.mark.parametrize(("expect", "got", "ok"), [
    (Expect.number(520), 520.004, True),
    (Expect.number(520), 520.02, False),
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
