"""The case notebooks' calculators (crmlab.case_widgets), driven headlessly through their ipywidgets form.

Each test sets a control's value from Python, as a reader moving it would,
and checks that the sentence shown changed to the number crmlab computes;
bad input must show crmlab's message in the calculator, not raise.
"""

import importlib.util
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from crmlab import case_widgets as cw  # noqa: E402
from crmlab import data  # noqa: E402
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


def form(calculator):
    widget = calculator.widget()
    assert widget.message is None, widget.message
    return widget


# --- Oriental Hotel

def test_guest_journey_follows_the_case_and_reacts_to_each_detail():
    calc = form(cw.guest_journey_calculator())
    # Every detail ticked, as in the case: cognitive → affective → behavioural.
    assert "after the postcard: behavioural (行为信任) — Mr Yu has become a loyal guest" in calc.sentence
    calc.controls["postcard"].value = False
    # No postcard: personalised and timely but not kept in touch → affective.
    assert trust_from_service(True, True, False) == "affective"
    assert calc.sentence.endswith("after the postcard: affective (情感信任).")
    calc.controls["postcard"].value = True
    calc.controls["side_dish"].value = False  # the timely service is incomplete: stay 2 stays cognitive
    assert "after stay 2: cognitive (认知信任)" in calc.sentence
    calc.controls["fits_needs"].value = False
    assert calc.sentence.startswith("After stay 1: no trust; after stay 2: no trust")
    assert [row["rank"] for row in calc.results["bars"]] == [0, 0, 0]


def test_guest_value_shows_crmlab_lifetime_value(guest_profit):
    calc = form(cw.guest_value_calculator(guest_profit))
    # Start: m = 300, r = 0.8, d = 0.08: 300 / (1.08 − 0.8) = 1,071.4 → "1,071".
    assert "is worth 1,071 dollars today with no horizon" in calc.sentence
    calc.controls["retention_rate"].value = 55
    assert f"worth {lifetime_value(300, 0.55, 0.08):,.0f} dollars" in calc.sentence  # 300 / 0.53 = 566
    calc.controls["years"].value = 3
    assert f"worth {lifetime_value(300, 0.55, 0.08, periods=3):,.0f} dollars today over 3 years" in calc.sentence
    calc.controls["top"].value = 50
    tiers = profit_tiers(guest_profit, shares=(0.5, 0.5), labels=("top", "rest"))
    top = tiers.loc[tiers["tier"] == "top", "profit"].sum() / tiers["profit"].sum()
    assert f"The top 50 % of guests bring {100 * top:.0f} % of the hotel's profit" in calc.sentence


def test_guest_value_needs_a_series():
    assert "guest_profit must be a pandas Series" in cw.guest_value_calculator([1, 2, 3]).failure


# --- Shuanghui

def test_trust_shock_shows_share_retained():
    calc = form(cw.trust_shock_calculator())
    # Assumed Shuanghui mix, breach 0.7 above the ceiling 0.6: only the 25 % with strong trust stay.
    assert "25 % of these customers stay, 75 % defect" in calc.sentence
    calc.controls["breach"].value = 0.5
    # 0.5 ≤ 0.6: semi-strong stay too, 0.30 + 0.25 = 0.55.
    assert share_retained({"weak": 0.45, "semi-strong": 0.30, "strong": 0.25}, 0.5, 0.6) == pytest.approx(0.55)
    assert "55 % of these customers stay" in calc.sentence


def test_sales_recovery_reproduces_the_reported_figure_and_reacts():
    calc = form(cw.sales_recovery_calculator())
    # Calibrated response: 1,500 million yuan lost from 15 to 31 March (the slides 顾客信任: "影响销售15亿多").
    assert "1,500 million yuan of sales lost in the first 17 days" in calc.sentence
    # 25 % retained, g = 0.0249: 0.75 × 0.9751^t ≤ 0.1 ⇔ t ≥ ln(0.1333)/ln(0.9751) = 79.9 → 80 days.
    assert "back to 90 % after 80 days" in calc.sentence
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
    calc = form(cw.complaint_calculator())
    # V = 1000, s = 0.05: 945 + 500 = 1,445 handled; 25 − 1,100 = −1,075 mishandled; difference 2,520.
    assert "worth 1,445 to the firm" in calc.sentence and "worth 2,520" in calc.sentence
    calc.controls["swayed"].value = 10
    assert f"worth {complaint_outcomes(1000, 0.1)['difference']:,.0f}," in calc.sentence  # 4,120
    calc.controls["mishandled_tells"].value = 8
    # the other figure: 945 + 1,000 = 1,945; 25 − 800 = −775; difference 2,720
    assert "Handling it well is worth 2,720, 2.7 times" in calc.sentence


def test_loyalty_segments_in_the_case_start_from_satisfaction_and_cuts_at_7(mobi):
    calc = form(cw.loyalty_segments_calculator(mobi))
    assert calc.values == {"attitude": "satisfaction", "attitude_cut": 7, "repeat_cut": 7}
    calc.controls["attitude_cut"].value = 5.5
    satisfaction = mobi[["CUSA1", "CUSA2", "CUSA3"]].mean(axis=1)
    loyal = int(((satisfaction >= 5.5) & (mobi["CUSL1"] >= 7)).sum())  # plain masks, not crmlab
    spurious = int(((satisfaction < 5.5) & (mobi["CUSL1"] >= 7)).sum())
    assert f"loyalty (忠诚) {loyal} ({100 * loyal / 250:.0f} %)" in calc.sentence
    assert f"spurious loyalty (虚假忠诚) {spurious} " in calc.sentence


# --- Procter & Gamble

def test_servqual_gap_calculator_shows_servqual_score(pg_survey):
    calc = form(cw.servqual_gap_calculator(pg_survey))
    p, e, i = cw.survey_frames(pg_survey)
    assert f"{servqual_score(p, e, i.mean()).mean():+.3f} now".replace("-", "−") in calc.sentence
    calc.controls["attribute"].value = "after_sale_care"
    calc.controls["improvement"].value = 1.0
    improved = p.copy()
    improved["after_sale_care"] = (improved["after_sale_care"] + 1).clip(1, 7)
    assert f"{servqual_score(improved, e, i.mean()).mean():+.3f} if".replace("-", "−") in calc.sentence
    calc.controls["weighting"].value = "equal"
    assert f"{servqual_score(improved, e).mean():+.3f} if".replace("-", "−") in calc.sentence


def test_ipa_map_shows_one_ipa_calculator_per_source(pg_survey):
    p, _, i = cw.survey_frames(pg_survey)
    group = cw.ipa_map_calculator({"simulated": (i.mean(), p.mean()), "same, twice": (i.mean(), p.mean())})
    assert [c.name for c in group.calculators] == ["ipa", "ipa"]
    calc = form(group.calculators[0])
    calc.controls["importance_cut"].value = 6
    quadrants = ipa_quadrant(i.mean(), p.mean(), importance_cut=6, performance_cut=calc.values["performance_cut"])
    urgent = ", ".join(quadrants.index[quadrants == "urgent improvement"]) or "—"
    assert calc.sentence.startswith("simulated, cuts at importance 6.00")
    assert f"(“concentrate here”): {urgent}\n" in calc.sentence
    with pytest.raises(TypeError, match="sources must map"):
        cw.ipa_map_calculator({})


BAD_INPUT = [  # calculator, control, a bad value, the message crmlab's validation gives, a good value
    ("trust_shock", "strong", 60, "the shares of weak (45 %) and strong (60 %) trust add up to more than 100 %", 25),
    ("lifetime_value", "retention_rate", 97, "leaves no room for five more points", 80),
    ("defection", "products", 90, "the reasons add up to 120 %", 10),
    ("servqual", "w_tangibles", 0, "weights must not all be 0", 10),
]


@pytest.mark.parametrize(("name", "control", "bad", "message", "good"), BAD_INPUT)
def test_bad_input_shows_a_message_not_a_traceback(name, control, bad, message, good):
    from crmlab import calculators

    make = {"trust_shock": cw.trust_shock_calculator}.get(name) or getattr(calculators, f"{name}_calculator")
    calc = form(make())
    if name == "servqual":
        for dim in ("reliability", "responsiveness", "assurance", "empathy"):
            calc.controls[f"w_{dim}"].value = 0
    calc.controls[control].value = bad
    assert message in calc.message and calc.sentence == ""
    assert "role='alert'" in calc.output.value and "Traceback" not in calc.output.value
    calc.controls[control].value = good
    assert calc.message is None and calc.sentence


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
