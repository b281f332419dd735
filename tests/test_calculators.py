"""Calculators in both forms: the ipywidgets (driven headless from Python) and the static Vega-Lite specs.

Expected numbers are worked by hand in the comments (or, for the real survey,
counted with plain pandas masks independent of crmlab's np.select).
"""

import json
import re

import pandas as pd
import pytest

from crmlab import calculators, widgets
from crmlab.data import load
from crmlab.satisfaction import servqual_gaps


def sentence(calc: widgets.Calculator) -> str:
    """The widget's result text without HTML (lines joined by spaces)."""
    return re.sub(r"<[^>]+>", " ", calc.output.value).replace("&quot;", '"').replace("&#x27;", "'")


def assert_result(calc: widgets.Calculator, *fragments: str) -> None:
    assert calc.message is None, calc.message
    text = " ".join(sentence(calc).split())
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"
    assert calc.figure.value.startswith("<img src='data:image/png;base64,")


def assert_message(calc: widgets.Calculator, fragment: str) -> None:
    assert calc.message is not None and fragment in calc.message
    assert "crmlab-message" in calc.output.value and "Traceback" not in calc.output.value
    assert calc.figure.value == ""


# --- shared plumbing -------------------------------------------------------------------------------------------

def test_fmt_uses_true_minus_and_separators():
    assert calculators.fmt(-1234.5, 1) == "−1,234.5"
    assert calculators.fmt(-0.001, 2) == "0.00"  # no negative zero
    assert calculators.fmt(2920) == "2,920"


def test_calculator_widget_recomputes_and_shows_messages():
    def compute(a, b):
        if b == 0:
            raise ValueError("b must not be 0")
        return widgets.Result(f"a / b = {a / b:g}")

    calc = widgets.Calculator("Division", {"a": widgets.slider("a", "units", 6, 0, 10, 1),
                                           "b": widgets.slider("b", "units", 3, 0, 10, 1)}, compute)
    assert "a / b = 2" in calc.output.value and calc.figure.value == ""
    calc.controls["b"].value = 0
    assert calc.message == "b must not be 0" and "role='alert'" in calc.output.value
    calc.controls["b"].value = 4  # recovers: 6 / 4 = 1.5
    assert calc.message is None and "a / b = 1.5" in calc.output.value
    assert calc.controls["a"].description == "a (units)"


def test_failed_calculator_only_shows_its_message():
    calc = widgets.Calculator.failed("Broken", "table is empty")
    assert calc.controls == {} and calc.message == "table is empty"


# --- servqual_gaps (the new crmlab formula) ------------------------------------------------------------------

def test_servqual_gaps_hand_worked():
    # Weights 1 : 3 normalise to 0.25 / 0.75; gaps 7 − 5 = 2 and 3 − 6 = −3;
    # weighted 0.5 and −2.25, SQ = −1.75.
    gaps = servqual_gaps(pd.Series({"tangibles": 7, "empathy": 3}), {"tangibles": 5, "empathy": 6},
                         weights={"tangibles": 1, "empathy": 3})
    assert gaps["gap"].tolist() == [2.0, -3.0]
    assert gaps["weight"].tolist() == [0.25, 0.75]
    assert gaps["weighted_gap"].tolist() == [0.5, -2.25]
    assert gaps["weighted_gap"].sum() == pytest.approx(-1.75)


def test_servqual_gaps_validates():
    with pytest.raises(ValueError, match="same attributes"):
        servqual_gaps({"a": 1}, {"b": 1})
    with pytest.raises(ValueError, match="must not all be 0"):
        servqual_gaps({"a": 1}, {"a": 2}, weights={"a": 0})


# --- the nine widgets -------------------------------------------------------------------------------------------

def test_delivered_value_widget():
    calc = widgets.delivered_value_widget()
    # Defaults: A = (50+10+5+5) − (40+5+5+0) = 70 − 50 = 20; B = (55+20+5+10) − (50+5+5+0) = 90 − 60 = 30.
    assert_result(calc, "Offer B delivers 10 more units of value (30 vs 20): the customer chooses B.",
                  "Value/cost ratio: A 1.40, B 1.50.")
    calc.controls["b_product"].value = 30  # B = 65 − 60 = 5, so A leads by 15
    assert_result(calc, "Offer A delivers 15 more units of value (20 vs 5): the customer chooses A.",
                  "B 65 − 60 = 5")
    calc.controls["b_product"].value = 45  # B = 80 − 60 = 20: a tie stays with A
    assert_result(calc, "Both offers deliver 20 units of value", "stays with A")
    for name in ("a_monetary", "a_time", "a_energy", "a_psychological"):
        calc.controls[name].value = 0  # no cost at all: the ratio is infinite
    assert_result(calc, "Value/cost ratio: A ∞")


def test_satisfaction_widget():
    calc = widgets.satisfaction_widget()  # Q1 = 6, Q0 = 4: gap 2, ratio 1.5, 6 > 4 + 0.5
    assert_result(calc, "gap Q1 − Q0 = 2.0", "ratio Q1 / Q0 = 1.50", "highly satisfied (高度满意)")
    calc.controls["expected"].value = 8  # gap −2, ratio 6 / 8 = 0.75, 6 < 8 − 0.5
    assert_result(calc, "gap Q1 − Q0 = −2.0", "ratio Q1 / Q0 = 0.75", "dissatisfied (不满意)")
    calc.controls["tolerance"].value = 2.0  # |6 − 8| ≤ 2: satisfied
    assert_result(calc, "tolerance 2.0): satisfied (一般满意)")
    calc.controls["expected"].value = 0  # the ratio is undefined, the gap still works
    assert_result(calc, "gap Q1 − Q0 = 6.0; the ratio form needs Q0 above 0")


def test_servqual_widget():
    calc = widgets.servqual_widget()
    # Weights 10/30/20/20/20 of 100; gaps +0.5, −2, −1, −0.5, −0.5:
    # SQ = 0.05 − 0.6 − 0.2 − 0.1 − 0.1 = −0.95; reliability −0.60 hurts most.
    assert_result(calc, "SQ = Σ W·(P − E) = −0.95", "Reliability hurts most (weighted gap −0.60)")
    calc.controls["w_reliability"].value = 0
    # Weights 10/0/20/20/20 of 70: SQ = (5 − 20 − 10 − 10) / 70 = −0.50; responsiveness −20/70 = −0.29.
    assert_result(calc, "SQ = Σ W·(P − E) = −0.50", "Responsiveness hurts most (weighted gap −0.29)")
    for dim in ("tangibles", "responsiveness", "assurance", "empathy"):
        calc.controls[f"w_{dim}"].value = 0
    assert_message(calc, "must not all be 0")


def test_ipa_widget():
    calc = widgets.ipa_widget()
    calc.controls["importance_cut"].value = 6.2
    calc.controls["performance_cut"].value = 5.1
    # High importance (≥ 6.2): room cleanliness 6.6, price 6.3. High performance (≥ 5.1): cleanliness 5.9,
    # staff 6.3, breakfast 5.8, decor 6.0.
    assert_result(calc, 'Urgent improvement (急需改进区, "concentrate here"): price',
                  "Competitive advantage (竞争优势区, \"keep up the good work\"): room cleanliness",
                  "possible overkill\"): staff friendliness, breakfast, decor",
                  "low priority\"): check-in speed, Wi-Fi, gym")


@pytest.mark.parametrize("table, fragment", [
    (pd.DataFrame(), "table is empty"),
    (pd.DataFrame({"importance": [5.0]}, index=["a"]), "no column 'performance'"),
    (pd.DataFrame({"importance": [5.0, None], "performance": [4.0, 3.0]}, index=["a", "b"]), "missing values"),
    (pd.DataFrame({"importance": ["high"], "performance": [4.0]}), "numbers only"),
])
def test_ipa_bad_tables_show_a_message(table, fragment):
    assert_message(widgets.ipa_widget(table), fragment)
    static = calculators.ipa_calculator(table)
    assert fragment in static.fallback and static.params() == {}


def test_loyalty_segments_widget_on_a_hand_made_survey():
    survey = pd.DataFrame({"CUSL3": [9, 9, 3, 2], "CUSL1": [8, 2, 9, 1]})
    calc = widgets.loyalty_segments_widget(survey)
    # Cuts 8/8: (9, 8) loyal, (9, 2) latent, (3, 9) spurious, (2, 1) none.
    assert_result(calc, "of 4 customers", "loyalty (忠诚) 1 (25 %)", "latent loyalty (潜在忠诚) 1 (25 %)",
                  "spurious loyalty (虚假忠诚) 1 (25 %)", "no loyalty (不忠诚) 1 (25 %)")
    calc.controls["attitude_cut"].value = 10  # nobody's attitude is high: two spurious (repeat 8, 9), two none
    assert_result(calc, "loyalty (忠诚) 0 (0 %)", "spurious loyalty (虚假忠诚) 2 (50 %)",
                  "no loyalty (不忠诚) 2 (50 %)")


def test_loyalty_segments_widget_on_the_mobi_survey():
    mobi = load("mobi")
    calc = widgets.loyalty_segments_widget()
    calc.controls["attitude_item"].value = "CUSA1"
    calc.controls["repeat_cut"].value = 7
    high_a, high_r = mobi["CUSA1"] >= 8, mobi["CUSL1"] >= 7
    counts = {"loyalty (忠诚)": (high_a & high_r).sum(), "latent loyalty (潜在忠诚)": (high_a & ~high_r).sum(),
              "spurious loyalty (虚假忠诚)": (~high_a & high_r).sum(), "no loyalty (不忠诚)": (~high_a & ~high_r).sum()}
    assert sum(counts.values()) == 250
    assert_result(calc, "of 250 customers", *(f"{name} {n} " for name, n in counts.items()))


def test_loyalty_segments_missing_answers_are_counted():
    survey = pd.DataFrame({"CUSL3": [9, None, 3], "CUSL1": [8, 5, None]})
    assert_result(widgets.loyalty_segments_widget(survey), "of 1 customers", "2 customers with a missing answer")
    assert_message(widgets.loyalty_segments_widget(pd.DataFrame({"CUSL3": [float("nan")], "CUSL1": [1.0]})),
                   "no customer answered both")


def test_trust_breach_widget():
    calc = widgets.trust_breach_widget()  # 50 % weak, 30 % semi-strong, 20 % strong; breach 0.4 ≤ ceiling 0.5
    assert_result(calc, "weak trust leaves, semi-strong trust stays, strong trust stays", "50 % of these customers")
    calc.controls["breach"].value = 0.6  # above the ceiling: only the strong 20 % stay
    assert_result(calc, "semi-strong trust leaves", "20 % of these customers stay")
    calc.controls["breach"].value = 0.0  # no breach: everyone stays
    assert_result(calc, "weak trust stays", "100 % of these customers stay")
    calc.controls["weak"].value = 90  # 90 % + 20 % > 100 %
    assert_message(calc, "add up to more than 100 %")


def test_lifetime_value_widget():
    calc = widgets.lifetime_value_widget()
    # m / (1 + d − r) = 100 / 0.3 = 333.33; at 85 %: 100 / 0.25 = 400; rise 400 / 333.33 − 1 = 20 %.
    assert_result(calc, "CLV = 333.33", "make it 400.00: +20.0 %")
    calc.controls["retention_rate"].value = 90  # 100 / 0.2 = 500; 100 / 0.15 = 666.67; +33.3 %
    assert_result(calc, "CLV = 500.00", "make it 666.67: +33.3 %")
    calc.controls["retention_rate"].value = 80
    calc.controls["periods"].value = 3
    calc.controls["unlimited"].value = False  # 100/1.1 + 80/1.21 + 64/1.331 = 90.91 + 66.12 + 48.08 = 205.11
    assert_result(calc, "CLV = 205.11", "3 periods")
    calc.controls["retention_rate"].value = 97
    assert_message(calc, "no room for five more points")


def test_leaky_bucket_widget():
    calc = widgets.leaky_bucket_widget()
    calc.controls["churn"].value = 50
    calc.controls["periods"].value = 2  # 1000 → 500 + 100 = 600 → 300 + 100 = 400; steady 100 / 0.5 = 200
    assert_result(calc, "holds 400 customers after 2 periods", "steady state = 100 / 50 % = 200 customers")
    calc.controls["churn"].value = 0  # 1000 + 2 × 100 = 1,200 and no steady state
    assert_result(calc, "holds 1,200 customers", "never settles (no steady state)")


def test_word_of_mouth_widget():
    calc = widgets.word_of_mouth_widget()  # the seed's 1 a day × 365 × 8 = 2,920
    assert_result(calc, "365 customers", "2,920 people hear about it")
    calc.controls["lost_per_day"].value = 2
    calc.controls["tells"].value = 10
    calc.controls["days"].value = 30  # 2 × 30 = 60 customers, × 10 = 600 people
    assert_result(calc, "is 60 customers", "600 people hear about it")


def test_bad_arguments_give_a_message_not_a_traceback():
    assert_message(widgets.trust_breach_widget(breach=1.5),
                   "Severity of the breach of trust must be in [0, 1], got 1.5")
    assert_message(widgets.satisfaction_widget(expected=11), "Expectation Q0 must be in [0, 10], got 11")
    assert_message(widgets.delivered_value_widget({"product": -1}), "product")


# --- the static specs ---------------------------------------------------------------------------------------------

STATIC = {
    "delivered_value": (calculators.delivered_value_calculator, 16),
    "satisfaction": (calculators.satisfaction_calculator, 3),
    "servqual": (calculators.servqual_calculator, 15),
    "ipa": (calculators.ipa_calculator, 2),
    "loyalty_segments": (calculators.loyalty_segments_calculator, 2),
    "trust_breach": (calculators.trust_breach_calculator, 4),
    "lifetime_value": (calculators.lifetime_value_calculator, 5),
    "leaky_bucket": (calculators.leaky_bucket_calculator, 4),
    "word_of_mouth": (calculators.word_of_mouth_calculator, 3),
}


@pytest.fixture(scope="module")
def specs():
    return {name: make() for name, (make, _) in STATIC.items()}


@pytest.mark.parametrize("name", STATIC)
def test_static_calculator_has_labelled_controls_a_description_and_a_fallback(specs, name):
    calc = specs[name]
    params = calc.params()
    assert len(params) == STATIC[name][1]
    for param in params.values():
        assert param["bind"]["input"] in {"range", "select", "checkbox"}
        assert param["bind"]["name"].strip()  # every control has a visible label
    spec = calc.spec
    assert spec["description"] == calc.description and len(calc.description) > 80
    assert calc.fallback and calc.fallback.splitlines()[0] in calc.description


@pytest.mark.parametrize("name", STATIC)
def test_static_html_loads_vega_from_the_site_only(specs, name):
    page = specs[name].to_html()
    assert '"vega.min.js", "vega-lite.min.js", "vega-embed.min.js"' in page
    assert '"_static/vega/"' in page and "data-content_root" in page
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)
    assert "cdn" not in page.lower()
    spec_json = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S).group(1)
    assert json.loads(spec_json.replace("<\\/", "</")) == json.loads(json.dumps(specs[name].spec))


def datasets_with(spec: dict, *columns: str) -> list[list[dict]]:
    return [rows for rows in spec["datasets"].values() if rows and all(c in rows[0] for c in columns)]


def test_satisfaction_grid_is_crmlab(specs):
    params = specs["satisfaction"].params()
    assert params["perceived"]["bind"] | {"name": ""} == {"input": "range", "min": 0, "max": 10, "step": 0.5,
                                                            "name": ""}
    (grid,) = datasets_with(specs["satisfaction"].spec, "p", "e", "gap", "ratio")
    assert len(grid) == 21 * 21
    row = next(r for r in grid if r["p"] == 6 and r["e"] == 8)
    # gap 6 − 8 = −2, ratio 0.75; verdict codes index ("highly satisfied", "satisfied", "dissatisfied") at the
    # tolerances 0, 0.5, 1, 1.5, 2: |−2| > 1.5 → dissatisfied (2) up to 1.5, satisfied (1) at 2.
    assert (row["gap"], row["ratio"]) == (-2.0, 0.75)
    assert [row[f"v{i}"] for i in range(5)] == [2, 2, 2, 2, 1]
    assert next(r for r in grid if r["p"] == 6 and r["e"] == 0)["ratio"] is None


def test_ipa_grid_is_crmlab(specs):
    params = specs["ipa"].params()
    # importance 3.2–6.6 → 3 to 7 in steps of 0.2; performance 3.9–6.3 → 3 to 7 in steps of 0.2.
    assert (params["importance_cut"]["bind"]["min"], params["importance_cut"]["bind"]["max"],
            params["importance_cut"]["bind"]["step"]) == (3.0, 7.0, 0.2)
    (grid,) = datasets_with(specs["ipa"].spec, "key", "q")
    assert len(grid) == 21 * 21
    # Cuts 6.2 (step 16) and 5.0 (step 10): high importance = cleanliness, price; high performance = cleanliness,
    # staff, breakfast, decor. Digits in table order, positions in QUADRANT_ORDER (urgent 0, advantage 1,
    # icing 2, secondary 3): cleanliness 1, check-in 3, staff 2, price 0, breakfast 2, Wi-Fi 3, decor 2, gym 3.
    row = next(r for r in grid if r["key"] == 16 * 1000 + 10)
    assert row["q"] == "13202323"


def test_trust_grid_is_crmlab(specs):
    (grid,) = datasets_with(specs["trust_breach"].spec, "key", "s")
    assert len(grid) == 21 * 21
    lookup = {r["key"]: r["s"] for r in grid}
    # digits: weak, semi-strong, strong stay (1) or leave (0)
    assert lookup[12 * 100 + 10] == "001"  # breach 0.60 > ceiling 0.50
    assert lookup[8 * 100 + 10] == "011"  # breach 0.40 ≤ 0.50
    assert lookup[0 * 100 + 0] == "111"  # no breach at all


def test_loyalty_grid_is_crmlab(specs):
    spec = specs["loyalty_segments"].spec
    (points,) = datasets_with(spec, "attitude", "repeat", "n", "i")
    (grid,) = datasets_with(spec, "key", "s")
    assert sum(p["n"] for p in points) == 250 and len(grid) == 10 * 10
    mobi = load("mobi")
    row = next(r for r in grid if r["key"] == 7 * 1000 + 7)  # cuts 8 and 8 (steps from 1)
    segments = {p["i"]: int(row["s"][p["i"]]) for p in points}
    counted = [sum(p["n"] for p in points if segments[p["i"]] == k) for k in range(4)]
    high_a, high_r = mobi["CUSL3"] >= 8, mobi["CUSL1"] >= 8
    assert counted == [(high_a & high_r).sum(), (high_a & ~high_r).sum(), (~high_a & high_r).sum(),
                       (~high_a & ~high_r).sum()]


def test_static_fallbacks_match_the_widgets(specs):
    pairs = {"delivered_value": widgets.delivered_value_widget, "satisfaction": widgets.satisfaction_widget,
             "servqual": widgets.servqual_widget, "ipa": widgets.ipa_widget,
             "trust_breach": widgets.trust_breach_widget, "leaky_bucket": widgets.leaky_bucket_widget,
             "word_of_mouth": widgets.word_of_mouth_widget, "loyalty_segments": widgets.loyalty_segments_widget}
    for name, make in pairs.items():
        calc = make()
        if name == "ipa":  # the static cuts start on the slider grid (5.2, 5.0), the widget's at the means
            calc.controls["importance_cut"].value = 5.2
            calc.controls["performance_cut"].value = 5.0
        assert " ".join(sentence(calc).split()) == " ".join(specs[name].fallback.split()), name


def test_static_bad_start_values_show_a_message():
    calc = calculators.trust_breach_calculator(weak=80, strong=30)
    assert calc.params() == {} and "add up to more than 100 %" in calc.fallback
    assert "Cannot draw this calculator" in json.dumps(calc.spec, ensure_ascii=False)
    assert "no room for five more points" in calculators.lifetime_value_calculator(retention_rate=96).fallback


def test_offline_renderer_draws_any_altair_chart_without_a_cdn():
    import altair as alt

    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q").properties(description="Two dots")
    with alt.renderers.enable("crmlab"):
        bundle = alt.renderers.get()(chart.to_dict())
    assert list(bundle) == ["text/html"]
    page = bundle["text/html"]
    assert '"_static/vega/"' in page and 'aria-label="Two dots"' in page and "cdn" not in page.lower()


@pytest.mark.book
def test_the_built_site_shows_the_current_calculator_code(site):
    """After a change to crmlab, `make book` must re-run and re-read the pages (no stale calculators)."""
    built = (site / "book" / "trust" / "strengths-and-levels.html").read_text(encoding="utf-8")
    current = calculators.trust_breach_calculator().to_html()
    script = re.search(r"<script>\n\(function \(\) \{.*?\}\)\(\);\n</script>", current, re.DOTALL).group(0)
    ids = re.compile(r"crmlab-trust_breach-[0-9a-f]{8}-\d+")
    assert ids.sub("ID", script) in ids.sub("ID", built), "the site shows an older calculator: rebuild with make book"
