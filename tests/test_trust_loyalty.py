"""Trust strengths and levels (seed 000) and the Dick & Basu loyalty matrix."""

import pandas as pd
import pytest

from crmlab.loyalty import loyalty_segment
from crmlab.trust import share_retained, stays_after_breach, trust_level, trust_strength


def test_breach_response_follows_the_seed():
    # Weak trust: may betray at any time, so any breach loses the customer.
    assert stays_after_breach("weak", 0.0) and not stays_after_breach("weak", 0.01)
    # Semi-strong: stays while the breach is within the tolerance ceiling (容忍上限).
    assert stays_after_breach("semi-strong", 0.4, tolerance_ceiling=0.4)
    assert not stays_after_breach("semi-strong", 0.41, tolerance_ceiling=0.4)
    # Strong: forgives even the worst breach.
    assert stays_after_breach("strong", 1.0, tolerance_ceiling=0.0)


def test_share_retained_adds_up_the_segments_that_stay():
    mix = {"weak": 0.5, "semi-strong": 0.3, "strong": 0.2}
    assert share_retained(mix, breach=0.0) == pytest.approx(1.0)
    assert share_retained(mix, breach=0.3, tolerance_ceiling=0.5) == pytest.approx(0.5)
    assert share_retained(mix, breach=0.8, tolerance_ceiling=0.5) == pytest.approx(0.2)


def test_trust_validation():
    with pytest.raises(ValueError, match="strength must be one of 'weak', 'semi-strong', 'strong'; got 'medium'"):
        stays_after_breach("medium", 0.1)
    with pytest.raises(ValueError, match=r"breach must be in \[0, 1\], got 1.5"):
        stays_after_breach("weak", 1.5)
    with pytest.raises(ValueError, match="sum to 1"):
        share_retained({"weak": 0.5}, 0.1)
    with pytest.raises(ValueError, match="low must not exceed high"):
        trust_strength(0.5, 0.5, low=0.8, high=0.2)


def test_trust_strength_classes():
    assert trust_strength(0.9, 0.0) == "strong"
    assert trust_strength(0.1, 0.1) == "weak"
    assert trust_strength(0.1, 0.5) == "semi-strong"  # dependence (switching cost) keeps them semi-strong
    assert trust_strength(2 / 3, 0) == "strong"


def test_trust_levels_build_on_each_other():
    assert trust_level(False, False, False) is None
    assert trust_level(True, False, True) == "cognitive"
    assert trust_level(True, True, True) == "behavioural"
    with pytest.raises(TypeError, match="fits_needs must be True or False"):
        trust_level(1, True, True)


def test_dick_basu_segments_with_ties_high():
    assert loyalty_segment(6, 0.5, 6, 0.5) == "loyalty"
    frame = pd.DataFrame({"attitude": [9, 9, 2, 2], "repeat": [0.9, 0.1, 0.9, 0.1]}, index=list("abcd"))
    segments = loyalty_segment(frame["attitude"], frame["repeat"], attitude_cut=5, repeat_cut=0.5)
    assert segments.to_dict() == {"a": "loyalty", "b": "latent loyalty", "c": "spurious loyalty",
                                  "d": "no loyalty"}


def test_dick_basu_validation():
    with pytest.raises(ValueError, match="same length"):
        loyalty_segment([1, 2], [1], 1, 1)
    with pytest.raises(TypeError, match="attitude_cut must be a real number"):
        loyalty_segment(1, 1, "high", 1)
