"""The satisfaction and value figures draw what the formulas compute, and reject bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmlab.plots.satisfaction import (
    csi_model_chart,
    ipa_chart,
    q_model_chart,
    retention_chart,
    servqual_gap_chart,
)
from crmlab.plots.value import delivered_value_waterfall, target_cost_chart, value_delivery_chain
from crmlab.satisfaction import Q_OUTCOMES

IMPORTANCE = pd.Series({"price": 9, "speed": 8, "decor": 3, "music": 2})
PERFORMANCE = pd.Series({"price": 4, "speed": 9, "decor": 8, "music": 3})


def points_by_quadrant(ax):
    """quadrant label -> set of (performance, importance) points drawn in that colour group."""
    return {c.get_label(): {tuple(p) for p in c.get_offsets().tolist()} for c in ax.collections}


def test_ipa_points_sit_in_the_quadrants_worked_by_hand():
    # Mean importance (9+8+3+2)/4 = 5.5, mean performance (4+9+8+3)/4 = 6.
    # price: 9 ≥ 5.5, 4 < 6 → urgent improvement; speed: 8 ≥ 5.5, 9 ≥ 6 → competitive advantage;
    # decor: 3 < 5.5, 8 ≥ 6 → icing on the cake; music: 2 < 5.5, 3 < 6 → secondary improvement.
    ax = ipa_chart(IMPORTANCE, PERFORMANCE)
    assert points_by_quadrant(ax) == {
        "urgent improvement": {(4.0, 9.0)},
        "competitive advantage": {(9.0, 8.0)},
        "icing on the cake": {(8.0, 3.0)},
        "secondary improvement": {(3.0, 2.0)},
    }
    # Cross-hairs at the means.
    assert ax.lines[0].get_xdata()[0] == 6.0 and ax.lines[1].get_ydata()[0] == 5.5


def test_ipa_cuts_move_points_between_quadrants():
    # With a performance cut of 8.5 only speed (9) is "high"; decor (8) drops to secondary improvement.
    # With an importance cut of 8.5 only price (9) is "high"; speed (8) becomes icing on the cake.
    ax = ipa_chart(IMPORTANCE, PERFORMANCE, importance_cut=8.5, performance_cut=8.5)
    assert points_by_quadrant(ax) == {
        "urgent improvement": {(4.0, 9.0)},
        "icing on the cake": {(9.0, 8.0)},
        "secondary improvement": {(8.0, 3.0), (3.0, 2.0)},
    }
    assert ax.lines[0].get_xdata()[0] == 8.5 and ax.lines[1].get_ydata()[0] == 8.5


def test_ipa_quadrant_labels_are_bilingual_and_in_the_right_corners():
    ax = ipa_chart(IMPORTANCE, PERFORMANCE)
    labels = {t.get_gid().split(":", 1)[1]: t for t in ax.texts if (t.get_gid() or "").startswith("quadrant-label")}
    assert set(labels) == {"urgent improvement", "secondary improvement", "competitive advantage",
                           "icing on the cake"}
    # Seed 004's Chinese names with Martilla & James's (1977) labels.
    assert "急需改进区" in labels["urgent improvement"].get_text()
    assert "Concentrate here" in labels["urgent improvement"].get_text()
    assert "锦上添花区" in labels["icing on the cake"].get_text()
    assert "Possible overkill" in labels["icing on the cake"].get_text()
    # High importance is up, high performance is right.
    assert labels["urgent improvement"].get_position() == (0.02, 0.98)
    assert labels["icing on the cake"].get_position() == (0.98, 0.02)
    annotated = {t.get_text() for t in ax.texts if t.get_gid() is None}
    assert annotated == {"price", "speed", "decor", "music"}


def test_ipa_chart_accepts_plain_sequences_and_draws_on_a_given_axes():
    fig, ax = plt.subplots()
    returned = ipa_chart([5, 1], [1, 5], ax=ax)
    assert returned is ax
    # Means 3 and 3: (perf 1, imp 5) urgent; (perf 5, imp 1) icing on the cake.
    assert points_by_quadrant(ax) == {"urgent improvement": {(1.0, 5.0)}, "icing on the cake": {(5.0, 1.0)}}


@pytest.mark.parametrize("kwargs, error, message", [
    ({"importance": [1, 2], "performance": [1, 2, 3]}, ValueError, "same attributes"),
    ({"importance": [1, float("nan")], "performance": [1, 2]}, ValueError, "importance must be finite"),
    ({"importance": ["high", "low"], "performance": [1, 2]}, TypeError, "importance must contain real numbers"),
    ({"importance": [1, 2], "performance": [1, 2], "importance_cut": "mean"}, TypeError, "importance_cut"),
    ({"importance": [1, 2], "performance": [1, 2], "ax": "left"}, TypeError, "ax must be a matplotlib Axes"),
])
def test_ipa_chart_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        ipa_chart(**kwargs)


def region_at(ax, expected, perceived):
    """The outcome colour code of the Q1/Q0 map at a point, read back from the drawn image."""
    image = ax.images[0]
    data = np.asarray(image.get_array())
    low, high = image.get_extent()[:2]
    column = round((expected - low) / (high - low) * (data.shape[1] - 1))
    row = round((perceived - low) / (high - low) * (data.shape[0] - 1))
    return Q_OUTCOMES[data[row, column]]


def test_q_model_map_regions_follow_the_reconstructed_reading():
    # Seed 002, fig. 6.4 as reconstructed: Q1 > Q0 (beyond the tolerance) → highly satisfied,
    # |Q1 − Q0| ≤ tolerance → satisfied, Q1 < Q0 → dissatisfied.
    ax = q_model_chart(tolerance=0.5)
    assert region_at(ax, expected=3, perceived=6) == "highly satisfied"
    assert region_at(ax, expected=5, perceived=5.4) == "satisfied"
    assert region_at(ax, expected=5, perceived=4.6) == "satisfied"
    assert region_at(ax, expected=8, perceived=6) == "dissatisfied"
    assert region_at(ax, expected=5, perceived=4.0) == "dissatisfied"


def test_q_model_chart_marks_the_bus_riders():
    # Seed 004's bus story: the same standing ride (6 of 10) after expecting to miss the bus (3)
    # and after expecting a seat (8).
    ax = q_model_chart(customers={"summer": (6, 3), "autumn": (6, 8)})
    texts = sorted(t.get_text() for t in ax.texts if t.get_gid() == "customer")
    assert texts == ["autumn: dissatisfied", "summer: highly satisfied"]
    regions = {t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("region:")}
    assert regions == {"region:highly satisfied", "region:satisfied", "region:dissatisfied"}


@pytest.mark.parametrize("kwargs, error, message", [
    ({"tolerance": -1}, ValueError, r"tolerance must be in \[0, inf\)"),
    ({"scale": (10, 0)}, ValueError, "low < high"),
    ({"scale": [0, 10]}, TypeError, "scale must be a"),
    ({"customers": {"x": 6}}, TypeError, r"customers\['x'\] must be a \(perceived, expected\) tuple"),
    ({"customers": {"x": (12, 3)}}, ValueError, r"customers\['x'\] perceived must be in \[0, 10\]"),
])
def test_q_model_chart_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        q_model_chart(**kwargs)


def test_retention_chart_draws_the_seed_table():
    # Seed 004: 5 → 92–97 %, 4 → 80–85 %, 3 → 60–65 %, 2 → 15–20 %, 1 → 0–5 %.
    ax = retention_chart(highlight=2)
    solid = [p for p in ax.patches if not p.get_hatch()]
    caps = [p for p in ax.patches if p.get_hatch()]
    assert [round(p.get_height(), 2) for p in solid] == [0.0, 0.15, 0.60, 0.80, 0.92]
    assert [(round(p.get_y(), 2), round(p.get_y() + p.get_height(), 2)) for p in caps] == [
        (0.0, 0.05), (0.15, 0.2), (0.6, 0.65), (0.8, 0.85), (0.92, 0.97)]
    highlighted = [p for p in solid if p.get_facecolor() != solid[0].get_facecolor()]
    assert len(highlighted) == 1 and round(highlighted[0].get_height(), 2) == 0.15
    with pytest.raises(ValueError, match="score must be a whole number from 1 to 5"):
        retention_chart(highlight=6)


OFFER = dict(product=60, service=20, personnel=10, image=10, monetary=50, time=10, energy=5, psychological=5)


def test_waterfall_steps_add_up_to_delivered_value():
    # TCV = 60 + 20 + 10 + 10 = 100; TCC = 50 + 10 + 5 + 5 = 70; CDV = 30.
    ax = delivered_value_waterfall(OFFER)
    bars = ax.patches[:11]
    tops = [round(p.get_y() + p.get_height(), 6) for p in bars]
    # Value steps climb 60 → 80 → 90 → 100, TCV bar 100, cost steps come down 100 → 50 → 40 → 35 → 30.
    assert tops[:5] == [60, 80, 90, 100, 100]
    assert [round(p.get_y(), 6) for p in bars[5:9]] == [50, 40, 35, 30]
    assert [p.get_height() for p in bars[9:]] == [70, 30]
    assert "100 − 70 = 30" in ax.get_title()


def test_waterfall_shows_a_negative_delivered_value_below_zero():
    # An offer that costs more than it gives: TCV 10·4 = 40, TCC 40 + 10 + 5 + 5 = 60 → CDV −20, drawn below 0.
    ax = delivered_value_waterfall(dict(OFFER, product=10, service=10, personnel=10, image=10, monetary=40))
    last = ax.patches[10]
    assert (last.get_y(), last.get_height()) == (0.0, -20.0)


@pytest.mark.parametrize("components, error, message", [
    ([60, 20], TypeError, "components must be a mapping"),
    ({k: v for k, v in OFFER.items() if k != "time"}, ValueError, r"missing \['time'\]"),
    (dict(OFFER, delight=3), ValueError, r"unknown \['delight'\]"),
    (dict(OFFER, monetary=-5), ValueError, r"monetary must be in \[0, inf\)"),
])
def test_waterfall_rejects_bad_input(components, error, message):
    with pytest.raises(error, match=message):
        delivered_value_waterfall(components)


def test_servqual_gap_chart_draws_the_mean_gaps():
    # reliability: mean P (6+4)/2 = 5, mean E (7+4)/2 = 5.5, gap −0.5; empathy: P 5, E (4+6)/2 = 5, gap 0.
    # Equal weights: customer 1 SQ = ((6−7) + (5−4))/2 = 0, customer 2 = ((4−4) + (5−6))/2 = −0.5; mean −0.25.
    p = pd.DataFrame({"reliability": [6, 4], "empathy": [5, 5]})
    e = pd.DataFrame({"reliability": [7, 4], "empathy": [4, 6]})
    ax = servqual_gap_chart(p, e)
    assert [t.get_text() for t in ax.texts] == ["−0.5", "±0"]
    # Attributes read top to bottom in column order.
    ticks = sorted(ax.get_yticklabels(), key=lambda tick: -tick.get_position()[1])
    assert [tick.get_text() for tick in ticks] == ["reliability", "empathy"]
    assert "-0.25" in ax.get_title()
    with pytest.raises(ValueError, match="same attribute columns"):
        servqual_gap_chart(p, e.rename(columns={"empathy": "tangibles"}))


@pytest.mark.parametrize("model, constructs, paths", [
    # SCSB: expectations → value, expectations → satisfaction, value → satisfaction,
    # satisfaction → complaints, satisfaction → loyalty, complaints → loyalty = 6 paths over 5 constructs.
    ("SCSB", {"expectations", "value", "satisfaction", "complaints", "loyalty"}, 6),
    # ACSI adds perceived quality with expectations → quality, quality → value, quality → satisfaction: 9.
    ("ACSI", {"expectations", "quality", "value", "satisfaction", "complaints", "loyalty"}, 9),
    # ECSI adds image → expectations, satisfaction, loyalty: 12.
    ("ECSI", {"image", "expectations", "quality", "value", "satisfaction", "complaints", "loyalty"}, 12),
])
def test_csi_model_chart_constructs_and_paths(model, constructs, paths):
    ax = csi_model_chart(model)
    drawn = {t.get_gid().split(":")[1] for t in ax.texts if (t.get_gid() or "").startswith("construct:")}
    assert drawn == constructs
    assert len([p for p in ax.patches if p.get_gid() == "path"]) == paths


def test_csi_model_chart_rejects_unknown_model():
    with pytest.raises(ValueError, match="model must be one of 'SCSB', 'ACSI', 'ECSI'"):
        csi_model_chart("CCSI")


def test_value_delivery_chain_has_an_order_and_a_delivery_arrow_between_each_pair():
    # Levi's chain (seed 002): 5 stages, so 4 links, each with one order (upstream) and one delivery arrow.
    ax = value_delivery_chain()
    gids = [p.get_gid() for p in ax.patches]
    assert gids.count("order") == 4 and gids.count("delivery") == 4
    assert [t.get_text().split("\n")[0] for t in ax.texts if t.get_gid() == "stage"] == [
        "DuPont", "Milliken", "Levi's", "Sears", "Customer"]
    with pytest.raises(ValueError, match="at least two"):
        value_delivery_chain((("Firm", "maker"),))
    with pytest.raises(TypeError, match=r"stages\[1\] must be a \(name, role\) pair"):
        value_delivery_chain((("Firm", "maker"), "Customer"))


def test_target_cost_chart_splits_the_affordable_price():
    # Price 20, margin 25 %: target cost 20 × 0.75 = 15, margin 5; today's cost 17 → cut 2.
    ax = target_cost_chart(price=20, margin=0.25, current_cost=17)
    assert [float(p.get_height()) for p in ax.patches] == [15.0, 5.0, 17.0]
    assert "cut 2" in [t.get_text() for t in ax.texts]
    # A cost already below target leaves room: 14 vs 15.
    ax = target_cost_chart(price=20, margin=0.25, current_cost=14)
    assert "room 1" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match=r"margin must be in \[0, 1\)"):
        target_cost_chart(price=20, margin=1.5, current_cost=14)
    with pytest.raises(ValueError, match=r"current_cost must be in \[0, inf\)"):
        target_cost_chart(price=20, margin=0.2, current_cost=-1)
