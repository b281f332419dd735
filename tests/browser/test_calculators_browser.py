"""The static calculators on the built site: move their controls in Chromium, compare the shown sentence with crmlab.

Each calculator is found by its ``data-calculator`` attribute wherever the book
placed it. Controls are set as a reader would (the range input's value, then
its ``input`` event; one test uses the keyboard), and the result sentence drawn
by Vega is compared with the sentence crmlab's own numbers give
(``crmlab.calculators.*_sentence``, which compute with crmlab's formulas).
For the calculators whose arithmetic runs as a Vega expression (delivered
value, SERVQUAL, trust's weighted share, lifetime value, leaky bucket, word of
mouth) this is the proof that the browser computes what crmlab computes.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from crmlab import calculators, loyalty, satisfaction, trust, value
from crmlab.data import load
from crmlab.satisfaction import servqual_gaps

pytestmark = pytest.mark.browser

NAMES = ("delivered_value", "satisfaction", "servqual", "ipa", "loyalty_segments", "trust_breach",
         "lifetime_value", "leaky_bucket", "word_of_mouth")

PLACED = re.compile(r'<div class="crmlab-calculator" data-calculator="([a-z_]+)"')

READ_SENTENCE = """
(name) => {
  const group = document.querySelector(`[data-calculator="${name}"] .sentence_marks`);
  if (!group) return null;
  return Array.from(group.querySelectorAll('text')).map((t) => {
    const lines = t.querySelectorAll('tspan');
    return lines.length ? Array.from(lines).map((l) => l.textContent).join('\\n') : t.textContent;
  });
}
"""

SET_CONTROL = """
([name, param, value]) => {
  const input = document.querySelector(`[data-calculator="${name}"] input[name="${param}"]`);
  if (!input) throw new Error(`no control ${param} in calculator ${name}`);
  if (input.type === 'checkbox') {
    input.checked = value;
    input.dispatchEvent(new Event('change', {bubbles: true}));
  } else {
    input.value = String(value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
  }
}
"""


@pytest.fixture(scope="module")
def calculator_pages(site_dir) -> dict[str, str]:
    """Calculator name → the first page (relative path) that shows it."""
    found = {}
    for page in sorted(site_dir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        for name in PLACED.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, page.relative_to(site_dir).as_posix())
    return found


def open_calculator(page, calculator_pages, name):
    if name not in calculator_pages:
        pytest.fail(f"no page of the built site shows the {name} calculator")
    page.open(calculator_pages[name])
    page.wait_for_function(f"document.querySelector('[data-calculator=\"{name}\"] .sentence_marks text')",
                           timeout=20_000)
    return page


def shown(page, name) -> list[str]:
    return page.evaluate(READ_SENTENCE, name)


def move(page, name, **controls) -> str:
    """Set the controls, wait for the sentence to settle, return it (lines joined by newlines)."""
    for param, position in controls.items():
        page.evaluate(SET_CONTROL, [name, param, position])
    page.wait_for_timeout(50)
    previous, stable = None, 0
    for _ in range(100):  # the sentence is stable for three reads in a row
        current = "\n".join(shown(page, name) or [])
        stable = stable + 1 if current == previous else 0
        if stable >= 2:
            return current
        previous = current
        page.wait_for_timeout(30)
    return current


def same(text: str, expected: str) -> None:
    assert " ".join(text.split()) == " ".join(expected.split())


def check_clean(page) -> None:
    assert page.external_requests == []
    assert page.failed_requests == []
    assert [e for e in page.console_errors if "theme mode" not in e] == []


# --- every calculator: several positions, compared with crmlab -----------------------------------------------

DV_POSITIONS = [
    {},  # the starting values
    {"b_product": 30},  # B falls behind: A 70 − 50 = 20, B 65 − 60 = 5
    {"b_product": 45},  # a tie at 20 stays with A
    {"a_monetary": 0, "a_time": 0, "a_energy": 0, "a_psychological": 0, "b_service": 73},  # A's ratio ∞
    {"a_image": 88, "b_personnel": 61, "b_psychological": 37},
]


def test_delivered_value(page, calculator_pages):
    open_calculator(page, calculator_pages, "delivered_value")
    offers = {"A": dict(calculators.DEFAULT_OFFERS["A"]), "B": dict(calculators.DEFAULT_OFFERS["B"])}
    for position in DV_POSITIONS:
        for key, amount in position.items():
            offers[key[0].upper()][key[2:]] = amount
        totals = {name: value.delivered_value(**parts) for name, parts in offers.items()}
        same(move(page, "delivered_value", **position), calculators.delivered_value_sentence(totals))
    check_clean(page)


def test_satisfaction(page, calculator_pages):
    open_calculator(page, calculator_pages, "satisfaction")
    for perceived, expected, tolerance in [(6, 4, 0.5), (6, 8, 0.5), (6, 8, 2), (7.5, 0, 1), (3.5, 9.5, 0),
                                           (10, 10, 1.5)]:
        text = move(page, "satisfaction", perceived=perceived, expected=expected, tolerance=tolerance)
        lines = text.splitlines()
        same("\n".join(lines[:2]), calculators.satisfaction_sentence(perceived, expected, tolerance))
        summer, autumn = (satisfaction.satisfaction_ratio(perceived, q0) for q0 in calculators.BUS_STORY.values())
        assert f"scores {calculators.fmt(summer, 2)} on a hot summer day" in text
        assert f"and {calculators.fmt(autumn, 2)} on a cool autumn day" in text
    check_clean(page)


def test_servqual(page, calculator_pages):
    open_calculator(page, calculator_pages, "servqual")
    answers = {key: dict(calculators.DEFAULT_SERVQUAL[key]) for key in ("perceived", "expected", "weights")}
    prefix = {"p": "perceived", "e": "expected", "w": "weights"}
    for position in [{}, {"w_reliability": 0}, {"p_empathy": 7, "e_tangibles": 1.5, "w_assurance": 85},
                     {"p_reliability": 7, "p_responsiveness": 6.5, "p_assurance": 6.5, "p_empathy": 6.5}]:
        for key, amount in position.items():
            answers[prefix[key[0]]][key[2:]] = amount
        expected = calculators.servqual_sentence(servqual_gaps(answers["perceived"], answers["expected"],
                                                               answers["weights"]))
        same(move(page, "servqual", **position), expected)
    everything_off = {f"w_{dim}": 0 for dim in satisfaction.SERVQUAL_DIMENSIONS}
    assert "weights cannot all be 0" in move(page, "servqual", **everything_off)
    check_clean(page)


def test_ipa(page, calculator_pages):
    open_calculator(page, calculator_pages, "ipa")
    spec_names = page.evaluate("""() => Array.from(document.querySelectorAll('[data-calculator="ipa"] input'))
                                        .map((i) => [i.name, +i.min, +i.max, +i.step])""")
    bounds = {name: (low, high, step) for name, low, high, step in spec_names}
    table = ipa_table(page)
    importance, performance = table.columns
    for i_frac, p_frac in [(0.5, 0.5), (0, 1), (1, 0), (0.3, 0.7), (0.85, 0.45)]:
        cuts = {}
        for name, frac in (("importance_cut", i_frac), ("performance_cut", p_frac)):
            low, high, step = bounds[name]
            cuts[name] = round(low + round(frac * (high - low) / step) * step, 10)
        text = move(page, "ipa", **cuts)
        quadrants = satisfaction.ipa_quadrant(table[importance], table[performance], cuts["importance_cut"],
                                              cuts["performance_cut"])
        assert sorted(text.splitlines()) == sorted(calculators.ipa_sentence(quadrants).splitlines())
    check_clean(page)


def ipa_table(page) -> pd.DataFrame:
    """The survey table the page's IPA calculator was built from (its points data, read back from the view)."""
    return pd.DataFrame(page.evaluate("""() => {
        const spec = JSON.parse(document.querySelector('[data-calculator="ipa"] script[type="application/json"]')
                                .textContent);
        const points = Object.values(spec.datasets).find((rows) => rows.length && 'attribute' in rows[0]);
        return points;
    }""")).set_index("attribute")[["importance", "performance"]]


def test_loyalty_segments(page, calculator_pages):
    open_calculator(page, calculator_pages, "loyalty_segments")
    mobi = load("mobi")
    for a_cut, r_cut in [(8, 8), (1, 1), (10, 10), (5, 9), (9, 3), (7, 7)]:
        text = move(page, "loyalty_segments", attitude_cut=a_cut, repeat_cut=r_cut)
        segments = loyalty.loyalty_segment(mobi["CUSL3"], mobi["CUSL1"], a_cut, r_cut)
        same(text, calculators.loyalty_segments_sentence(segments, a_cut, r_cut))
    check_clean(page)


def test_trust_breach(page, calculator_pages):
    open_calculator(page, calculator_pages, "trust_breach")
    for breach, ceiling, weak, strong in [(0.4, 0.5, 50, 20), (0.6, 0.5, 50, 20), (0, 0.3, 35, 15),
                                          (0.5, 0.5, 10, 60), (0.95, 1, 0, 0), (0.35, 0.3, 45, 55)]:
        text = move(page, "trust_breach", breach=breach, tolerance=ceiling, weak_share=weak, strong_share=strong)
        mix = {"weak": weak / 100, "semi-strong": (100 - weak - strong) / 100, "strong": strong / 100}
        same(text, calculators.trust_breach_sentence(mix, breach, ceiling))
        kept = trust.share_retained(mix, breach, ceiling)
        assert f"{calculators.fmt(100 * kept)} % of these customers stay" in text
    assert "add up to more than 100 %" in move(page, "trust_breach", weak_share=70, strong_share=40)
    check_clean(page)


def lifetime_value_expected(margin, retention, discount, horizon, unlimited):
    return calculators.lifetime_value_sentence(margin, retention / 100, discount / 100,
                                               None if unlimited else horizon)


def leaky_bucket_expected(initial, acquired, churn, periods):
    return calculators.leaky_bucket_sentence(initial, acquired, churn / 100, periods)


# Calculator → (its controls' names, positions to visit, crmlab's sentence at a position, a bad position and
# the message it must show, or None).
SIMPLE = {
    "lifetime_value": (("margin", "retention", "discount", "horizon", "unlimited"),
                       [(100, 80, 10, 20, True), (100, 80, 10, 3, False), (250, 90, 5, 50, True),
                        (730, 55, 17, 12, False), (10, 0, 0, 1, False), (500, 94, 0, 40, True)],
                       lifetime_value_expected, ({"retention": 96}, "leaves no room for five more points")),
    "leaky_bucket": (("initial", "acquired", "churn", "periods"),
                     [(1000, 100, 20, 20), (1000, 100, 50, 2), (1000, 100, 0, 2), (0, 370, 7, 33),
                      (9900, 10, 100, 5), (4300, 620, 13, 50)],
                     leaky_bucket_expected, None),
    "word_of_mouth": (("lost_per_day", "tells", "days"),
                      [(1, 8, 365), (2, 10, 30), (0, 25, 3650), (20, 30, 3650), (3, 22, 1)],
                      calculators.word_of_mouth_sentence, None),
}


@pytest.mark.parametrize("name", SIMPLE)
def test_expression_calculators_match_crmlab(page, calculator_pages, name):
    controls, positions, expected, bad = SIMPLE[name]
    open_calculator(page, calculator_pages, name)
    for position in positions:
        same(move(page, name, **dict(zip(controls, position))), expected(*position))
    if bad is not None:
        assert bad[1] in move(page, name, **bad[0])
    check_clean(page)


# --- behaviour common to all -------------------------------------------------------------------------------------

def test_every_calculator_is_placed_and_drawn(page, calculator_pages):
    assert set(NAMES) <= set(calculator_pages)
    for name in NAMES:
        open_calculator(page, calculator_pages, name)
        container = page.locator(f'[data-calculator="{name}"] [data-vega-embed]')
        assert container.locator("svg").count() >= 1
        assert len(container.get_attribute("aria-label") or "") > 80  # the text alternative
        assert page.locator(f'[data-calculator="{name}"] .crmlab-calculator-fallback').count() == 0
        labels = page.locator(f'[data-calculator="{name}"] .vega-bind label')
        assert labels.count() >= 2 and all(labels.nth(i).locator("input").count() == 1 for i in range(labels.count()))
        check_clean(page)


def test_keyboard_moves_a_slider_and_the_live_region_announces_it(page, calculator_pages):
    open_calculator(page, calculator_pages, "word_of_mouth")
    page.locator('[data-calculator="word_of_mouth"] input[name="tells"]').focus()
    page.keyboard.press("ArrowRight")  # 8 → 9 people each: 365 × 9 = 3,285
    page.wait_for_function("""() => document.querySelector('[data-calculator="word_of_mouth"] [aria-live]')
                                      .textContent.includes('3,285 people')""", timeout=5_000)
    assert "if each tells 9 people, 3,285 people hear about it" in move(page, "word_of_mouth")


def test_vega_is_loaded_only_where_a_calculator_is(page, calculator_pages, site_dir):
    with_calculator = {calculator_pages[name] for name in NAMES if name in calculator_pages}
    page.open("book/intro.html")
    assert not [url for url, _ in page.loaded if "/_static/vega/" in url]
    page.open(next(iter(with_calculator)))
    vega = sorted(url.rsplit("/", 1)[1] for url, _ in page.loaded if "/_static/vega/" in url)
    assert vega == ["vega-embed.min.js", "vega-lite.min.js", "vega.min.js"]
    for path in with_calculator:
        html = (site_dir / path).read_text(encoding="utf-8")
        assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_vega_waits_until_a_calculator_comes_near_the_screen(page, calculator_pages):
    # A short window: the calculator starts well below it, as on most pages for a reader who opens them.
    page.set_viewport_size({"width": 1280, "height": 400})
    page.open(calculator_pages["lifetime_value"], force=False)
    page.wait_for_load_state("networkidle")
    top = page.evaluate("""() => document.querySelector('[data-calculator="lifetime_value"]')
                                   .getBoundingClientRect().top""")
    assert top > 400 + 400, "the calculator should start more than the lazy-load margin below the window"
    assert not [url for url, _ in page.loaded if "/_static/vega/" in url]

    page.evaluate("""() => document.querySelector('[data-calculator="lifetime_value"]').scrollIntoView()""")
    page.wait_for_function("""() => document.querySelector('[data-calculator="lifetime_value"] svg')""",
                           timeout=15_000)
    vega = sorted(url.rsplit("/", 1)[1] for url, _ in page.loaded if "/_static/vega/" in url)
    assert vega == ["vega-embed.min.js", "vega-lite.min.js", "vega.min.js"]


def test_on_a_phone_the_chart_keeps_its_size_and_the_sentence_shows_as_text(page, calculator_pages):
    page.open(calculator_pages["lifetime_value"], width=375)
    facts = page.evaluate("""() => {
      const box = document.querySelector('[data-calculator="lifetime_value"]');
      const svg = box.querySelector('svg.marks');
      const sentence = box.querySelector('.crmlab-calculator-sentence');
      return {drawn: svg.getBoundingClientRect().width, width: Number(svg.getAttribute('width')),
              text: sentence.textContent, shown: sentence.getBoundingClientRect().height,
              page: document.documentElement.scrollWidth};
    }""")
    assert facts["drawn"] == pytest.approx(facts["width"], abs=1)  # not shrunk to the 375 px column
    assert facts["page"] <= 375  # the chart scrolls inside its own box, not the page
    assert facts["shown"] > 20 and facts["text"].startswith("CLV = 333.33 with a margin of 100 a period")
