"""The case calculators (crmlab.case_widgets), driven headlessly: set a control, read what is shown.

Each test sets a control's value from Python, as a reader moving a slider
would, and checks that the sentence shown changed to the number crmlab
computes; bad input must show a message in the calculator, not raise.
"""

import importlib.util
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from crmlab import case_widgets as cw  # noqa: E402
from crmlab import data  # noqa: E402
from crmlab.loyalty import loyalty_segment  # noqa: E402
from crmlab.plots import cases as case_plots  # noqa: E402
from crmlab.retention import lifetime_value, profit_tiers  # noqa: E402
from crmlab.satisfaction import complaint_outcomes, ipa_quadrant, servqual_score  # noqa: E402
from crmlab.trust import sales_after_shock, share_retained, trust_from_service  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def guest_profit():
    return data.load("oriental_hotel").groupby("guest_id")["profit_usd"].sum()


@pytest.fixture(scope="module")
def mobi():
    return data.load("mobi")


@pytest.fixture(scope="module")
def pg_survey():
    return data.load("pg_survey")


# --- Oriental Hotel

def test_guest_journey_follows_the_case_and_reacts_to_each_detail():
    calc = cw.guest_journey_calculator()
    # Every detail ticked, as in the case: cognitive → affective → behavioural.
    assert "after the postcard: behavioural trust" in calc.sentence
    calc.controls["postcard"].value = False
    # No postcard: personalised and timely but not kept in touch → affective (trust_from_service(True, True, False)).
    assert trust_from_service(True, True, False) == "affective"
    assert "after the postcard: affective trust" in calc.sentence
    calc.controls["postcard"].value = True
    calc.controls["side_dish"].value = False
    assert "after stay 2: cognitive" in calc.sentence
    assert calc.error == ""


def test_guest_value_shows_crmlab_lifetime_value(guest_profit):
    calc = cw.guest_value_calculator(guest_profit)
    # Start: m = 300, r = 0.8, d = 0.08: 300 / (1.08 − 0.8) = 1,071.4 → "1,071".
    assert "worth 1,071 dollars today" in calc.sentence
    calc.controls["retention"].value = 0.55
    assert f"worth {lifetime_value(300, 0.55, 0.08):,.0f} dollars" in calc.sentence  # 300 / 0.53 = 566
    calc.controls["years"].value = 3
    assert f"worth {lifetime_value(300, 0.55, 0.08, periods=3):,.0f} dollars today over 3 years" in calc.sentence
    calc.controls["top_share"].value = 0.5
    tiers = profit_tiers(guest_profit, shares=(0.5, 0.5), labels=("top", "rest"))
    top = tiers.loc[tiers["tier"] == "top", "profit"].sum() / tiers["profit"].sum()
    assert f"The top 50% of guests bring {top:.0%}" in calc.sentence


# --- Shuanghui

def test_trust_shock_shows_share_retained():
    calc = cw.trust_shock_calculator()
    # Assumed Shuanghui mix, breach 0.7 above the ceiling 0.6: only the 25 % with strong trust stay.
    assert "25% of customers keep buying (strong)" in calc.sentence
    calc.controls["breach"].value = 0.5
    # 0.5 ≤ 0.6: semi-strong stay too, 0.30 + 0.25 = 0.55.
    expected = share_retained({"weak": 0.45, "semi-strong": 0.30, "strong": 0.25}, 0.5, 0.6)
    assert expected == pytest.approx(0.55)
    assert f"{expected:.0%} of customers keep buying" in calc.sentence


def test_sales_recovery_reproduces_the_seed_figure_and_reacts():
    calc = cw.sales_recovery_calculator()
    # Calibrated response: 1,500 million yuan lost from 15 to 31 March (seed 000: "影响销售15亿多").
    assert "1,500 million yuan of sales lost in the first 17 days" in calc.sentence
    calc.controls["response"].value = "no response"
    lost = sales_after_shock(1000 / 7, 0.25, cw.RESPONSES["no response"], 16)["lost"].sum()
    assert f"{lost:,.0f} million yuan of sales lost" in calc.sentence
    calc.controls["response"].value = "Sanlu 2008: the firm collapses"
    # Sanlu keeps its own 5 % (its trust mix) and nobody returns: 0.95 of 1,000/7 a day lost for 17 days = 2,307.
    assert "2,307 million yuan of sales lost" in calc.sentence and "never get back to 90 %" in calc.sentence


def test_calibrated_rate_matches_the_data_generator():
    spec = importlib.util.spec_from_file_location("shuanghui_generate",
                                                  ROOT / "datasets" / "shuanghui_sales" / "generate.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert cw.RESPONSES["gestures only (what Shuanghui did; calibrated)"] == pytest.approx(
        generator.calibrated_recovery(), abs=1e-4)
    assert generator.MIX == {k: cw.SHUANGHUI_2011[k] for k in ("weak", "semi-strong", "strong")}


# --- Coca-Cola

def test_complaint_calculator_shows_complaint_outcomes():
    calc = cw.complaint_calculator()
    # V = 1000, s = 0.05: 945 + 500 = 1,445 handled; 25 − 1,100 = −1,075 mishandled; difference 2,520.
    assert "worth 1,445 yuan" in calc.sentence and "2,520 yuan" in calc.sentence
    calc.controls["swayed"].value = 0.1
    assert f"{complaint_outcomes(1000, 0.1)['difference']:,.0f} yuan" in calc.sentence  # 4,120
    calc.controls["mishandled_tells"].value = 8
    # other slide: 945 + 1,000 = 1,945; 25 − 800 = −775; difference 2,720
    assert "Handling it well is worth 2,720 yuan" in calc.sentence


def test_loyalty_segments_on_real_data(mobi):
    calc = cw.loyalty_segments_calculator(mobi)
    calc.controls["attitude_cut"].value = 5.5
    segments = loyalty_segment(mobi[["CUSA1", "CUSA2", "CUSA3"]].mean(axis=1), mobi["CUSL1"], 5.5, 7)
    assert f"{(segments == 'loyalty').mean():.0%} loyalty" in calc.sentence
    assert f"{(segments == 'spurious loyalty').mean():.0%} spurious loyalty" in calc.sentence


# --- Procter & Gamble

def test_servqual_gap_calculator_shows_servqual_score(pg_survey):
    calc = cw.servqual_gap_calculator(pg_survey)
    p, e, i = cw.survey_frames(pg_survey)
    before = servqual_score(p, e, i.mean()).mean()
    assert f"{before:+.3f} now" in calc.sentence
    calc.controls["attribute"].value = "after_sale_care"
    calc.controls["improvement"].value = 1.0
    improved = p.copy()
    improved["after_sale_care"] = (improved["after_sale_care"] + 1).clip(1, 7)
    assert f"{servqual_score(improved, e, i.mean()).mean():+.3f} if" in calc.sentence
    calc.controls["weighting"].value = "equal weights"
    assert f"{servqual_score(improved, e).mean():+.3f} if" in calc.sentence
    # Its chart is drawn from generated answers: a screen-reader user is told so too.
    assert "alt='Bar chart of the P − E gap of each pillar in the simulated survey." in calc.figure.value


def test_ipa_map_calculator_shows_ipa_quadrants(pg_survey):
    p, _, i = cw.survey_frames(pg_survey)
    calc = cw.ipa_map_calculator({"simulated": (i.mean(), p.mean())})
    urgent = ipa_quadrant(i.mean(), p.mean())
    assert ", ".join(urgent.index[urgent == "urgent improvement"]) in calc.sentence
    calc.controls["importance_cut"].value = "6"
    quadrants = ipa_quadrant(i.mean(), p.mean(), importance_cut=6)
    expected = ", ".join(quadrants.index[quadrants == "urgent improvement"]) or "nothing"
    assert f"urgent improvement, 急需改进区): {expected};" in calc.sentence


BAD_INPUT = [  # calculator, control, a bad value, the message crmlab's validation gives, a good value
    ("guest_value", "discount_rate", -2, "discount_rate must be in (-1, inf), got -2", 0.08),
    ("trust_shock", "weak", 0.9, "mix shares must sum to 1, got 1.45", 0.45),  # 0.9 + 0.30 + 0.25
    ("sales_recovery", "baseline_week", -5, "baseline_week must be in (0, inf), got -5", 1000),
    ("complaint", "swayed", 1.5, "swayed must be in [0, 1], got 1.5", 0.05),
    ("loyalty_segments", "repeat_cut", 11, "repeat cut must be in [1, 10], got 11", 7),
    ("servqual_gaps", "improvement", 9, "improvement must be in [-6, 6], got 9", 0),
    ("ipa_map", "importance_cut", "high", "importance cut must be 'mean' or a number, got 'high'", "mean"),
]


@pytest.mark.parametrize(("name", "control", "bad", "message", "good"), BAD_INPUT)
def test_bad_input_shows_a_message_not_a_traceback(name, control, bad, message, good, guest_profit, mobi,
                                                   pg_survey):
    p, _, i = cw.survey_frames(pg_survey)
    make = {"guest_value": lambda: cw.guest_value_calculator(guest_profit),
            "trust_shock": cw.trust_shock_calculator, "sales_recovery": cw.sales_recovery_calculator,
            "complaint": cw.complaint_calculator, "loyalty_segments": lambda: cw.loyalty_segments_calculator(mobi),
            "servqual_gaps": lambda: cw.servqual_gap_calculator(pg_survey),
            "ipa_map": lambda: cw.ipa_map_calculator({"simulated": (i.mean(), p.mean())})}[name]
    calc = make()
    calc.controls[control].value = bad
    assert message in calc.error
    assert calc.sentence == ""
    calc.controls[control].value = good
    assert calc.error == "" and calc.sentence


def test_calculator_tables_use_the_same_functions():
    table = cw.trust_shock_calculator().table()
    assert table.loc["Sanlu 2008 (illustrative)", "share who keep buying"] == "5%"  # the 5 % with strong trust
    recovery = cw.sales_recovery_calculator().table()
    assert recovery.loc["gestures only (what Shuanghui did; calibrated)",
                        "lost in the first 17 days (million yuan)"] == 1500
    assert recovery.loc["Sanlu 2008: the firm collapses", "days to 90 %"] == "never"
    # 25 % retained, g = 0.0249: 0.75 × 0.9751^t ≤ 0.1 ⇔ t ≥ ln(0.1333)/ln(0.9751) = 79.9 → 80 days
    assert recovery.loc["gestures only (what Shuanghui did; calibrated)", "days to 90 %"] == 80


def test_calculators_reject_wrong_data():
    with pytest.raises(TypeError, match="guest_profit must be a pandas Series"):
        cw.guest_value_calculator([1, 2, 3])
    with pytest.raises(ValueError, match="missing"):
        cw.loyalty_segments_calculator(pd.DataFrame({"CUSL1": [1, 2]}))
    with pytest.raises(ValueError, match="no P_"):
        cw.survey_frames(pd.DataFrame({"X_a": [1]}))


# --- check_answer

def test_check_answer_verdicts(capsys):
    cw.check_answer(None, 1071.43)
    assert "Replace None" in capsys.readouterr().out
    cw.check_answer(1071.4, lifetime_value(300, 0.8, 0.08))  # 300 / 0.28 = 1071.43, within 1 %
    assert "Correct" in capsys.readouterr().out
    cw.check_answer(1200, lifetime_value(300, 0.8, 0.08))
    assert "Not yet" in capsys.readouterr().out
    cw.check_answer("a lot", 5)
    assert "must be a number" in capsys.readouterr().out
    cw.check_answer(0.004, 0.0)  # expected 0: tolerance is absolute (0.01)
    assert "Correct" in capsys.readouterr().out
    cw.check_answer(81, 80, tolerance=0)
    assert "Not yet" in capsys.readouterr().out


# --- case figures

def test_case_plots_draw_and_validate():
    ax = case_plots.plot_trust_journey([("stay 1", "cognitive"), ("stay 2", None)])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["stay 1", "stay 2"]
    with pytest.raises(ValueError, match="must be one of"):
        case_plots.plot_trust_journey([("stay 1", "total")])
    ax = case_plots.plot_profit_tiers(profit_tiers(pd.Series([5.0, 3.0, 2.0])))
    assert "tier A" in ax.get_legend().get_texts()[0].get_text()
    with pytest.raises(TypeError, match="profit_tiers"):
        case_plots.plot_profit_tiers(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="same length"):
        case_plots.plot_sales_shock([0, 1], [1.0], [1.0, 1.0])
    ax = case_plots.plot_complaint_outcomes(complaint_outcomes(1000, 0.1))
    assert "4,120" in ax.get_title()
    with pytest.raises(TypeError, match="non-empty pandas Series"):
        case_plots.plot_servqual_gaps(pd.Series(dtype=float))
