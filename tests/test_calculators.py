"""The calculators, in Python: each declaration, its hand-worked numbers, and the program compiled from it.

Expected numbers are worked by hand in the comments (or, for the real survey,
counted with plain pandas masks independent of crmlab's np.select). The
browser form runs the compiled program: here it is run in Python (with the
real crmlab functions) at many positions of every calculator's controls and
must give exactly what the compute function gives; tests/test_calculators_js.py
runs the same program in the browser's engine.
"""

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab import calculators, data, glossary, satisfaction
from crmlab.calculators import (
    REGISTRY,
    Choice,
    Number,
    Slider,
    Toggle,
    _chart,
    _compile,
    _format,
    _html,
    _ir,
    _text,
    calculator,
)
from crmlab.calculators.cases import survey_frames
from tests import calculator_helpers as helpers
from tests.calculator_helpers import positions, positions_of

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ("value", "satisfaction", "trust", "loyalty", "relationship")


@pytest.fixture(scope="module")
def instances():
    return helpers.instances()


# --- every declaration ----------------------------------------------------------------------------------

def test_every_calculator_starts_with_a_result(instances):
    for name, calc in instances.items():
        assert calc.failure is None, (name, calc.failure)
        outcome = calc.outcome()
        assert outcome.message is None, (name, outcome.message)
        assert len(outcome.sentence) > 40, name


def test_every_text_names_the_sources_by_title_not_as_seeds(instances):
    for name, calc in instances.items():
        texts = [calc.title, calc.note] + [_html.label(c, "en") for c in calc.controls]
        texts += [calc.outcome(values).sentence for values in positions(calc, count=10)]
        for text in texts:
            assert "seed" not in text.lower(), (name, text)


def test_every_term_is_in_the_glossary_or_crmlab(instances):
    for name, calc in instances.items():
        declaration = calc.declaration
        wanted = {c.term for c in calc.controls if c.term} | set(declaration.terms)
        wanted |= _format.terms(declaration.tree("en")) | ({declaration.term} if declaration.term else set())
        for term in wanted:
            assert _text.chinese(term), (name, term)


def test_a_term_missing_from_the_glossary_is_named():
    with pytest.raises(KeyError, match="'no such term' is neither a term of the glossary"):
        _text.chinese("no such term")


def test_glossary_terms_come_from_the_glossary_files():
    entries = glossary.load_entries(ROOT / "book" / "glossary")
    churn = next(e for e in entries if e["term"] == "churn rate")
    assert _text.term_text("churn rate", "en") == f"churn rate ({churn['zh']})"
    assert _text.term_text("churn rate", "zh") == churn["zh"]


def test_template_reads_only_results_controls_and_data(instances):
    for name, calc in instances.items():
        outcome = calc.outcome()
        known = set(outcome.results) | set(calc.values) | set(calc.words)
        assert _format.placeholders(calc.declaration.tree("en")) <= known, name


def test_every_calculator_is_on_a_page_and_every_chapter_has_two():
    pages = {path: path.read_text(encoding="utf-8") for folder in ("book", "cases")
             for path in (ROOT / folder).rglob("*.md")}
    shown = {name for name in REGISTRY for text in pages.values() if f"{name}_calculator(" in text}
    shown |= {"trust_breach"}  # the Shuanghui case shows it as trust_shock_calculator (a preset)
    assert set(REGISTRY) <= shown, sorted(set(REGISTRY) - shown)
    for chapter in CHAPTERS:
        calls = [m for path, text in pages.items() if path.parent.name == chapter
                 for m in re.findall(r"^(\w+)_calculator\(", text, flags=re.MULTILINE)]
        assert len(calls) >= 2, (chapter, calls)


def test_a_trial_calculator_stays_out_of_the_registry():
    def trial_calculator(a, b):
        return {"x": a + b}

    calc, _ = toy(trial_calculator)
    assert calc.sentence() == "3" and "trial" not in REGISTRY


def test_names_are_unique_and_follow_the_function_names():
    assert len(REGISTRY) == len({d.__name__ for d in REGISTRY.values()})
    for name, declaration in REGISTRY.items():
        assert declaration.__name__ == f"{name}_calculator"


# --- the compiled program gives what the compute function gives --------------------------------------------

def test_compiled_programs_equal_the_compute_functions(instances):
    for name, calc in instances.items():
        program = calc.program
        for values in positions(calc, count=25):
            try:
                expected = calc.compute(**values)
            except (ValueError, TypeError) as error:
                with pytest.raises(_ir.Raised) as raised:
                    program.run(values, positions_of(calc, values))
                assert raised.value.message == str(error), (name, values)
                continue
            got = _ir.normalize(program.run(values, positions_of(calc, values)))
            assert got == expected, (name, values)


def test_the_page_program_read_back_from_json_runs_the_same(instances):
    # The browser tests evaluate a page's own program this way (with crmlab's functions) for data-bound calculators.
    calc = instances["servqual_gap"]
    statements, tables = _ir.program_from_plain(_html.payload(calc)["program"])
    for values in positions(calc, count=10):
        got = _ir.normalize(_ir.run(statements, values, tables, positions_of(calc, values)))
        assert got == calc.compute(**values)


# --- hand-worked numbers -------------------------------------------------------------------------------

def lines(calc, **values):
    outcome = calc.outcome(values)
    assert outcome.message is None, outcome.message
    return outcome.sentence.splitlines()


def test_delivered_value():
    calc = calculators.delivered_value_calculator()
    # A = (50+10+5+5) − (40+5+5+0) = 70 − 50 = 20; B = (55+20+5+10) − (50+5+5+0) = 90 − 60 = 30.
    assert lines(calc)[0] == "Offer B delivers 10 more units of value (30 vs 20): the customer chooses B."
    assert lines(calc)[2] == "Value/cost ratio: A 1.40, B 1.50."
    # B's product 30: B = 65 − 60 = 5, A leads by 15; 45: B = 80 − 60 = 20, a tie stays with A.
    assert lines(calc, b_product=30)[0] == "Offer A delivers 15 more units of value (20 vs 5): the customer chooses A."
    assert lines(calc, b_product=45)[0].startswith("Both offers deliver 20 units of value")
    free = {f"a_{c}": 0 for c in ("monetary", "time", "energy", "psychological")}
    assert lines(calc, **free)[2] == "Value/cost ratio: A ∞, B 1.50."  # no cost at all


def test_target_cost():
    calc = calculators.target_cost_calculator()
    # £20 × (1 − 25 %) = £15; today's £17 is £2 above; (20 − 17) / 20 = 15 % earned.
    assert "may cost at most 15.00" in lines(calc)[0]
    assert lines(calc)[1].startswith("Today's cost of 17.00 is 2.00 above it")
    assert lines(calc)[2] == "At today's cost the firm would earn 15 % of the price instead of 25 %."
    assert lines(calc, cost_now=12)[1].startswith("Today's cost of 12.00 is 3.00 below it")
    assert lines(calc, price=0)[2] == "A product the customer cannot pay for earns nothing."


def test_satisfaction():
    calc = calculators.satisfaction_calculator()
    # Q1 = 6, Q0 = 4: gap 2, ratio 1.5, 6 > 4 + 0.5 → highly satisfied; bus: 6 / 2 = 3, 6 / 8 = 0.75.
    assert lines(calc)[0] == "Q1 = 6.0 against Q0 = 4.0: gap Q1 − Q0 = 2.0, ratio Q1 / Q0 = 1.50."
    assert "highly satisfied (高度满意)" in lines(calc)[1]
    assert "scores 3.00 on a hot summer day" in lines(calc)[2] and "0.75 on a cool autumn day" in lines(calc)[2]
    assert "dissatisfied (不满意)" in lines(calc, expected=8)[1]  # 6 < 8 − 0.5
    assert "(tolerance 2.0): satisfied (一般满意)" in lines(calc, expected=8, tolerance=2)[1]  # |6 − 8| ≤ 2
    assert lines(calc, expected=0)[0].endswith("gap Q1 − Q0 = 6.0; the ratio form needs Q0 above 0.")


def test_servqual():
    calc = calculators.servqual_calculator()
    # Weights 10/30/20/20/20 of 100, gaps +0.5, −2, −1, −0.5, −0.5: SQ = 0.05 − 0.6 − 0.2 − 0.1 − 0.1 = −0.95.
    assert lines(calc) == ["Weighted score SQ = Σ W·(P − E) = −0.95: service falls short of expectations.",
                           "The dimension that hurts most is reliability (可靠性) (weighted gap −0.60)."]
    # Reliability weight 0: weights 10/0/20/20/20 of 70: SQ = (5 − 20 − 10 − 10) / 70 = −0.50;
    # responsiveness −20 / 70 = −0.29 now hurts most.
    assert lines(calc, w_reliability=0)[0].startswith("Weighted score SQ = Σ W·(P − E) = −0.50")
    assert "responsiveness (响应性) (weighted gap −0.29)" in lines(calc, w_reliability=0)[1]
    off = {f"w_{d}": 0 for d in ("tangibles", "reliability", "responsiveness", "assurance", "empathy")}
    assert calc.outcome(off).message == "weights must not all be 0"


def test_ipa_default_table():
    calc = calculators.ipa_calculator()
    # Means: importance 5.275 → cut 5.2 (nearest step of 0.2), performance 5.1 → 5.0 (steps of 0.2 from 3 to 7).
    assert calc.values == {"importance_cut": 5.2, "performance_cut": 5.0}
    text = lines(calc)
    assert text[1].endswith("check-in speed, price, Wi-Fi")  # important (≥ 5.2) and performing below 5.0
    assert text[2].endswith("room cleanliness, staff friendliness")
    assert text[3].endswith("breakfast, decor") and text[4].endswith("gym")
    assert lines(calc, importance_cut=7.0, performance_cut=3.0)[3].endswith(
        "room cleanliness, check-in speed, staff friendliness, price, breakfast, Wi-Fi, decor, gym")
    assert lines(calc, importance_cut=7.0, performance_cut=3.0)[1].endswith(": —")  # nothing urgent


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 10), st.floats(1, 10)), min_size=2, max_size=9))
def test_ipa_opens_on_the_quadrants_of_the_means(ratings):
    """The cut sliders start where the quadrants are those the book's table shows (cuts at the means), whenever a
    slider position lies between the two values closest to the mean on either side (a slider has no other)."""
    names = [f"a{i}" for i in range(len(ratings))]
    importance = pd.Series([i for i, _ in ratings], index=names)
    performance = pd.Series([p for _, p in ratings], index=names)
    calc = calculators.ipa_calculator(importance=importance, performance=performance)
    shown = [point["quadrant"] for point in calc.outcome().results["points"]]
    at_means = satisfaction.ipa_quadrant(importance, performance).tolist()

    def a_position_between(values, cut):
        control = calc.control(cut)
        below = values[values < values.mean()].max() if (values < values.mean()).any() else control.low - 1
        above = values[values >= values.mean()].min()
        positions = np.arange(control.low, control.high + control.step / 2, control.step)
        return bool(((positions > below + 1e-9) & (positions <= above + 1e-9)).any())

    if a_position_between(importance, "importance_cut") and a_position_between(performance, "performance_cut"):
        assert shown == at_means


def test_ipa_bad_tables_show_a_message():
    assert "table is empty" in calculators.ipa_calculator(pd.DataFrame()).failure
    missing = pd.DataFrame({"importance": [5.0, None], "performance": [4.0, 3.0]}, index=["a", "b"])
    assert "missing values" in calculators.ipa_calculator(missing).failure
    assert "no column 'performance'" in calculators.ipa_calculator(pd.DataFrame({"importance": [5.0]})).failure


def test_word_of_mouth():
    # 1 a day × 365 days = 365 customers; × 8 people = 2,920.
    calc = calculators.word_of_mouth_calculator()
    assert lines(calc) == ["Losing 1 customer(s) a day for 365 days is 365 customers;",
                           "if each tells 8 people, 2,920 people hear about it."]
    assert lines(calc, lost_per_day=2, tells=10, days=30)[1] == "if each tells 10 people, 600 people hear about it."


def test_trust_breach():
    calc = calculators.trust_breach_calculator()
    # Breach 0.4 ≤ ceiling 0.5: weak leaves, semi-strong (30 %) and strong (20 %) stay: 50 %.
    assert lines(calc)[1] == "weak trust leaves, semi-strong trust stays, strong trust stays."
    assert lines(calc)[2].startswith("50 % of these customers stay, 50 % defect")
    assert lines(calc, breach=0.6)[2].startswith("20 % of these customers stay")  # 0.6 > 0.5: only strong
    assert lines(calc, breach=0)[2].startswith("100 % of these customers stay")  # no breach: even weak stay
    assert "add up to more than 100 %" in calc.outcome({"weak": 70, "strong": 40}).message


def test_trust_shock_is_the_breach_calculator_set_to_the_crisis():
    calc = calculators.trust_shock_calculator()
    assert calc.name == "trust_breach"
    # 45 % weak, 25 % strong; breach 0.7 > ceiling 0.6: only the 25 % with strong trust stay.
    assert lines(calc)[2].startswith("25 % of these customers stay, 75 % defect (of weak 45 %, semi-strong 30 %")


def test_trust_strength():
    calc = calculators.trust_strength_calculator()
    # Cut points 1/3 and 2/3: recognition 0.5 is neither strong (≥ 2/3) nor weak (both < 1/3).
    assert "semi-strong (半弱式半强式信任)" in lines(calc)[0]
    assert "strong (强式信任)" in lines(calc, recognition=0.7)[0]
    assert "weak (弱式信任)" in lines(calc, recognition=0.3, dependence=0.3)[0]
    assert "0.67" in lines(calc)[1] and "0.33" in lines(calc)[1]


def test_loyalty_segments_on_the_real_survey():
    calc = calculators.loyalty_segments_calculator()
    mobi = data.load("mobi")
    for attitude_cut, repeat_cut in [(8, 8), (1, 1), (10, 10), (5.5, 9), (7, 3)]:
        high_a, high_r = mobi["CUSL3"] >= attitude_cut, mobi["CUSL1"] >= repeat_cut
        counts = [int((high_a & high_r).sum()), int((high_a & ~high_r).sum()), int((~high_a & high_r).sum()),
                  int((~high_a & ~high_r).sum())]
        text = " ".join(lines(calc, attitude_cut=attitude_cut, repeat_cut=repeat_cut))
        for segment, count in zip(("loyalty (忠诚)", "latent loyalty (潜在忠诚)", "spurious loyalty (虚假忠诚)",
                                   "no loyalty (不忠诚)"), counts):
            assert f"{segment} {count} ({round(100 * count / 250)} %)" in text, (attitude_cut, repeat_cut)
    # Attitude as mean satisfaction: the Coca-Cola case's setting.
    satisfaction = mobi[["CUSA1", "CUSA2", "CUSA3"]].mean(axis=1)
    loyal = int(((satisfaction >= 7) & (mobi["CUSL1"] >= 7)).sum())
    assert f"loyalty (忠诚) {loyal} " in " ".join(lines(calc, attitude="satisfaction", attitude_cut=7, repeat_cut=7))


def test_loyalty_segments_need_the_survey_columns():
    assert "lacks ['CUSL3']" in calculators.loyalty_segments_calculator(
        data.load("mobi").drop(columns=["CUSL3"])).failure


def test_retention_profit():
    calc = calculators.retention_profit_calculator()
    # +25 % from +5 points at d = 10 %: r = 1 + d − p − p/u = 1.05 − 0.2 = 0.85.
    assert "only for a firm that keeps 85.0 % of its customers" in lines(calc)[0]
    # From 80 %: CLV ∝ 1/(1.1 − r): 0.3 / 0.25 − 1 = +20 % (constant margins); +25 % needs margin growth g with
    # 1 + g = u(1 + d) / (p + u(r + p)) = 0.25 × 1.1 / (0.05 + 0.25 × 0.85) = 1.0476: 4.8 % a year.
    assert "From 80 % retention the rise is 20.0 %" in lines(calc)[1]
    assert "grow 4.8 % a year" in lines(calc)[1]
    # +85 % at d = 10 % is out of reach: the rise from +5 points is at most p / d = 50 %.
    assert "at most 50 %" in lines(calc, claim=85)[0]
    assert "leaves no room for 10 more points" in calc.outcome({"start": 94, "points": 10}).message


def test_defection():
    calc = calculators.defection_calculator()
    # 10,000 × 20 % = 2,000 left; 30 % + 10 % = 40 % fixable = 800; V = 120 / (1.1 − 0.8) = 400;
    # lost = 10,000 × 0.2 × 0.4 × 400 = 320,000 (service 240,000, products 80,000).
    assert lines(calc)[0] == ("Of 10,000 customers, 2,000 left (20 %); 40 % of them for reasons the firm can fix, "
                              "that is 800 customers.")
    assert "cost 320,000: 240,000 from poor service, 80,000 from poor products, 0 from high prices" in lines(calc)[1]
    assert lines(calc)[2].endswith("costs less than 320,000 (step 4).")
    assert "add up to 110 %" in calc.outcome({"service": 60, "products": 30, "prices": 20}).message


def test_lifetime_value():
    calc = calculators.lifetime_value_calculator()
    # m / (1 + d − r) = 100 / 0.3 = 333.33; at 85 %: 100 / 0.25 = 400, +20 %.
    assert lines(calc)[0] == ("CLV = 333.33 with a margin of 100 a period, 80 % retention, a 10 % discount rate, "
                              "no horizon.")
    assert lines(calc)[1] == "Five more points of retention (85 %) make it 400.00: +20.0 %."
    # Three periods: 100/1.1 + 80/1.21 + 64/1.331 = 90.91 + 66.12 + 48.08 = 205.11.
    assert lines(calc, unlimited=False, horizon=3)[0].startswith("CLV = 205.11")
    assert "choose 94 % or less" in calc.outcome({"retention_rate": 96}).message


def test_leaky_bucket():
    calc = calculators.leaky_bucket_calculator()
    # c_t = S + (c_0 − S)(1 − churn)^t with S = 100 / 0.2 = 500: 500 + 500 × 0.8^20 = 505.8.
    assert lines(calc)[1:] == ["the bucket holds 506 customers after 20 periods.",
                               "It settles where inflow equals outflow: steady state = 100 / 20 % = 500 customers."]
    assert lines(calc, churn=0)[1] == "the bucket holds 3,000 customers after 20 periods."  # 1,000 + 20 × 100
    assert "never settles" in lines(calc, churn=0)[2]


def test_complaint():
    calc = calculators.complaint_calculator()
    # V = 1,000, 5 % swayed; well: 0.945 × 1,000 + 0.05 × 10 × 1,000 = 1,445; badly: 0.025 × 1,000 − 0.05 × 22 ×
    # 1,000 = −1,075; difference 2,520 = 2.5 V.
    assert "worth 1,445 to the firm" in lines(calc)[0] and "handled badly, −1,075" in lines(calc)[0]
    assert lines(calc)[1] == "Handling it well is worth 2,520, 2.5 times the customer's own lifetime value."
    # Score 4 after good handling: retention 80–85 %, midpoint 82.5 %.
    assert "chance of 82.5 %" in lines(calc, handled_score="4")[0]
    assert lines(calc, lifetime_value=0)[0] == "A customer worth nothing makes every complaint worth nothing."


# --- declaring: errors are named ------------------------------------------------------------------------

def test_starting_values_are_checked_and_named():
    assert calculators.leaky_bucket_calculator(churn=33).failure is None
    failed = calculators.leaky_bucket_calculator(churn=150)
    assert failed.failure == "churn must be one of the slider's positions (0 to 100 in steps of 1), got 150"
    assert "The leaky bucket" in failed.to_html() and "⚠" in failed.to_html()
    assert "no control or data argument 'chrun'" in calculators.leaky_bucket_calculator(chrun=5).failure
    assert "must be one of 'recommend', 'satisfaction', 'image'" in calculators.loyalty_segments_calculator(
        attitude="loyalty").failure


def test_controls_check_their_declaration():
    with pytest.raises(ValueError, match="needs low < high"):
        Slider("x", "X", "units", 5, 1, 1, 3)
    with pytest.raises(ValueError, match=r"\(high − low\) / step must be whole"):
        Slider("x", "X", "units", 0, 1, 0.3, 0.3)
    with pytest.raises(ValueError, match="lower_case"):
        Toggle("Bad Name", "X")
    with pytest.raises(ValueError, match="needs options"):
        Choice("c", "C", {}, "a")
    with pytest.raises(TypeError, match="must be a number"):
        Number("n", "N", "units", "ten")


def test_lang_zh_takes_glossary_terms_and_chinese_texts():
    calc = calculators.leaky_bucket_calculator(lang="zh")
    assert calc.title == "漏桶：获取新顾客与顾客流失"
    assert _html.label(calc.control("churn"), "zh").startswith("流失率")  # the term is the Chinese label
    assert calc.sentence().startswith("从 1,000 位顾客开始")  # issue 18: the Chinese sentence
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh'"):
        calculators.leaky_bucket_calculator(lang="fr")


def chart_texts(chart, results: dict) -> set[str]:
    """Every value of the rows a reader sees on ``chart`` (bar names, legend entries, labels, tooltip texts)
    and every tooltip's field name."""
    texts = set()
    for layer in chart.layers:  # as declared: the fields the rows carry
        for name, channel in layer.get("encoding", {}).items():
            for item in channel if isinstance(channel, list) else [channel]:
                if not (isinstance(item, dict) and "field" in item):
                    continue
                if name == "tooltip" and "title" not in item:
                    texts.add(item["field"])
                if item.get("type") == "nominal":
                    texts.update(str(row[item["field"]]) for row in results.get(layer["data"].get("name"), [])
                                 if item["field"] in row)
    return texts


def test_a_chinese_chart_writes_every_text_in_chinese():
    """Issue 18: on a Chinese page every name a chart shows (a bar's, a point's, a legend entry, a tooltip's)
    is Chinese, at every position of the controls; the chart's Vega expressions write them so (the browser
    test of the Chinese site reads the drawn SVG)."""
    english = set()
    for name, calc in helpers.instances("zh").items():
        chart = calc.declaration.chart
        if chart is None:
            continue
        for values in positions(calc, count=30):
            try:
                results = calc.compute(**values)
            except (TypeError, ValueError):
                continue
            for text in chart_texts(chart, results):
                shown = chart.shown(text, "zh")
                if helpers.english_words(shown):
                    english.add(f"{name}: {shown!r}")
    assert sorted(english) == [], "\n".join(sorted(english))


def test_a_chinese_calculator_says_what_is_wrong_in_chinese():
    """Issue 18: a message a reader can meet by moving the controls (shares adding up to more than 100 %...) is
    Chinese on a Chinese page, its numbers those of the English one (the browser gives the same:
    test_calculators_js)."""
    english, seen, in_english = [], 0, helpers.instances("en")
    for name, calc in helpers.instances("zh").items():
        english_calc = in_english[name]
        for values in positions(calc, count=60):
            message = calc.outcome(values).message
            if message is None:
                continue
            seen += 1
            if helpers.english_words(message):
                english.append(f"{name}: {message}")
            numbers = re.findall(r"\d+", english_calc.outcome(values).message)
            assert re.findall(r"\d+", message)[:len(numbers)] == numbers or name == "lifetime_value", message
    assert seen > 20 and english == [], "\n".join(english)
    breach = calculators.trust_breach_calculator(lang="zh")
    assert breach.sentence(weak=70, strong=40) == "弱式信任（70%）与强式信任（40%）的比例合计超过 100%：请调低其中一项"


def test_a_chart_name_may_hold_any_text_in_its_braces():
    chart = _chart.bars("bars", x="profit", y="tier", labels={"top {} %": {"en": "top {} %", "zh": "前 {}%"},
                                                              "the rest": {"en": "the rest", "zh": "其余"}})
    assert chart.shown("top 20 %", "zh") == "前 20%" and chart.shown("the rest", "zh") == "其余"
    assert chart.shown("top 20 %", "en") == "top 20 %" and chart.shown("bottom 5 %", "zh") == "bottom 5 %"
    axis = chart.spec("zh")["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]
    assert "replace(datum.label, regexp('^top (.+?) %$'), '前 $1%')" in axis
    assert "labelExpr" not in chart.spec("en")["layer"][0]["encoding"]["y"]["axis"]


# --- templates and numbers --------------------------------------------------------------------------------

def test_fmt_uses_true_minus_separators_and_no_negative_zero():
    assert calculators.fmt(-1234.5, ",.1f") == "−1,234.5"
    assert calculators.fmt(-0.001, ".2f") == "0.00"
    assert calculators.fmt(0.456, ".0%") == "46\u00a0%" and calculators.fmt(0.456, ".0%", lang="zh") == "46%"
    assert calculators.fmt(float("inf"), ".2f") == "∞" and calculators.fmt(2920.0) == "2920"


def test_templates_select_branches_and_escape_braces():
    tree = _format.parse("{{n}} = {n, select, =0 {none} =1 {one} other {{n} ({ok, select, true {ok} other {no}})}}")
    assert _format.render(tree, {"n": 0, "ok": True}) == "{n} = none"
    assert _format.render(tree, {"n": 1, "ok": True}) == "{n} = one"
    assert _format.render(tree, {"n": 3, "ok": False}) == "{n} = 3 (no)"
    assert _format.render(_format.parse("{xs}"), {"xs": []}) == "—"
    with pytest.raises(_format.TemplateError, match="unclosed"):
        _format.parse("{n")
    with pytest.raises(_format.TemplateError, match="not supported"):
        _format.parse("{n:08.3f}")
    with pytest.raises(_format.TemplateError, match="the sentence needs 'm'"):
        _format.render(_format.parse("{m}"), {"n": 1})


# --- the compiler -------------------------------------------------------------------------------------------

PORTED = frozenset({"crmlab.retention.lifetime_value"})


def toy(compute, **options):
    """A calculator from ``compute`` with two sliders a (0–10) and b (0–4) and the given ports."""
    declaration = calculator(title="Toy", template="{x}", register=False,
                             controls=(Slider("a", "A", "units", 0, 10, 1, 2), Slider("b", "B", "units", 0, 4, 1, 1)),
                             **options)(compute)
    calc = declaration()
    return calc, _compile.compile_compute(compute, calc.controls, calc.data, "toy", PORTED)


def test_compiler_folds_what_is_fixed_and_runs_the_rest():
    factors = [1, 2, 3]

    def toy_calculator(a, b):
        total = sum(f * a for f in factors)  # 6 a, unrolled over a fixed list
        if b == 0:
            raise ValueError(f"b must not be 0, got {b}")
        try:
            v = lifetime_value(a * 10, 1 / (b + 1), 0.1)  # noqa: F821 - found in the test's namespace
        except ValueError:
            v = None
        return {"x": total / b, "v": v, "parts": [a * f for f in factors if f > 1]}

    globals()["lifetime_value"] = __import__("crmlab").retention.lifetime_value
    calc, program = toy(toy_calculator)
    for a, b in itertools.product(range(11), range(5)):
        values = {"a": a, "b": b}
        try:
            expected = calc.compute(**values)
        except ValueError as error:
            with pytest.raises(_ir.Raised, match=re.escape(str(error))):
                program.run(values, values)
            continue
        assert _ir.normalize(program.run(values, values)) == expected
    calls = [n for n in str(program.to_json()) if n]
    assert "lifetime_value" in "".join(calls) and program.tables == []


def describe(a: int, b: int) -> str:
    if b == 4:
        raise ValueError("b may not be 4")
    return f"{a}:{b}"


def test_calls_without_a_port_become_tables_of_their_results():
    def toy_calculator(a, b):
        return {"x": round(a / (b + 1), 3), "t": describe(a, b)}  # no port: an 11 × 5 table of describe()

    calc, program = toy(toy_calculator)
    assert len(program.tables) == 1 and program.tables[0]["sizes"] == [11, 5]
    assert _ir.normalize(program.run({"a": 7, "b": 3}, {"a": 7, "b": 3})) == {"x": 1.75, "t": "7:3"}
    with pytest.raises(_ir.Raised, match="b may not be 4"):  # an error is stored in the table and raised
        program.run({"a": 7, "b": 4}, {"a": 7, "b": 4})


def test_compiler_names_what_it_cannot_do():
    def loops(a, b):
        while a:
            a -= 1
        return {"x": a}

    with pytest.raises(_compile.CompileError, match=r"toy', test_calculators.py line \d+: .*While statements"):
        toy(loops)

    def unknown_method(a, b):
        return {"x": str(a).zfill(3)}

    with pytest.raises(_compile.CompileError, match="cannot run in the browser"):
        toy(unknown_method)

    def too_big(a, b):
        return {"x": describe(a, b)}

    wide = (Slider("a", "A", "units", 0, 100, 1, 2), Slider("b", "B", "units", 0, 100, 1, 1))
    big = calculator(title="Toy", template="{x}", register=False, controls=wide)(too_big)
    with pytest.raises(_compile.CompileError, match="10,201 positions, more than the 5,000"):
        _ = big().program


def test_installed_far_from_the_book_a_calculator_still_works_in_jupyter(monkeypatch, tmp_path):
    # crmlab installed as a package (a hub): no book/ beside it, so no glossary file and no browser ports.
    monkeypatch.setattr(_text, "GLOSSARY", tmp_path / "no-glossary")
    monkeypatch.setattr(_compile, "PORTS", tmp_path / "no-ports.js")
    _text.vocabulary.cache_clear()
    _compile.ported_functions.cache_clear()
    try:
        calc = calculators.leaky_bucket_calculator()
        assert calc.title == "The leaky bucket: acquisition against churn"  # glossary terms in English only
        assert _html.label(calc.control("churn"), "en") == "Churn, % of customers lost per period"
        assert "urgent improvement (急需改进区)" in calculators.ipa_calculator().sentence()  # crmlab's own names
        bundle = calc._repr_mimebundle_()  # (the widget view itself needs a kernel: tests/test_widgets.py)
        assert "text/html" not in bundle and bundle["text/plain"].endswith("= 500 customers.")
        with pytest.raises(_compile.AssetsMissing, match="browser ports of crmlab's formulas are missing"):
            calc.to_html()
    finally:
        _text.vocabulary.cache_clear()
        _compile.ported_functions.cache_clear()


def test_every_port_names_a_crmlab_function():
    for name in _compile.ported_functions():
        function = _ir.resolve(name)
        assert callable(function) and _ir.qualified_name(function) == name


def test_survey_frames_split_the_pg_survey():
    perceptions, expectations, importance = survey_frames(data.load("pg_survey"))
    assert list(perceptions.columns) == list(expectations.columns) == list(importance.columns)
    with pytest.raises(ValueError, match="no P_"):
        survey_frames(pd.DataFrame({"E_a": [1.0]}))
