"""The calculators on the built site, in Chromium with no kernel: every control of every calculator on every page
is moved as a reader would move it, and the sentence shown must be crmlab's.

Nothing here lists calculators: each page is searched for ``data-crmlab-calculator``
and each calculator found brings its own declaration (its payload: controls,
compiled program, sentence template). The sentence crmlab gives at the same
position comes from the declaration itself (``crmlab.calculators.REGISTRY``)
when the page's calculator has the data its declaration starts with; for one
built with other data (the P&G case's two importance–performance maps) from
the page's own program, run in Python with crmlab's functions (tests in
``tests/test_calculators.py`` check that such a program gives what the
compute function gives).
"""

from __future__ import annotations

import json
import random

import pytest
from bs4 import BeautifulSoup

from crmlab.calculators import REGISTRY, _format, _html, _ir
from crmlab.calculators._format import fmt
from tests import calculator_helpers as helpers
from tests.browser.conftest import discover_pages, site_path

pytestmark = pytest.mark.browser

READ = """(index) => {
  const box = document.querySelectorAll('.crmlab-calc')[index];
  return {live: box.hasAttribute('data-crmlab-live'), sentence: box.querySelector('.crmlab-calc-result').textContent,
          readouts: Array.from(box.querySelectorAll('output')).map((o) => o.textContent)};
}"""

MOVE = """([index, values]) => {
  const box = document.querySelectorAll('.crmlab-calc')[index];
  for (const [name, value] of Object.entries(values)) {
    const inputs = box.querySelectorAll(`[data-crmlab-control="${name}"]`);
    if (!inputs.length) throw new Error(`no control ${name}`);
    const input = inputs[0];
    if (input.type === 'radio') {
      const radio = Array.from(inputs).find((r) => r.value === value);
      if (!radio) throw new Error(`no option ${value} for ${name}`);
      radio.checked = true;
      radio.dispatchEvent(new Event('change', {bubbles: true}));
    } else if (input.type === 'checkbox') {
      input.checked = value;
      input.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
      input.value = String(value);
      input.dispatchEvent(new Event('input', {bubbles: true}));
    }
  }
  return box.querySelector('.crmlab-calc-result').textContent;
}"""


def calculators_on(page_path: str) -> list[dict]:
    """The payloads of the calculators on a built page, in page order."""
    soup = BeautifulSoup((site_path() / page_path).read_text(encoding="utf-8"), "html.parser")
    return [json.loads(box.select_one("script.crmlab-calc-payload").string)
            for box in soup.select("div.crmlab-calc") if box.select_one("script.crmlab-calc-payload")]


def calculator_pages() -> list[str]:
    site = site_path()
    if not (site / "index.html").is_file():
        return []
    return [p for p in discover_pages(site) if "data-crmlab-calculator" in (site / p).read_text(encoding="utf-8")]


PAGES = calculator_pages()


class Reference:
    """What crmlab shows for a page's calculator at any control values."""

    def __init__(self, payload: dict, candidates: dict):
        self.payload = payload
        self.calc = next((c for c in candidates[payload["lang"]].values() if c.name == payload["name"]
                          and _html.payload(c)["program"] == payload["program"]), None)
        self.statements, self.tables = _ir.program_from_plain(payload["program"])
        self.controls = {c["name"]: c for c in payload["controls"]}

    def shown(self, values: dict) -> str:
        """The sentence (or "⚠ message") crmlab gives at ``values``."""
        if self.calc is not None:
            outcome = self.calc.outcome(values)
            return f"⚠ {outcome.message}" if outcome.message is not None else outcome.sentence
        positions = {name: position(self.controls[name], value) for name, value in values.items()}
        try:
            results = _ir.normalize(_ir.run(self.statements, dict(values), self.tables, positions))
        except _ir.Raised as raised:
            return f"⚠ {raised.message}"
        terms = self.payload["terms"]
        return _format.render(self.payload["template"], {**self.payload["data"], **values, **results},
                              self.payload["lang"], lambda key, lang: terms[key])


def position(control: dict, value) -> int | None:
    if control["kind"] == "slider":
        return round((value - control["low"]) / control["step"])
    if control["kind"] == "toggle":
        return int(value)
    if control["kind"] == "choice":
        return control["options"].index(value)
    return None


def values_of(control: dict) -> list:
    """The values a control can take (a number box: a few typed numbers)."""
    if control["kind"] == "slider":
        count = round((control["high"] - control["low"]) / control["step"]) + 1
        to = int if control["integer"] else float
        return [to(round(control["low"] + k * control["step"], 10)) for k in range(count)]
    if control["kind"] == "toggle":
        return [False, True]
    if control["kind"] == "choice":
        return control["options"]
    return [0.0, 12.5, -3.0, 4000.0]


def moves(payload: dict, start: dict, seed: int) -> list[dict]:
    """Each control to its ends and middle (the others where they are), then random joint positions."""
    rng = random.Random(seed)
    out = []
    for control in payload["controls"]:
        choices = values_of(control)
        for k in sorted({0, len(choices) - 1, len(choices) // 2, rng.randrange(len(choices))}):
            out.append({control["name"]: choices[k]})
        out.append({control["name"]: start[control["name"]]})
    out += [{c["name"]: rng.choice(values_of(c)) for c in payload["controls"]} for _ in range(4)]
    return out


def starting_values(page, index: int, payload: dict) -> dict:
    return page.evaluate("""([index, controls]) => {
      const box = document.querySelectorAll('.crmlab-calc')[index], out = {};
      for (const c of controls) {
        const inputs = box.querySelectorAll(`[data-crmlab-control="${c.name}"]`);
        if (c.kind === 'choice') out[c.name] = Array.from(inputs).find((r) => r.checked).value;
        else if (c.kind === 'toggle') out[c.name] = inputs[0].checked;
        else out[c.name] = Number(inputs[0].value);
      }
      return out;
    }""", [index, payload["controls"]])


def check_clean(page) -> None:
    assert page.external_requests == []
    assert page.failed_requests == []
    assert [e for e in page.console_errors if "theme mode" not in e] == []


@pytest.fixture(scope="module")
def candidates():
    """Every declared calculator in each language the pages use, by language."""
    return {lang: helpers.instances(lang) for lang in ("en", "zh")}


# --- every calculator on every page ------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES or ["no-site"])
def test_every_control_of_every_calculator_shows_crmlab_s_sentence(page, site_dir, candidates, path):
    payloads = calculators_on(path)
    assert payloads, f"{path} has no calculator payload"
    page.open(path)
    for index, payload in enumerate(payloads):
        reference = Reference(payload, candidates)
        shown = page.evaluate(READ, index)
        assert shown["live"], f"{path}: calculator {index} ({payload['name']}) did not start"
        values = starting_values(page, index, payload)
        assert " ".join(shown["sentence"].split()) == " ".join(reference.shown(values).split())
        for step, move in enumerate(moves(payload, values, seed=index)):
            values = {**values, **move}
            text = page.evaluate(MOVE, [index, move])
            expected = reference.shown(values)
            assert " ".join(text.split()) == " ".join(expected.split()), (
                f"{path}, calculator {payload['name']} after move {step} to {values}:\n"
                f"  shown:  {text!r}\n  crmlab: {expected!r}")
        readouts = page.evaluate(READ, index)["readouts"]
        sliders = [c for c in payload["controls"] if c["kind"] == "slider"]
        assert readouts == [fmt(values[c["name"]], c["shown"], payload["lang"]) for c in sliders]
    check_clean(page)


def test_every_declared_calculator_is_live_somewhere(site_dir):
    names = {payload["name"] for path in PAGES for payload in calculators_on(path)}
    assert names == set(REGISTRY), f"not on any page: {set(REGISTRY) - names}; unknown: {names - set(REGISTRY)}"


def test_no_page_shows_a_dead_widget_snapshot_or_loads_the_widget_manager(site_dir):
    for path in PAGES:
        html = (site_dir / path).read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in html, path
        assert "application/vnd.jupyter.widget-state+json" not in html, path
        assert "crmlab-widgets.js" not in html, path


# --- charts -----------------------------------------------------------------------------------------------

def test_charts_draw_the_results_and_follow_the_controls(page, candidates):
    path = next(p for p in PAGES if p.endswith("leaky-bucket.html"))
    page.open(path)
    rows = """() => { const el = document.querySelector('[data-crmlab-calculator="leaky_bucket"] .crmlab-calc-chart');
                      return {svg: !!el.querySelector('svg'), path: el.crmlabChart.view.data('path').length,
                              steady: el.crmlabChart.view.data('steady_line').length,
                              label: el.getAttribute('aria-label')}; }"""
    page.wait_for_function("() => document.querySelector('.crmlab-calc-chart svg')", timeout=15_000)
    start = page.evaluate(rows)
    assert start["svg"] and start["path"] == 21 and start["steady"] == 1  # periods 0..20, a steady-state line
    assert "holds 506 customers after 20 periods" in start["label"]  # the text alternative says the result
    page.evaluate(MOVE, [0, {"periods": 5, "churn": 0}])
    page.wait_for_timeout(200)
    after = page.evaluate(rows)
    assert after["path"] == 6 and after["steady"] == 0 and "holds 1,500 customers" in after["label"]
    check_clean(page)


def test_vega_waits_until_a_chart_comes_near_the_screen(page):
    page.set_viewport_size({"width": 1280, "height": 400})
    path = next(p for p in PAGES if p.endswith("lifetime-value.html"))
    page.open(path, force=False)
    page.quiet()
    top = page.evaluate("() => document.querySelector('.crmlab-calc-chart').getBoundingClientRect().top")
    assert top > 400 + 400, "the chart should start more than the lazy-load margin below the window"
    assert not [url for url, _ in page.loaded if "/_static/vega/" in url]
    page.evaluate("() => document.querySelector('.crmlab-calc-chart').scrollIntoView()")
    page.wait_for_function("() => document.querySelector('.crmlab-calc-chart svg')", timeout=15_000)
    vega = sorted(url.rsplit("/", 1)[1] for url, _ in page.loaded if "/_static/vega/" in url)
    assert vega == ["vega-embed.min.js", "vega-lite.min.js", "vega.min.js"]


def test_scripts_load_only_where_a_calculator_is(page, site_dir):
    page.open("book/intro.html")
    loaded = [url for url, _ in page.loaded]
    assert not [u for u in loaded if "crmlab-calculators.js" in u or "crmlab-formulas.js" in u or "/vega/" in u]
    for path in PAGES:
        html = (site_dir / path).read_text(encoding="utf-8")
        assert html.count("crmlab-calculators.js") == 1 and html.count("crmlab-formulas.js") == 1, path
        assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


# --- readers ----------------------------------------------------------------------------------------------

def test_the_keyboard_moves_a_slider_and_the_live_region_says_so(page):
    path = next(p for p in PAGES if p.endswith("retention-and-word-of-mouth.html"))
    page.open(path)
    box = page.locator('[data-crmlab-calculator="word_of_mouth"]')
    assert box.locator(".crmlab-calc-result").get_attribute("aria-live") == "polite"
    box.locator('[data-crmlab-control="tells"]').focus()
    page.keyboard.press("ArrowRight")  # 8 → 9 people each: 365 × 9 = 3,285
    assert "if each tells 9 people, 3,285 people hear about it" in box.locator(".crmlab-calc-result").text_content()
    assert box.locator("output").nth(1).text_content() == "9"


def test_every_control_has_a_label_and_every_calculator_a_name(page, site_dir):
    for path in PAGES:
        soup = BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")
        for box in soup.select("div.crmlab-calc"):
            title = soup.find(id=box["aria-labelledby"])
            assert title is not None and title.get_text(strip=True), path
            for field in box.select("input[type=range], input[type=checkbox], input[type=number]"):
                assert box.select_one(f'label[for="{field["id"]}"]').get_text(strip=True), (path, field["id"])
            for group in box.select("fieldset.crmlab-control-choice"):
                assert group.legend.get_text(strip=True) and group.select("label > input[type=radio]"), path


CUT = """() => {
  const problems = [];
  const texts = 'label, legend, .crmlab-calc-title, .crmlab-calc-note, .crmlab-calc-result, output';
  for (const box of document.querySelectorAll('.crmlab-calc')) {
    const edge = box.getBoundingClientRect(), name = box.dataset.crmlabCalculator;
    if (edge.right > document.documentElement.clientWidth + 1) problems.push(`${name}: the box`);
    for (const el of box.querySelectorAll(texts)) {
      const r = el.getBoundingClientRect(), style = getComputedStyle(el), what = el.textContent.slice(0, 40);
      const overflows = el.scrollWidth > el.clientWidth + 1;
      if (overflows && style.overflowX !== 'visible') problems.push(`${name}: "${what}" scrolls`);
      if (style.textOverflow === 'ellipsis' || (style.whiteSpace === 'nowrap' && overflows)) {
        problems.push(`${name}: "${what}" is cut`);
      }
      if (r.right > edge.right + 1 || r.left < edge.left - 1) problems.push(`${name}: "${what}" sticks out`);
    }
    const svg = box.querySelector('.crmlab-calc-chart svg');
    if (svg && svg.getBoundingClientRect().right > edge.right + 1) problems.push(`${name}: the chart`);
    for (const text of box.querySelectorAll('.crmlab-calc-chart svg text')) {  // Vega ends a cut text with …
      const t = text.getBoundingClientRect(), s = svg.getBoundingClientRect(), words = text.textContent;
      if (text.closest('[opacity="0"]') || getComputedStyle(text).opacity === '0') continue;  // an axis label
      // Vega hid because it would overlap its neighbour: not drawn, so not cut
      if (words.includes('…')) problems.push(`${name}: chart text "${words}" is cut`);
      if (t.width && (t.right > s.right + 1 || t.left < s.left - 1)) problems.push(`${name}: "${words}" sticks out`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_no_label_sentence_or_chart_is_cut(page, width):
    for path in PAGES:
        page.open(path, width=width)
        page.wait_for_timeout(100)
        assert page.evaluate(CUT) == [], f"{path} at {width} px"


CHART_TEXTS = """() => Array.from(document.querySelectorAll('.crmlab-calc')).map((box) => [
  box.dataset.crmlabCalculator,
  Array.from(box.querySelectorAll('.crmlab-calc-chart svg text')).map((t) => t.textContent)])"""


def test_a_chinese_page_draws_its_charts_in_chinese(page):
    """Issue 18: every text of every chart on a Chinese page (axis and legend titles and labels, bar names,
    point labels) is Chinese; crmlab's values are English, the chart's Vega expressions write them so."""
    english = []
    for path in [p for p in PAGES if p.startswith("zh/")]:
        page.open(path)
        charts = page.locator(".crmlab-calc-chart")
        for index in range(charts.count()):  # a chart is drawn when it comes into view
            charts.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("() => Array.from(document.querySelectorAll('.crmlab-calc-chart'))"
                               ".every((c) => c.querySelector('svg text'))", timeout=15_000)
        for name, texts in page.evaluate(CHART_TEXTS):
            english += [f"{path} {name}: {text!r}" for text in texts if helpers.english_words(text)]
    assert english == []
