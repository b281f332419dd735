"""Trust strengths and levels (the student slides 《顾客信任》) and the loyalty matrices of the loyalty lecture."""

import pandas as pd
import pytest

from crmlab.loyalty import loyalty_segment
from crmlab.trust import share_retained, stays_after_breach, trust_level, trust_strength


def test_breach_response_follows_the_slides():
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


def test_loyalty_zones_follow_the_lecture_figure():
    from crmlab.loyalty import LOYALTY_ZONES_ZH, loyalty_zone
    # Figure 6.2: 1 不表达/期望 冷淡区, 2 表达/期望 满意区, 3 表达/不期望 愉悦区, 4 不表达/不期望 忠诚区.
    assert LOYALTY_ZONES_ZH[loyalty_zone(expects=True, expresses=False)] == "冷淡区"
    assert LOYALTY_ZONES_ZH[loyalty_zone(expects=True, expresses=True)] == "满意区"
    assert LOYALTY_ZONES_ZH[loyalty_zone(expects=False, expresses=True)] == "愉悦区"
    assert LOYALTY_ZONES_ZH[loyalty_zone(expects=False, expresses=False)] == "忠诚区"
    with pytest.raises(TypeError, match="expects must be True or False, got 'yes'"):
        loyalty_zone("yes", True)


def test_diamond_segments_after_knox():
    from crmlab.loyalty import DIAMOND_SEGMENTS_ZH, diamond_segment
    # Involvement cut 5, brands cut 3 (3 or more brands is "many"): (8, 1) loyal; (8, 3) multi-brand;
    # (4.9, 2) habitual; (5, 0) loyal (on the cut = high involvement); (1, 7) switcher.
    styles = diamond_segment(pd.Series([8, 8, 4.9, 5, 1]), pd.Series([1, 3, 2, 0, 7]), 5, 3)
    assert [DIAMOND_SEGMENTS_ZH[s] for s in styles] == ["忠诚者", "多品牌购买者", "习惯性购买者", "忠诚者",
                                                        "品牌转换者"]
    with pytest.raises(ValueError, match="brands must be in"):
        diamond_segment(5, -1, 5, 3)
    with pytest.raises(ValueError, match="same length"):
        diamond_segment([1, 2], [1], 5, 3)


def test_compound_defection():
    from crmlab.loyalty import compound_defection
    # 1 - 0.98^12 = 1 - 0.78472 = 0.21528; 1 - 0.5^2 = 0.75; one period is the rate itself.
    assert compound_defection(0.02, 12) == pytest.approx(1 - 0.98 ** 12)
    assert compound_defection(0.5, 2) == pytest.approx(0.75)
    assert compound_defection(0.3, 1) == pytest.approx(0.3)
    with pytest.raises(ValueError, match="periods must be a whole number"):
        compound_defection(0.1, 0)


def test_the_dick_basu_items_of_corp_rep_measure_what_they_claim():
    # The construct choice is checked against the data card's wording: the attitude items compare the firm with
    # other companies; the patronage stand-in is an intention to remain a customer.
    from crmlab import data
    from crmlab.loyalty import CORP_REP_INTENTION, CORP_REP_RELATIVE_ATTITUDE
    columns = data.card("corp_rep").columns
    assert all("than other companies" in columns[item]["meaning"] for item in CORP_REP_RELATIVE_ATTITUDE)
    assert "remain a customer" in columns[CORP_REP_INTENTION]["meaning"]
