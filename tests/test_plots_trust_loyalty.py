"""Figures of chapters 3–5 (trust, loyalty, retention) show what crmlab computes; new retention inverses.

Expected values are worked by hand in the comments, not copied from the code's output.
"""

import numpy as np
import pandas as pd
import pytest

from crmlab.loyalty import loyalty_segment
from crmlab.plots.loyalty import (
    ILLUSTRATIVE_PROFIT,
    plot_dick_basu,
    plot_profit_over_years,
    plot_satisfaction_loyalty,
    satisfaction_loyalty_schematic,
)
from crmlab.plots.retention import plot_leaky_bucket, plot_retention_uplift
from crmlab.plots.trust import (
    TRUST_MODEL_ARROWS,
    plot_breach_response,
    plot_trust_levels,
    plot_trust_model,
    plot_trust_strengths,
)
from crmlab.retention import (
    leaky_bucket,
    margin_growth_for_uplift,
    retention_for_uplift,
    retention_uplift,
)

# ---- retention inverses -------------------------------------------------------------------------

def test_retention_for_uplift_inverts_the_uplift_formula():
    # u = p / (1 + d - r - p): with d = 0.1, p = 0.05, u = 0.15 → 1.05 - r = 0.05 / 0.15 = 1/3 → r = 0.71667
    assert retention_for_uplift(0.15, 0.1) == pytest.approx(1.05 - 1 / 3)
    # and the forward formula agrees: retention_uplift(0.71667, 0.1) = 0.05 / (1.1 - 0.76667) = 0.15
    assert retention_uplift(1.05 - 1 / 3, 0.1) == pytest.approx(0.15)


def test_plus_85_percent_needs_a_low_discount_rate_under_constant_margins():
    # At d = 0.1 the largest rise from +5 points is 0.05 / (1.1 - 0.95 - 0.05) = 50 %: +85 % is unreachable.
    with pytest.raises(ValueError, match="no retention rate"):
        retention_for_uplift(0.85, 0.1)
    # At d = 0.05: r = 1.05 - 0.05 - 0.05 / 0.85 = 1 - 0.0588 = 0.9412
    assert retention_for_uplift(0.85, 0.05) == pytest.approx(1 - 0.05 / 0.85)


def test_margin_growth_for_uplift():
    # 1 + g = u (1 + d) / (p + u (r + p)) = 0.85 × 1.1 / (0.05 + 0.85 × 0.85) = 0.935 / 0.7725 = 1.21036
    assert margin_growth_for_uplift(0.85, 0.8, 0.1) == pytest.approx(0.935 / 0.7725 - 1)
    # with g = 0 the constant-margin rise at r = 0.8, d = 0.1 is 0.05 / (1.1 - 0.85) = 20 %
    assert margin_growth_for_uplift(0.2, 0.8, 0.1) == pytest.approx(0.0, abs=1e-12)


def test_retention_inverse_validation():
    with pytest.raises(ValueError, match=r"uplift must be in \(0, inf\), got -0.1"):
        retention_for_uplift(-0.1, 0.1)
    with pytest.raises(TypeError, match="discount_rate must be a real number"):
        retention_for_uplift(0.2, "10%")
    with pytest.raises(ValueError, match="retention \\+ points must stay below 1"):
        margin_growth_for_uplift(0.5, 0.97, 0.1)


# ---- trust figures ------------------------------------------------------------------------------

def test_trust_levels_shade_the_levels_reached():
    ax = plot_trust_levels(reached="affective")
    bars = ax.patches
    assert [bar.get_gid() for bar in bars] == ["cognitive", "affective", "behavioural"]
    # staircase: heights 1, 2, 3
    assert [bar.get_height() for bar in bars] == [1, 2, 3]
    shaded = [bar.get_facecolor() != bars[2].get_facecolor() for bar in bars]
    assert shaded == [True, True, False]  # cognitive and affective reached, behavioural not
    assert "认知信任" in " ".join(t.get_text() for t in ax.texts)


def test_trust_strength_map_matches_trust_strength():
    ax = plot_trust_strengths(recognition=[0.9, 0.1, 0.5], dependence=[0.1, 0.2, 0.6], resolution=11)
    image = ax.images[0].get_array()
    # grid step 0.1: row = dependence, column = recognition; codes 0 weak, 1 semi-strong, 2 strong
    assert image[0, 0] == 0        # recognition 0, dependence 0: both below 1/3 → weak
    assert image[0, 7] == 2        # recognition 0.7 ≥ 2/3 → strong
    assert image[5, 1] == 1        # recognition 0.1, dependence 0.5 → not weak, not strong → semi-strong
    labels = sorted(collection.get_label() for collection in ax.collections)
    assert labels == ["semi-weak, semi-strong (1)", "strong (1)", "weak (1)"]  # 半弱式半强式信任 by its name


def test_breach_response_line_is_share_retained():
    mix = {"weak": 0.5, "semi-strong": 0.3, "strong": 0.2}
    ax = plot_breach_response(mix, tolerance_ceiling=0.4, resolution=11)
    line = next(line for line in ax.lines if line.get_label() == "share who stay")
    # breach 0: all stay (1.0); 0.1–0.4: semi-strong + strong = 0.5; above 0.4: strong only = 0.2
    expected = [1.0] + [0.5] * 4 + [0.2] * 6
    assert line.get_ydata() == pytest.approx(expected)


def test_trust_model_draws_zhu_2010s_boxes_and_arrows():
    ax = plot_trust_model()
    boxes = {text.get_gid(): text.get_text() for text in ax.texts if text.get_gid()}
    assert set(boxes) == {"capability", "reliability", "honesty", "relationship", "equity"}
    assert "可靠性信任" in boxes["reliability"] and "诚实性信任" in boxes["honesty"]
    # reliability and honesty trust reinforce each other: an arrow each way (seed 003, Zhu 2010)
    assert ("reliability", "honesty") in TRUST_MODEL_ARROWS and ("honesty", "reliability") in TRUST_MODEL_ARROWS
    assert len([a for a in ax.texts if a.get_gid() is None and a.get_text() == ""]) == len(TRUST_MODEL_ARROWS)


def test_trust_figure_validation():
    with pytest.raises(ValueError, match="reached must be one of"):
        plot_trust_levels(reached="loyal")
    with pytest.raises(ValueError, match="give both recognition and dependence"):
        plot_trust_strengths(recognition=[0.5])
    with pytest.raises(ValueError, match=r"recognition must be in \[0, 1\], got 1.5"):
        plot_trust_strengths(recognition=[1.5], dependence=[0.2])
    with pytest.raises(ValueError, match="mix shares must sum to 1"):
        plot_breach_response({"weak": 0.5, "strong": 0.2})
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes or None"):
        plot_trust_levels(ax="axes")


# ---- loyalty figures ----------------------------------------------------------------------------

def test_dick_basu_points_are_placed_by_loyalty_segment():
    attitude = np.array([8, 8, 3, 3, 7])
    repeat = np.array([0.7, 0.2, 0.9, 0.1, 0.5])
    ax = plot_dick_basu(attitude, repeat, attitude_cut=6, repeat_cut=0.5)
    # by hand: (8, .7) loyal; (8, .2) latent; (3, .9) spurious; (3, .1) none; (7, .5) cut counts as high → loyal
    expected = {"loyalty": 2, "latent loyalty": 1, "spurious loyalty": 1, "no loyalty": 1}
    for collection in ax.collections:
        segment = collection.get_label().rsplit(" (", 1)[0]
        offsets = collection.get_offsets()
        assert len(offsets) == expected[segment]
        for x, y in offsets:
            assert loyalty_segment(y, x, 6, 0.5) == segment
    quadrant_labels = {text.get_gid() for text in ax.texts}
    assert quadrant_labels == set(expected)


def test_dick_basu_quadrant_labels_sit_in_their_quadrant():
    ax = plot_dick_basu(attitude_cut=0.5, repeat_cut=0.5)
    for text in ax.texts:
        x, y = text.get_position()
        assert loyalty_segment(y, x, 0.5, 0.5) == text.get_gid()


def test_satisfaction_loyalty_schematic_shape():
    s = np.array([1, 2, 3, 4, 5])
    high = satisfaction_loyalty_schematic(s, "high")
    low = satisfaction_loyalty_schematic(s, "low")
    assert np.all(np.diff(high) > 0) and np.all(np.diff(low) > 0)
    assert np.all(low[:-1] > high[:-1])              # without choice, dissatisfied customers still stay
    assert high[3] < 50 and high[4] == pytest.approx(100)  # with choice, loyalty only when completely satisfied
    ax = plot_satisfaction_loyalty()
    assert "schematic" in ax.get_title()
    assert len(ax.lines) == 2
    with pytest.raises(ValueError, match="competition must be one of 'high', 'low'"):
        satisfaction_loyalty_schematic(3, "medium")


def test_profit_over_years_total_is_the_sum_of_its_sources():
    components = pd.DataFrame({"acquisition cost": [-50, 0, 0], "base profit": [0, 10, 10],
                               "referrals": [0, 0, 5]})
    ax = plot_profit_over_years(components)
    total = next(line for line in ax.lines if line.get_label() == "total profit")
    assert list(total.get_ydata()) == [-50, 10, 15]  # -50; 10; 10 + 5
    referral_bars = [bar for bar in ax.patches if bar.get_height() == 5]
    assert len(referral_bars) == 1 and referral_bars[0].get_y() == 10  # stacked on the base profit
    default = plot_profit_over_years()
    assert "illustrative" in default.get_title()
    assert len(default.patches) == ILLUSTRATIVE_PROFIT.size


def test_loyalty_figure_validation():
    with pytest.raises(ValueError, match="give both attitude and repeat"):
        plot_dick_basu(attitude=[1, 2])
    with pytest.raises(TypeError, match="components must be a pandas DataFrame"):
        plot_profit_over_years([1, 2, 3])
    with pytest.raises(ValueError, match="components has missing values"):
        plot_profit_over_years(pd.DataFrame({"base profit": [1.0, None]}))


# ---- retention figures --------------------------------------------------------------------------

def test_leaky_bucket_plot_shows_leaky_bucket_numbers():
    ax = plot_leaky_bucket(initial=1000, acquired_per_period=100, churn_rate=0.2, periods=3)
    customers = next(line for line in ax.lines if line.get_label() == "customers")
    # 1000 → 1000·0.8 + 100 = 900 → 820 → 756
    assert list(customers.get_ydata()) == pytest.approx([1000, 900, 820, 756])
    assert list(customers.get_ydata()) == pytest.approx(list(leaky_bucket(1000, 100, 0.2, 3)["customers"]))
    steady = next(line for line in ax.lines if line.get_label().startswith("steady state"))
    assert steady.get_ydata()[0] == pytest.approx(500)  # 100 / 0.2
    lost = sorted(bar.get_height() for bar in ax.patches if bar.get_facecolor()[0] > 0.9)
    assert lost == pytest.approx([164, 180, 200])  # 20 % of 1000, 900, 820


def test_leaky_bucket_without_churn_has_no_steady_state_line():
    ax = plot_leaky_bucket(initial=0, acquired_per_period=10, churn_rate=0, periods=2)
    assert not any(line.get_label().startswith("steady state") for line in ax.lines)


def test_retention_uplift_curve():
    ax = plot_retention_uplift(0.1, claims={"+15 % (seed 002)": 0.15}, low=0.5, high=0.9)
    curve = ax.lines[0]
    # at r = 0.8: 0.05 / (1.1 - 0.85) = 20 %
    at_80 = np.interp(80, curve.get_xdata(), curve.get_ydata())
    assert at_80 == pytest.approx(20, abs=0.05)
    assert ax.lines[1].get_ydata()[0] == pytest.approx(15)


def test_retention_figure_validation():
    with pytest.raises(ValueError, match=r"churn_rate must be in \[0, 1\], got 1.2"):
        plot_leaky_bucket(100, 10, 1.2, 5)
    with pytest.raises(ValueError, match="high \\+ points < 1"):
        plot_retention_uplift(0.1, points=0.05, high=0.96)
    with pytest.raises(TypeError, match=r"claims\['x'\] must be a real number"):
        plot_retention_uplift(0.1, claims={"x": "85%"})


# ---- loyalty measures (crmlab.loyalty additions) ------------------------------------------------

def test_share_of_wallet():
    from crmlab.loyalty import share_of_wallet
    # 300 of 1,200 spent in the category goes to the firm: 300 / 1200 = 0.25
    assert share_of_wallet(300, 1200) == pytest.approx(0.25)
    shares = share_of_wallet(pd.Series([450, 0], index=["Li", "Wang"]), pd.Series([500, 80], index=["Li", "Wang"]))
    assert shares.to_dict() == pytest.approx({"Li": 0.9, "Wang": 0.0})  # 450/500; 0/80
    with pytest.raises(ValueError, match="firm_spend cannot exceed category_spend"):
        share_of_wallet([100, 900], [200, 800])
    with pytest.raises(ValueError, match=r"category_spend must be in \(0, inf\), got 0"):
        share_of_wallet(0, 0)
    with pytest.raises(ValueError, match="same length"):
        share_of_wallet([1, 2], [3, 4, 5])


def test_defection_cost():
    from crmlab.loyalty import defection_cost
    # 8,000 customers, 25 % leave, a third of them because of the firm's failures, each worth 1,200:
    # 8000 × 0.25 = 2000 leave; 2000 / 3 = 666.7 caused by the firm; × 1200 = 800,000
    assert defection_cost(8000, 0.25, 1 / 3, 1200) == pytest.approx(800_000)
    with pytest.raises(ValueError, match=r"share_caused_by_firm must be in \[0, 1\], got 1.5"):
        defection_cost(100, 0.2, 1.5, 10)


def test_implied_retention():
    from crmlab.retention import implied_retention, lifetime_value
    # $20 of pizza a week = $1,040 a year; undiscounted V = m / (1 - r) = 8000 → r = 1 - 1040/8000 = 0.87
    assert implied_retention(8000, 1040, 0.0) == pytest.approx(0.87)
    # round trip with the forward formula: m = 100, d = 0.1, V = 250 → r = 1.1 - 0.4 = 0.7
    assert implied_retention(250, 100, 0.1) == pytest.approx(0.7)
    assert lifetime_value(100, 0.7, 0.1) == pytest.approx(250)
    # a margin larger than (1 + d) × V cannot be reached: V = 50, m = 100, d = 0.1 → r = 1.1 - 2 = -0.9
    with pytest.raises(ValueError, match="no retention rate in \\[0, 1\\)"):
        implied_retention(50, 100, 0.1)
    with pytest.raises(ValueError, match=r"margin must be in \(0, inf\), got -5"):
        implied_retention(100, -5, 0.1)
