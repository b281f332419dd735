"""Kernel-free calculators for the online book: Vega-Lite charts with sliders, built with Altair.

A reader of the static book has no Python kernel behind the page, so each
calculator here is a Vega-Lite specification whose controls (sliders,
drop-downs, check boxes: native, keyboard-operable HTML inputs) recompute the
chart and a result sentence in the browser. Two ways keep the numbers equal to
:mod:`crmlab`'s:

- **grid** (preferred): Python evaluates the crmlab function at every position
  the controls can take and ships the table; the controls only *select* rows
  (satisfaction, IPA, loyalty segments, the stay/leave rule of trust);
- **expression**: where the controls span too many positions for a table (8–16
  sliders, or continuous money amounts), the short formula is written as a Vega
  expression; ``tests/browser/test_calculators_browser.py`` moves the controls
  on the built site and checks the numbers shown against crmlab's.

Every public ``*_calculator`` function returns a :class:`Calculator`; in a
notebook cell it displays itself as HTML that loads vega, vega-lite and
vega-embed from the site's own ``_static/vega/`` folder (pinned npm copies, no
CDN), only on pages that show a calculator. Outside the built book (plain
Jupyter) it shows its text fallback: use :mod:`crmlab.widgets` there.

Bad input given to a function (an empty table, say) and impossible control
combinations both show a message inside the chart instead of raising. The
``*_sentence`` functions state a result in words from crmlab's numbers; the
ipywidgets of :mod:`crmlab.widgets` use the same ones. Any other Altair chart
can be drawn offline too: ``alt.renderers.enable("crmlab")``.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from crmlab import _checks, loyalty, retention, satisfaction, trust, value

__all__ = [
    "Calculator", "delivered_value_calculator", "satisfaction_calculator", "servqual_calculator",
    "ipa_calculator", "loyalty_segments_calculator", "trust_breach_calculator", "lifetime_value_calculator",
    "leaky_bucket_calculator", "word_of_mouth_calculator", "fmt", "check_ipa_table", "check_survey", "cut_range",
    "embed_html", "offline_renderer", "delivered_value_sentence", "satisfaction_sentence", "servqual_sentence",
    "ipa_sentence", "loyalty_segments_sentence", "trust_breach_sentence", "lifetime_value_sentence",
    "leaky_bucket_sentence", "word_of_mouth_sentence", "trust_mix",
]

WIDTH = 600
"""Width in pixels of a calculator's main chart (fits the book's text column)."""

SENTENCE_WRAP = 88
"""Characters per line of a result sentence drawn in the chart."""

VEGA_FILES = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
"""Loaded in this order from ``<site root>/_static/vega/`` (``make`` copies them from node_modules)."""

SENTENCE_VIEW = "sentence"
"""Name of the view holding a calculator's result sentence (its SVG text group has class ``sentence_marks``)."""

STYLE = """<style>
.crmlab-calculator { overflow-x: auto; margin: 1em 0; }
.crmlab-calculator .vega-bindings { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr));
  gap: 0.15em 1.5em; margin-top: 0.5em; font-size: 0.9em; }
.crmlab-calculator[data-calculator="delivered_value"] .vega-bindings { grid-auto-flow: column;
  grid-template-rows: repeat(8, auto); grid-template-columns: repeat(2, 1fr); }
.crmlab-calculator[data-calculator="servqual"] .vega-bindings { grid-template-columns: repeat(3, 1fr); }
.crmlab-calculator .vega-bind label { display: grid; grid-template-columns: minmax(9em, 17em) minmax(5em, 12em) 3.5em;
  align-items: center; gap: 0.5em; margin: 0.1em 0; }
.crmlab-calculator .vega-bind input[type=range] { width: 100%; }
@media (max-width: 720px) {
  .crmlab-calculator .vega-bindings { grid-template-columns: 1fr !important; grid-auto-flow: row !important;
    grid-template-rows: none !important; max-width: calc(100vw - 2.5em); }
  .crmlab-calculator .vega-bind label { grid-template-columns: minmax(0, 1fr) 7em 2.5em; }
  .crmlab-calculator .crmlab-calculator-sentence { position: static; width: auto; height: auto; overflow: visible;
    clip: auto; margin: 0.5em 0 0; padding-left: 0.6em; border-left: 3px solid #0a5cc9; } }
.crmlab-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style>"""
"""Lays the controls out in columns (one on a phone, where the result sentence also shows as text under
them); repeated with each calculator (harmless), so a page needs no extra CSS."""

_ids = itertools.count(1)


def fmt(number: float, digits: int = 0) -> str:
    """A number as the calculators print it: thousands separators, ``digits`` decimals, a true minus sign.

    This matches d3-format's ``",.Nf"``, which the browser uses for the numbers
    computed by Vega expressions, so Python-made and browser-made sentences read
    alike.

    >>> fmt(2920), fmt(-0.5, 2), fmt(1234.567, 1)
    ('2,920', '−0.50', '1,234.6')
    """
    text = f"{number:,.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":  # "-0.00" would read as a negative zero
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def _js_fmt(expression: str, digits: int = 0) -> str:
    """Vega expression formatting ``expression`` like :func:`fmt` (d3-format, true minus sign)."""
    return f"format({expression}, ',.{digits}f')"


def _wrap(sentence: str) -> str:
    return "\n".join(textwrap.wrap(sentence, SENTENCE_WRAP))


@dataclass
class Calculator:
    """A kernel-free calculator: an Altair chart plus what the page shows around it.

    ``chart`` is the Altair chart (``chart.to_dict()`` is the Vega-Lite
    specification), ``description`` the text alternative read by screen
    readers, ``fallback`` the sentence shown where JavaScript does not run
    (also the result at the starting values).
    """

    name: str
    chart: alt.TopLevelMixin
    description: str
    fallback: str

    @property
    def spec(self) -> dict:
        """The Vega-Lite specification as a dictionary."""
        return self.chart.to_dict()

    def params(self) -> dict[str, dict]:
        """The bound parameters (the controls) of the specification, by name."""
        return {p["name"]: p for p in self.spec.get("params", []) if "bind" in p}

    def to_html(self) -> str:
        """HTML that draws the calculator with the site's own copies of vega, vega-lite and vega-embed."""
        return embed_html(self.spec, self.name, self.description, self.fallback)

    def _repr_html_(self) -> str:
        return self.to_html()


def embed_html(spec: dict, name: str, description: str, fallback: str) -> str:
    """HTML that draws a Vega-Lite ``spec`` with the site's own vega, vega-lite and vega-embed (no CDN).

    The scripts are found from the page's ``data-content_root`` attribute
    (Sphinx ≥ 7.2 writes it on ``<html>``), so the same output works at any
    page depth, and are loaded once per page, only on pages that call this;
    vega's UMD builds are kept from registering with require.js (loaded on
    pages with ipywidgets) by hiding ``define`` while they load. Where the
    attribute is missing (plain Jupyter) the ``fallback`` text stays.
    """
    spec = json.dumps(spec, ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha1(spec.encode()).hexdigest()[:8]
    element = f"crmlab-{name}-{digest}-{next(_ids)}"
    safe_spec = spec.replace("</", "<\\/")
    label = html.escape(description, quote=True)
    return f"""{STYLE}<div class="crmlab-calculator" data-calculator="{name}">
<div id="{element}" data-vega-embed role="figure" aria-label="{label}">
<p class="crmlab-calculator-fallback">{html.escape(fallback)} <em>(The interactive calculator needs
JavaScript and runs in the online book; in Jupyter use <code>crmlab.widgets</code>.)</em></p>
</div>
<p id="{element}-result" class="crmlab-calculator-sentence crmlab-visually-hidden" aria-live="polite"></p>
<script type="application/json" id="{element}-spec">{safe_spec}</script>
<script>
(function () {{
  var root = document.documentElement.getAttribute("data-content_root");
  var el = document.getElementById("{element}");
  if (root === null || !el) {{ el && el.removeAttribute("data-vega-embed"); return; }}
  var files = {json.dumps(list(VEGA_FILES))};
  // vega (~1 MB) is fetched only when a calculator comes near the screen, on print, or on request
  // (window.crmlabLoadCharts(), which the browser tests call); most readers of a page never reach it.
  window.crmlabVegaLoad = window.crmlabVegaLoad || function () {{
    window.crmlabVega = window.crmlabVega || files.reduce(function (chain, file) {{
      return chain.then(function () {{
        return new Promise(function (resolve, reject) {{
          var script = document.createElement("script");
          var amd = window.define;
          window.define = undefined;
          script.src = root + "_static/vega/" + file;
          script.onload = function () {{ window.define = amd; resolve(); }};
          script.onerror = function () {{ window.define = amd; reject(new Error("could not load " + script.src)); }};
          document.head.appendChild(script);
        }});
      }});
    }}, Promise.resolve());
    return window.crmlabVega;
  }};
  var started = false;
  var start = function () {{
    if (started) {{ return; }}
    started = true;
    draw();
  }};
  window.crmlabCharts = window.crmlabCharts || [];
  window.crmlabCharts.push(start);
  window.crmlabLoadCharts = window.crmlabLoadCharts || function () {{
    window.crmlabCharts.forEach(function (f) {{ f(); }});
  }};
  window.addEventListener("beforeprint", start);
  if ("IntersectionObserver" in window) {{
    var observer = new IntersectionObserver(function (entries) {{
      if (entries.some(function (e) {{ return e.isIntersecting; }})) {{ observer.disconnect(); start(); }}
    }}, {{rootMargin: "400px 0px"}});
    observer.observe(el);
  }} else {{
    start();
  }}
  function draw() {{
    var spec = JSON.parse(document.getElementById("{element}-spec").textContent);
    var live = document.getElementById("{element}-result");
    window.crmlabVegaLoad().then(function () {{
      return vegaEmbed(el, spec, {{actions: false, renderer: "svg"}});
    }}).then(function (result) {{
      // Mirror the result sentence into a polite live region, so screen readers announce each new result;
      // on a phone the region is shown too, as the chart (which keeps its size) scrolls inside its box.
      var say = function () {{
        var text = el.querySelector(".{SENTENCE_VIEW}_marks");
        live.textContent = text ? Array.from(text.querySelectorAll("text")).map(function (t) {{
          var lines = t.querySelectorAll("tspan");
          return lines.length ? Array.from(lines).map(function (l) {{ return l.textContent; }}).join(" ")
                              : t.textContent;
        }}).join(" ") : "";
      }};
      (spec.params || []).forEach(function (param) {{
        if (param.bind) {{ result.view.addSignalListener(param.name, function () {{
          result.view.runAfter(function () {{ setTimeout(say, 0); }});
        }}); }}
      }});
      say();
    }}).catch(function (error) {{
      el.insertAdjacentHTML("beforeend", "<p role='alert'>The calculator could not start: " + error.message + "</p>");
    }});
  }}
}})();
</script>
</div>"""


def offline_renderer(spec: dict, **metadata: Any) -> dict:
    """An Altair renderer for the book: any Altair chart drawn with the site's own vega (no CDN).

    Enable it in a page with ``alt.renderers.enable("crmlab")`` after importing
    this module (which registers it); the calculators do not need it.
    """
    description = spec.get("description") or "Chart"
    return {"text/html": embed_html(spec, "chart", description, description)}


alt.renderers.register("crmlab", offline_renderer)


def _slider(name: str, label: str, value: float, low: float, high: float, step: float) -> alt.Parameter:
    """A bound range input; ``label`` names the quantity and its unit."""
    return alt.param(name=name, value=value,
                     bind=alt.binding_range(min=low, max=high, step=step, name=label + " "))


def _checkbox(name: str, label: str, value: bool) -> alt.Parameter:
    return alt.param(name=name, value=value, bind=alt.binding_checkbox(name=label + " "))


def _sentence(expression: str, base: alt.Chart | None = None, height: int = 60) -> alt.Chart:
    """A text mark showing the result sentence; ``expression`` is a Vega expression for its text.

    ``base`` is a chart whose (filtered, looked-up) single row the expression
    reads as ``datum``; by default one empty row. Lines are separated by ``\\n``.
    """
    base = alt.Chart(alt.Data(values=[{}])) if base is None else base
    return (base.transform_calculate(sentence=expression)
            .mark_text(align="left", baseline="top", fontSize=13, lineBreak="\n", lineHeight=18)
            .encode(text="sentence:N", x=alt.value(0), y=alt.value(4))
            .properties(width=WIDTH, height=height, name=SENTENCE_VIEW))


def _assemble(name: str, parts: list, params: list[alt.Parameter], title: str, description: str,
              fallback: str) -> Calculator:
    chart = (alt.concat(*parts, columns=1, spacing=12, align="none")
             .add_params(*params)
             .properties(title=alt.Title(title, anchor="start", fontSize=15), description=description)
             .configure_view(stroke=None)
             .configure_axis(labelFontSize=12, titleFontSize=12)
             .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom"))
    return Calculator(name=name, chart=chart, description=description, fallback=fallback)


def _message(name: str, title: str, message: str) -> Calculator:
    """A calculator that only shows ``message`` (for bad input given in Python)."""
    text = f"Cannot draw this calculator: {message}"
    chart = (alt.Chart(alt.Data(values=[{"message": _wrap(text)}]))
             .mark_text(align="left", baseline="top", fontSize=14, lineBreak="\n", color="#b00020")
             .encode(text="message:N", x=alt.value(0), y=alt.value(4))
             .properties(width=WIDTH, height=60, title=alt.Title(title, anchor="start"), description=text,
                         name=SENTENCE_VIEW)
             .configure_view(stroke=None))
    return Calculator(name=name, chart=chart, description=text, fallback=text)


def _step_grid(low: float, high: float, step: float) -> np.ndarray:
    """The positions a slider from ``low`` to ``high`` in ``step`` can take, rounded as the browser shows them."""
    count = int(round((high - low) / step))
    return np.round(low + step * np.arange(count + 1), 10)


def _near(field: str, param: str) -> str:
    """Vega filter: the grid row whose ``field`` is the slider's current value (tolerant of float noise)."""
    return f"abs(datum.{field} - {param}) < 1e-6"


# ---------------------------------------------------------------------------------------------------------
# V1 customer delivered value (expression: 16 sliders)

COMPONENT_NAMES = {"product": "product value", "service": "service value", "personnel": "personnel value",
                   "image": "image value", "monetary": "monetary cost", "time": "time cost",
                   "energy": "energy cost", "psychological": "psychic cost"}
"""Control labels of the eight components (Kotler's terms; ``psychological`` is his psychic cost)."""

DEFAULT_OFFERS = {
    "A": dict(product=50, service=10, personnel=5, image=5, monetary=40, time=5, energy=5, psychological=0),
    "B": dict(product=55, service=20, personnel=5, image=10, monetary=50, time=5, energy=5, psychological=0),
}
"""Two illustrative offers (the example of :func:`crmlab.value.chosen_offer`), in value units."""


def delivered_value_sentence(totals: Mapping[str, value.DeliveredValue]) -> str:
    """The delivered-value calculators' verdict, from :func:`crmlab.value.chosen_offer`.

    >>> a = value.delivered_value(**DEFAULT_OFFERS["A"])
    >>> b = value.delivered_value(**DEFAULT_OFFERS["B"])
    >>> print(delivered_value_sentence({"A": a, "B": b}))
    Offer B delivers 10 more units of value (30 vs 20): the customer chooses B.
    Delivered value = total value − total cost: A 70 − 50 = 20, B 90 − 60 = 30.
    Value/cost ratio: A 1.40, B 1.50.
    """
    chosen = value.chosen_offer(totals)
    (first, a), (second, b) = totals.items()
    if a.delivered_value == b.delivered_value:
        verdict = (f"Both offers deliver {fmt(a.delivered_value)} units of value: the customer has no reason "
                   f"to switch and stays with {first}.")
    else:
        other = second if chosen == first else first
        lead = totals[chosen].delivered_value - totals[other].delivered_value
        verdict = (f"Offer {chosen} delivers {fmt(lead)} more units of value ({fmt(totals[chosen].delivered_value)} "
                   f"vs {fmt(totals[other].delivered_value)}): the customer chooses {chosen}.")
    sums = ", ".join(f"{name} {fmt(t.total_value)} − {fmt(t.total_cost)} = {fmt(t.delivered_value)}"
                     for name, t in totals.items())
    ratios = ", ".join(f"{name} {fmt(t.value_ratio, 2) if math.isfinite(t.value_ratio) else '∞'}"
                       for name, t in totals.items())
    return f"{verdict}\nDelivered value = total value − total cost: {sums}.\nValue/cost ratio: {ratios}."


def delivered_value_calculator(offer_a: Mapping[str, float] | None = None,
                               offer_b: Mapping[str, float] | None = None, *, maximum: float = 100) -> Calculator:
    """Two competing offers side by side: the four value and four cost components of each (V1).

    ``offer_a``/``offer_b`` give the starting amounts (keyword arguments of
    :func:`crmlab.value.delivered_value`); every slider runs from 0 to
    ``maximum`` value units in steps of 1. The chart stacks each offer's value
    and cost components; the sentence names the offer with the higher customer
    delivered value (ties stay with A, as in :func:`crmlab.value.chosen_offer`).

    >>> calc = delivered_value_calculator()
    >>> sorted(calc.params())[:3]
    ['a_energy', 'a_image', 'a_monetary']
    >>> calc.fallback.splitlines()[0]
    'Offer B delivers 10 more units of value (30 vs 20): the customer chooses B.'
    """
    title = "Customer delivered value (顾客让渡价值): which offer does the customer choose?"
    try:
        offers = {"A": dict(DEFAULT_OFFERS["A"] if offer_a is None else offer_a),
                  "B": dict(DEFAULT_OFFERS["B"] if offer_b is None else offer_b)}
        totals = {name: value.delivered_value(**amounts) for name, amounts in offers.items()}
        maximum = _checks.number("maximum", maximum, low=1)
        for name, amounts in offers.items():
            for component, amount in amounts.items():
                _checks.number(f"offer {name} {component}", amount, low=0, high=maximum)
    except (TypeError, ValueError) as error:
        return _message("delivered_value", title, str(error))

    components = value.VALUE_COMPONENTS + value.COST_COMPONENTS
    params = [_slider(f"{offer.lower()}_{c}", f"Offer {offer}: {COMPONENT_NAMES[c]} (units)",
                      offers[offer][c], 0, maximum, 1)
              for offer in offers for c in components]
    fields = {f"{o.lower()}_{c}": f"{o.lower()}_{c}" for o in offers for c in components}

    def total(offer: str, names: tuple[str, ...]) -> str:
        return "(" + " + ".join(f"{offer}_{c}" for c in names) + ")"

    cdv = {o: f"({total(o, value.VALUE_COMPONENTS)} - {total(o, value.COST_COMPONENTS)})" for o in ("a", "b")}
    bars = (alt.Chart(alt.Data(values=[{}]))
            .transform_calculate(**fields)
            .transform_fold(list(fields), as_=["key", "amount"])
            .transform_calculate(offer="'Offer ' + upper(slice(datum.key, 0, 1))",
                                 component="slice(datum.key, 2)")
            .transform_calculate(kind="indexof(" + json.dumps(list(value.VALUE_COMPONENTS))
                                      + ", datum.component) >= 0 ? 'value (价值)' : 'cost (成本)'",
                                 label="datum.component == 'psychological' ? 'psychic' : datum.component")
            .mark_bar()
            .encode(y=alt.Y("kind:N", title=None, sort=["value (价值)", "cost (成本)"]),
                    x=alt.X("sum(amount):Q", title="amount (value units)"),
                    color=alt.Color("label:N", title="component", legend=alt.Legend(columns=4),
                                    scale=alt.Scale(domain=["product", "service", "personnel", "image",
                                                            "monetary", "time", "energy", "psychic"],
                                                    scheme="tableau10")),
                    row=alt.Row("offer:N", title=None, header=alt.Header(labelFontSize=13, labelAngle=0,
                                                                         labelAlign="left")),
                    tooltip=["offer:N", "kind:N", "label:N", "amount:Q"])
            .properties(width=WIDTH - 120, height=60))
    ratio = {o: "(" + total(o, value.COST_COMPONENTS) + " > 0 ? "
                + _js_fmt(total(o, value.VALUE_COMPONENTS) + " / " + total(o, value.COST_COMPONENTS), 2) + " : '∞')"
             for o in ("a", "b")}
    verdict = (f"{cdv['a']} == {cdv['b']} ? 'Both offers deliver ' + {_js_fmt(cdv['a'])} + ' units of value: the "
               f"customer has no reason to switch and stays with A.' : ({cdv['b']} > {cdv['a']} ? 'Offer B delivers '"
               f" + {_js_fmt(cdv['b'] + ' - ' + cdv['a'])} + ' more units of value (' + {_js_fmt(cdv['b'])} + ' vs '"
               f" + {_js_fmt(cdv['a'])} + '): the customer chooses B.' : 'Offer A delivers ' + "
               f"{_js_fmt(cdv['a'] + ' - ' + cdv['b'])} + ' more units of value (' + {_js_fmt(cdv['a'])} + ' vs ' + "
               f"{_js_fmt(cdv['b'])} + '): the customer chooses A.')")
    detail = ("'\\nDelivered value = total value − total cost: A ' + " + _js_fmt(total("a", value.VALUE_COMPONENTS))
              + " + ' − ' + " + _js_fmt(total("a", value.COST_COMPONENTS)) + " + ' = ' + " + _js_fmt(cdv["a"])
              + " + ', B ' + " + _js_fmt(total("b", value.VALUE_COMPONENTS)) + " + ' − ' + "
              + _js_fmt(total("b", value.COST_COMPONENTS)) + " + ' = ' + " + _js_fmt(cdv["b"])
              + " + '.\\nValue/cost ratio: A ' + " + ratio["a"] + " + ', B ' + " + ratio["b"] + " + '.'")
    fallback = delivered_value_sentence(totals)
    description = ("Stacked bars of the four value components and the four cost components of offers A and B, "
                   "with a sentence saying which offer delivers more value. " + fallback.replace("\n", " "))
    return _assemble("delivered_value", [bars, _sentence("(" + verdict + ") + " + detail, height=64)], params, title,
                     description, fallback)


# ---------------------------------------------------------------------------------------------------------
# S2–S4 satisfaction: gap, ratio and the Q1/Q0 verdict (grid), with the public-bus story

Q_OUTCOMES_ZH = {"highly satisfied": "高度满意", "satisfied": "一般满意", "dissatisfied": "不满意"}
BUS_STORY = {"hot summer day": 2.0, "cool autumn day": 8.0}
"""Illustrative expectations Q0 for the two bus rides of seed 004 (the seed gives no numbers)."""


def satisfaction_sentence(perceived: float, expected: float, tolerance: float) -> str:
    """The satisfaction calculators' result in words, from crmlab's gap, ratio and Q1/Q0 model.

    >>> print(satisfaction_sentence(6, 4, 0.5))
    Q1 = 6.0 against Q0 = 4.0: gap Q1 − Q0 = 2.0, ratio Q1 / Q0 = 1.50.
    Verdict of the Q1/Q0 model (tolerance 0.5): highly satisfied (高度满意).
    >>> print(satisfaction_sentence(6, 0, 0.5).splitlines()[0])
    Q1 = 6.0 against Q0 = 0.0: gap Q1 − Q0 = 6.0; the ratio form needs Q0 above 0.
    """
    gap = satisfaction.satisfaction_gap(perceived, expected)
    verdict = satisfaction.q_model(perceived, expected, tolerance)
    try:
        ratio_text = f", ratio Q1 / Q0 = {fmt(satisfaction.satisfaction_ratio(perceived, expected), 2)}"
    except ValueError:
        ratio_text = "; the ratio form needs Q0 above 0"
    return (f"Q1 = {fmt(perceived, 1)} against Q0 = {fmt(expected, 1)}: gap Q1 − Q0 = {fmt(gap, 1)}{ratio_text}.\n"
            f"Verdict of the Q1/Q0 model (tolerance {fmt(tolerance, 1)}): {verdict} ({Q_OUTCOMES_ZH[verdict]}).")


def satisfaction_calculator(perceived: float = 6, expected: float = 4, tolerance: float = 0.5) -> Calculator:
    """Satisfaction as gap and ratio, and the Q1/Q0 verdict (S2, S3, S4), on a 0–10 scale.

    Sliders: perceived effect Q1 and expectation Q0 (0–10 points, steps of
    0.5), the tolerance of the Q1/Q0 model (0–2 points, steps of 0.5). Every
    number is looked up in a grid computed with
    :func:`crmlab.satisfaction.satisfaction_gap`, ``satisfaction_ratio`` and
    ``q_model``. The chart draws the ratio for the current Q1 against every
    expectation and marks the public-bus story of seed 004: the same crowded
    ride delights on a hot summer day (low expectation) and disappoints on a
    cool autumn day (high expectation); the two expectations are illustrative.

    >>> calc = satisfaction_calculator()
    >>> sorted(calc.params())
    ['expected', 'perceived', 'tolerance']
    """
    title = "Satisfaction (顾客满意): gap, ratio and the Q1/Q0 verdict"
    try:
        start = (_checks.number("perceived", perceived, low=0, high=10),
                 _checks.number("expected", expected, low=0, high=10),
                 _checks.number("tolerance", tolerance, low=0, high=2))
        fallback = satisfaction_sentence(*start)
    except (TypeError, ValueError) as error:
        return _message("satisfaction", title, str(error))
    scale, tolerances = _step_grid(0, 10, 0.5), _step_grid(0, 2, 0.5)
    outcomes = list(satisfaction.Q_OUTCOMES)
    rows = []
    for p in scale:
        for e in scale:
            row = {"p": p, "e": e, "gap": float(satisfaction.satisfaction_gap(p, e)),
                   "ratio": round(float(satisfaction.satisfaction_ratio(p, e)), 9) if e > 0 else None}
            # v0, v1, …: the verdict's position in Q_OUTCOMES at the 1st, 2nd, … tolerance of the slider
            row.update({f"v{i}": outcomes.index(satisfaction.q_model(p, e, t)) for i, t in enumerate(tolerances)})
            rows.append(row)
    params = [_slider("perceived", "Perceived effect Q1 (points, 0–10)", start[0], 0, 10, 0.5),
              _slider("expected", "Expectation Q0 (points, 0–10)", start[1], 0, 10, 0.5),
              _slider("tolerance", "Tolerance of the Q1/Q0 model (points)", start[2], 0, 2, 0.5)]
    grid = pd.DataFrame(rows)
    at_q1 = alt.Chart(grid).transform_filter(_near("p", "perceived"))
    curve = (at_q1.transform_filter("datum.e > 0")
             .mark_line(color="#1565c0", clip=True)
             .encode(x=alt.X("e:Q", title="expectation Q0 (points)", scale=alt.Scale(domain=[0, 10])),
                     y=alt.Y("ratio:Q", title="satisfaction ratio Q1 / Q0 (axis cut at 4)",
                             scale=alt.Scale(domain=[0, 4]))))
    here = (at_q1.transform_filter(_near("e", "expected")).transform_filter("datum.e > 0")
            .mark_point(size=120, filled=True, color="#1565c0", clip=True)
            .encode(x="e:Q", y="ratio:Q", tooltip=[alt.Tooltip("p:Q", title="Q1"), alt.Tooltip("e:Q", title="Q0"),
                                                    alt.Tooltip("ratio:Q", format=".2f")]))
    summer, autumn = BUS_STORY["hot summer day"], BUS_STORY["cool autumn day"]
    bus = (at_q1.transform_filter(f"datum.e == {summer} || datum.e == {autumn}")
           .transform_calculate(story=f"datum.e == {summer} ? 'hot summer day' : 'cool autumn day'"))
    bus_marks = (bus.mark_point(shape="diamond", size=90, color="#e65100", clip=True).encode(x="e:Q", y="ratio:Q")
                 + bus.mark_text(align="left", dx=8, dy=-8, color="#e65100", clip=True)
                 .encode(x="e:Q", y="ratio:Q", text="story:N"))
    one = alt.Chart(alt.Data(values=[{"y": 1}])).mark_rule(strokeDash=[4, 4], color="grey").encode(y="y:Q")
    chart = (one + curve + bus_marks + here).properties(width=WIDTH, height=220)
    zh = json.dumps(Q_OUTCOMES_ZH, ensure_ascii=False)
    sentence = (
        "'Q1 = ' + " + _js_fmt("datum.p", 1) + " + ' against Q0 = ' + " + _js_fmt("datum.e", 1)
        + " + ': gap Q1 − Q0 = ' + " + _js_fmt("datum.gap", 1)
        + " + (isValid(datum.ratio) ? ', ratio Q1 / Q0 = ' + " + _js_fmt("datum.ratio", 2)
        + " : '; the ratio form needs Q0 above 0') + '.\\nVerdict of the Q1/Q0 model (tolerance ' + "
        + _js_fmt("tolerance", 1) + " + '): ' + datum.verdict + ' (' + " + zh + "[datum.verdict] + ').'"
        + " + '\\nPublic-bus story (seed 004; illustrative expectations): the same standing ride (Q1 = ' + "
        + _js_fmt("datum.p", 1) + " + ')\\nscores ' + " + _js_fmt("datum.summer", 2)
        + " + ' on a hot summer day (Q0 = " + fmt(summer, 1) + ", you expected to miss the bus)\\nand ' + "
        + _js_fmt("datum.autumn", 2) + " + ' on a cool autumn day (Q0 = " + fmt(autumn, 1)
        + ", you expected a seat): same outcome, different expectation.'")
    bus_ratios = {story: pd.DataFrame([{"p": r["p"], story: r["ratio"]} for r in rows if r["e"] == q0])
                  for story, q0 in (("summer", summer), ("autumn", autumn))}
    text = _sentence(sentence, at_q1.transform_filter(_near("e", "expected"))
                     .transform_calculate(verdict=json.dumps(outcomes) + "[datum['v' + round(tolerance / 0.5)]]")
                     .transform_lookup(lookup="p", from_=alt.LookupData(bus_ratios["summer"], "p", ["summer"]))
                     .transform_lookup(lookup="p", from_=alt.LookupData(bus_ratios["autumn"], "p", ["autumn"])),
                     height=100)
    description = ("Line chart of the satisfaction ratio Q1/Q0 against the expectation Q0 for the chosen perceived "
                   "effect Q1, with the two public-bus expectations marked, and a sentence giving the gap, the ratio "
                   "and the Q1/Q0 verdict. " + fallback.replace("\n", " "))
    return _assemble("satisfaction", [chart, text], params, title, description, fallback)


# ---------------------------------------------------------------------------------------------------------
# S6 SERVQUAL: weighted P − E over the five dimensions (expression: 15 sliders)

DEFAULT_SERVQUAL = {
    "perceived": {"tangibles": 5.5, "reliability": 4.5, "responsiveness": 5, "assurance": 5.5, "empathy": 5},
    "expected": {"tangibles": 5, "reliability": 6.5, "responsiveness": 6, "assurance": 6, "empathy": 5.5},
    "weights": {"tangibles": 10, "reliability": 30, "responsiveness": 20, "assurance": 20, "empathy": 20},
}
"""Illustrative average answers on SERVQUAL's 7-point scale, and 100 importance points shared out."""


def servqual_sentence(gaps: pd.DataFrame) -> str:
    """The SERVQUAL calculators' verdict from :func:`crmlab.satisfaction.servqual_gaps`.

    >>> gaps = satisfaction.servqual_gaps(DEFAULT_SERVQUAL["perceived"], DEFAULT_SERVQUAL["expected"],
    ...                                   DEFAULT_SERVQUAL["weights"])
    >>> print(servqual_sentence(gaps))
    Weighted score SQ = Σ W·(P − E) = −0.95: service falls short of expectations.
    Reliability hurts most (weighted gap −0.60).
    """
    score = float(gaps["weighted_gap"].sum())
    verdict = ("service falls short of expectations" if score < 0 else
               "service exceeds expectations" if score > 0 else "service just meets expectations")
    worst = gaps["weighted_gap"].idxmin()
    hurt = (f"{worst.capitalize()} hurts most (weighted gap {fmt(gaps.at[worst, 'weighted_gap'], 2)})."
            if gaps.at[worst, "weighted_gap"] < 0 else "No dimension falls short of expectations.")
    return f"Weighted score SQ = Σ W·(P − E) = {fmt(score, 2)}: {verdict}.\n{hurt}"


def servqual_calculator(perceived: Mapping[str, float] | None = None, expected: Mapping[str, float] | None = None,
                        weights: Mapping[str, float] | None = None) -> Calculator:
    """SERVQUAL (S6): perceptions, expectations and importance weights over the five dimensions.

    Sliders: perception P and expectation E of each dimension (1–7 points,
    steps of 0.5) and its importance (0–100 points, steps of 5; normalised to
    sum to 1 as in :func:`crmlab.satisfaction.servqual_score`). The bars show
    each dimension's weighted gap W·(P − E); the sentence gives their sum, the
    SQ score, and the dimension that hurts most. All weights 0 shows a message.

    >>> servqual_calculator().fallback.splitlines()[1]
    'Reliability hurts most (weighted gap −0.60).'
    """
    title = "SERVQUAL (服务质量): weighted P − E gap over five dimensions"
    dims = satisfaction.SERVQUAL_DIMENSIONS
    start = {"perceived": perceived, "expected": expected, "weights": weights}
    start = {key: dict(DEFAULT_SERVQUAL[key] if given is None else given) for key, given in start.items()}
    try:
        for key, low, high in (("perceived", 1, 7), ("expected", 1, 7), ("weights", 0, 100)):
            if sorted(start[key]) != sorted(dims):
                raise ValueError(f"{key} must give a value for each of {list(dims)}, got {sorted(start[key])}")
            for dim in dims:
                _checks.number(f"{key}[{dim!r}]", start[key][dim], low=low, high=high)
        gaps = satisfaction.servqual_gaps(start["perceived"], start["expected"], start["weights"])
    except (TypeError, ValueError) as error:
        return _message("servqual", title, str(error))
    params = []
    for dim in dims:
        params += [_slider(f"p_{dim}", f"{dim.capitalize()}: perception P (1–7)", start["perceived"][dim], 1, 7, 0.5),
                   _slider(f"e_{dim}", f"{dim.capitalize()}: expectation E (1–7)", start["expected"][dim], 1, 7, 0.5),
                   _slider(f"w_{dim}", f"{dim.capitalize()}: importance (points)", start["weights"][dim], 0, 100, 5)]

    def pick(prefix: str) -> str:
        return "[" + ", ".join(f"{prefix}_{dim}" for dim in dims) + "][datum.i]"

    rows = (alt.Chart(pd.DataFrame({"dimension": dims, "i": range(len(dims))}))
            .transform_calculate(P=pick("p"), E=pick("e"), W=pick("w"))
            .transform_joinaggregate(total="sum(W)")
            .transform_calculate(weight="datum.total > 0 ? datum.W / datum.total : 0")
            .transform_calculate(gap="datum.P - datum.E", weighted="datum.weight * (datum.P - datum.E)"))
    bars = (rows.mark_bar()
            .encode(y=alt.Y("dimension:N", sort=list(dims), title=None),
                    x=alt.X("weighted:Q", title="weighted gap W·(P − E) (points)",
                            scale=alt.Scale(domain=[-6, 6])),
                    color=alt.condition("datum.weighted < 0", alt.value("#c62828"), alt.value("#2e7d32")),
                    tooltip=["dimension:N", alt.Tooltip("P:Q", title="perception"),
                             alt.Tooltip("E:Q", title="expectation"), alt.Tooltip("weight:Q", format=".2f"),
                             alt.Tooltip("weighted:Q", format=".2f")])
            .properties(width=WIDTH - 120, height=150))
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="grey").encode(x="x:Q")
    sentence = (
        "datum.total <= 0 ? 'Give at least one dimension some importance: the weights cannot all be 0.' : "
        "'Weighted score SQ = Σ W·(P − E) = ' + " + _js_fmt("datum.sq", 2) + " + ': ' + (datum.sq < 0 ? "
        "'service falls short of expectations' : datum.sq > 0 ? 'service exceeds expectations' : "
        "'service just meets expectations') + '.\\n' + (datum.worst.weighted < 0 ? "
        "upper(slice(datum.worst.dimension, 0, 1)) + slice(datum.worst.dimension, 1) + ' hurts most (weighted gap ' + "
        + _js_fmt("datum.worst.weighted", 2) + " + ').' : 'No dimension falls short of expectations.')")
    text = _sentence(sentence, rows.transform_aggregate(sq="sum(weighted)", worst="argmin(weighted)",
                                                        total="max(total)"), height=44)
    fallback = servqual_sentence(gaps)
    description = ("Bar chart of the weighted gap between perception and expectation on each SERVQUAL dimension, "
                   "and a sentence with the weighted score and the dimension that hurts most. "
                   + fallback.replace("\n", " "))
    return _assemble("servqual", [zero + bars, text], params, title, description, fallback)


# ---------------------------------------------------------------------------------------------------------
# S7 importance–performance analysis (grid over the cut positions)

DEFAULT_IPA = pd.DataFrame(
    {"importance": [6.6, 6.1, 5.8, 6.3, 4.9, 5.4, 3.9, 3.2],
     "performance": [5.9, 4.2, 6.3, 4.6, 5.8, 3.9, 6.0, 4.1]},
    index=pd.Index(["room cleanliness", "check-in speed", "staff friendliness", "price", "breakfast", "Wi-Fi",
                    "decor", "gym"], name="attribute"))
"""Illustrative mean answers (1–7) of a hotel's guests: how important each attribute is, how well it performs."""

QUADRANT_ORDER = ("urgent improvement", "competitive advantage", "icing on the cake", "secondary improvement")
"""Order in which the IPA calculators list the quadrants (most urgent first)."""
QUADRANT_COLOURS = ("#c62828", "#2e7d32", "#1565c0", "#9e9e9e")


def check_ipa_table(table: Any, importance: str, performance: str) -> pd.DataFrame:
    """The importance and performance columns of an IPA survey table, checked (one row per attribute).

    Raises ``ValueError``/``TypeError`` naming the problem: not a numeric
    table, empty, a column missing, a missing value, an attribute named twice.

    >>> check_ipa_table(pd.DataFrame({"importance": [5.0]}), "importance", "performance")
    Traceback (most recent call last):
    ...
    ValueError: table has no column 'performance'; its columns are ['importance']
    """
    frame = _checks.numeric_frame("table", table)
    for column in (importance, performance):
        if column not in frame.columns:
            raise ValueError(f"table has no column {column!r}; its columns are {list(frame.columns)}")
    frame = frame[[importance, performance]]
    if frame.isna().any().any():
        raise ValueError("table has missing values: give every attribute an importance and a performance")
    names = [str(a) for a in frame.index]
    if len(set(names)) != len(names):
        raise ValueError(f"table must name each attribute once (its index), got {names}")
    return frame


def cut_range(values: pd.Series) -> tuple[float, float, float]:
    """Slider range and step for a cut line across ``values``: at most 20 steps of a round size.

    >>> cut_range(pd.Series([3.2, 6.6]))
    (3.0, 7.0, 0.2)
    """
    low, high = math.floor(values.min()), math.ceil(values.max())
    if high == low:
        low, high = low - 1, high + 1
    step = next(s for s in (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 1000, 10_000)
                if (high - low) / s <= 20 + 1e-9)
    return float(low), float(high), step


def _quadrant_label(quadrant: str) -> str:
    zh, label = satisfaction.IPA_QUADRANTS[quadrant]
    return f'{quadrant.capitalize()} ({zh}, "{label.lower()}")'


def ipa_sentence(quadrants: pd.Series) -> str:
    """The IPA calculators' summary: the attributes in each quadrant, from :func:`crmlab.satisfaction.ipa_quadrant`.

    >>> print(ipa_sentence(satisfaction.ipa_quadrant(DEFAULT_IPA["importance"], DEFAULT_IPA["performance"])))
    Urgent improvement (急需改进区, "concentrate here"): check-in speed, price, Wi-Fi
    Competitive advantage (竞争优势区, "keep up the good work"): room cleanliness, staff friendliness
    Icing on the cake (锦上添花区, "possible overkill"): breakfast, decor
    Secondary improvement (次要改进区, "low priority"): gym
    """
    return "\n".join(_quadrant_label(q) + ": " + ", ".join(str(a) for a in quadrants.index[quadrants == q])
                     for q in QUADRANT_ORDER if (quadrants == q).any())


def ipa_calculator(table: pd.DataFrame | None = None, importance: str = "importance",
                   performance: str = "performance") -> Calculator:
    """Importance–performance map (S7) of a survey table, with movable cut lines.

    ``table`` has one row per attribute (the index names it) and a column of
    mean importance and one of mean performance (names given by
    ``importance``/``performance``); by default :data:`DEFAULT_IPA`
    (illustrative). The two sliders move the cut lines over the data's range;
    every attribute's quadrant at every slider position comes from
    :func:`crmlab.satisfaction.ipa_quadrant` (a value equal to a cut counts as
    high). An empty or non-numeric table shows a message.

    >>> calc = ipa_calculator()
    >>> sorted(calc.params())
    ['importance_cut', 'performance_cut']
    >>> print(ipa_calculator(pd.DataFrame()).fallback)
    Cannot draw this calculator: table is empty: it needs at least one row and one column
    """
    title = "Importance–performance analysis (重要性–满意度矩阵): move the cut lines"
    try:
        if table is None:
            table = DEFAULT_IPA
        frame = check_ipa_table(table, importance, performance)
        names = [str(a) for a in frame.index]
        start = satisfaction.ipa_quadrant(frame[importance], frame[performance])
    except (TypeError, ValueError) as error:
        return _message("ipa", title, str(error))
    i_low, i_high, i_step = cut_range(frame[importance])
    p_low, p_high, p_step = cut_range(frame[performance])
    i_cuts, p_cuts = _step_grid(i_low, i_high, i_step), _step_grid(p_low, p_high, p_step)
    i_start = float(i_cuts[np.argmin(abs(i_cuts - frame[importance].mean()))])
    p_start = float(p_cuts[np.argmin(abs(p_cuts - frame[performance].mean()))])
    # One row per cut position: "key" = importance step × 1000 + performance step; "q" = each attribute's
    # quadrant (its position in QUADRANT_ORDER), one digit per attribute in table order.
    grid = pd.DataFrame([{"key": i * 1000 + j, "q": "".join(str(QUADRANT_ORDER.index(q)) for q in
                                                            satisfaction.ipa_quadrant(frame[importance],
                                                                                      frame[performance], ic, pc))}
                         for i, ic in enumerate(i_cuts) for j, pc in enumerate(p_cuts)])
    points = pd.DataFrame({"attribute": names, "a": range(len(names)),
                           "importance": frame[importance].to_numpy(), "performance": frame[performance].to_numpy()})
    params = [_slider("importance_cut", f"Cut line for {importance} (scale points; mean "
                      f"{fmt(frame[importance].mean(), 2)})", i_start, i_low, i_high, i_step),
              _slider("performance_cut", f"Cut line for {performance} (scale points; mean "
                      f"{fmt(frame[performance].mean(), 2)})", p_start, p_low, p_high, p_step)]
    labels = [_quadrant_label(q) for q in QUADRANT_ORDER]
    placed = (alt.Chart(points)
              .transform_calculate(key=f"round((importance_cut - {i_low}) / {i_step}) * 1000"
                                       f" + round((performance_cut - {p_low}) / {p_step})")
              .transform_lookup(lookup="key", from_=alt.LookupData(grid, "key", ["q"]))
              .transform_calculate(quadrant=json.dumps(labels, ensure_ascii=False)
                                   + "[toNumber(substring(datum.q, datum.a, datum.a + 1))]"))
    x = alt.X("performance:Q", title=f"{performance} (mean score)", axis=alt.Axis(tickCount=8),
              scale=alt.Scale(domain=[p_low, p_high], zero=False, nice=False))
    y = alt.Y("importance:Q", title=f"{importance} (mean score)", axis=alt.Axis(tickCount=8),
              scale=alt.Scale(domain=[i_low, i_high], zero=False, nice=False))
    dots = placed.transform_calculate(short="split(datum.quadrant, ' (')[0]").mark_point(filled=True, size=90).encode(
        x=x, y=y, color=alt.Color("short:N", title=None, legend=alt.Legend(columns=4, labelLimit=300),
                                  scale=alt.Scale(domain=[q.capitalize() for q in QUADRANT_ORDER],
                                                  range=QUADRANT_COLOURS)),
        tooltip=["attribute:N", "importance:Q", "performance:Q", "quadrant:N"])
    names_layer = placed.mark_text(align="left", dx=7, dy=-6, fontSize=11).encode(x=x, y=y, text="attribute:N")
    cuts = alt.Chart(alt.Data(values=[{}])).transform_calculate(ic="importance_cut", pc="performance_cut")
    lines = (cuts.mark_rule(strokeDash=[5, 4], color="#555").encode(x="pc:Q")
             + cuts.mark_rule(strokeDash=[5, 4], color="#555").encode(y="ic:Q"))
    chart = (lines + dots + names_layer).properties(width=WIDTH, height=300)
    text = (placed.transform_aggregate(members="values(attribute)", groupby=["quadrant"])
            .transform_calculate(order="indexof(" + json.dumps(labels, ensure_ascii=False) + ", datum.quadrant)",
                                 line="datum.quadrant + ': ' + join(pluck(datum.members, 'attribute'), ', ')")
            .mark_text(align="left", baseline="top", fontSize=13)
            .encode(text="line:N", x=alt.value(0), y=alt.Y("order:O", axis=None, scale=alt.Scale(
                domain=[0, 1, 2, 3])))
            .properties(width=WIDTH, height=80, name=SENTENCE_VIEW))
    fallback = ipa_sentence(start)
    description = ("Scatter plot of the attributes by performance (across) and importance (up), coloured by "
                   "quadrant, with the two cut lines; below, the attributes in each quadrant. "
                   + fallback.replace("\n", "; "))
    return _assemble("ipa", [chart, text], params, title, description, fallback)


# ---------------------------------------------------------------------------------------------------------
# T3 trust strength and a breach of trust (grid for who stays; expression for the weighted share)

STRENGTH_LABELS = {s: f"{s} ({trust.TRUST_STRENGTHS_ZH[s]})" for s in trust.TRUST_STRENGTHS}


def trust_breach_sentence(mix: Mapping[str, float], breach: float, tolerance_ceiling: float) -> str:
    """The trust calculators' verdict, from :func:`crmlab.trust.stays_after_breach` and ``share_retained``.

    >>> print(trust_breach_sentence({"weak": 0.5, "semi-strong": 0.3, "strong": 0.2}, 0.4, 0.5))
    A breach of severity 0.40 against a tolerance ceiling of 0.50:
    weak trust leaves, semi-strong trust stays, strong trust stays.
    50 % of these customers stay
    (of weak 50 %, semi-strong 30 %, strong 20 %).
    """
    verdicts = ", ".join(f"{s} trust {'stays' if trust.stays_after_breach(s, breach, tolerance_ceiling) else 'leaves'}"
                         for s in trust.TRUST_STRENGTHS)
    kept = trust.share_retained(mix, breach, tolerance_ceiling)
    shares = ", ".join(f"{s} {fmt(100 * mix.get(s, 0))} %" for s in trust.TRUST_STRENGTHS)
    return (f"A breach of severity {fmt(breach, 2)} against a tolerance ceiling of {fmt(tolerance_ceiling, 2)}:\n"
            f"{verdicts}.\n{fmt(100 * kept)} % of these customers stay\n(of {shares}).")


def trust_mix(weak: float, strong: float) -> dict[str, float]:
    """A customer base's mix of trust strengths from the percentages of weak and strong trust.

    The rest is semi-strong; the result is what :func:`crmlab.trust.share_retained` takes.

    >>> trust_mix(50, 20)
    {'weak': 0.5, 'semi-strong': 0.3, 'strong': 0.2}
    """
    weak = _checks.number("weak", weak, low=0, high=100)
    strong = _checks.number("strong", strong, low=0, high=100)
    if weak + strong > 100:
        raise ValueError(f"the shares of weak ({weak:g} %) and strong ({strong:g} %) trust add up to more than "
                         "100 %: lower one of them")
    return {"weak": weak / 100, "semi-strong": (100 - weak - strong) / 100, "strong": strong / 100}


def trust_breach_calculator(weak: float = 50, strong: float = 20, breach: float = 0.4,
                            tolerance_ceiling: float = 0.5) -> Calculator:
    """Trust strength and a breach of trust (T3): who stays at which breach severity and tolerance ceiling.

    Sliders: the breach's severity and the semi-strong customers' tolerance
    ceiling (0–1, steps of 0.05), and the customer base's mix: the share of
    weak and of strong trust (percent, steps of 5; the rest is semi-strong; a
    mix above 100 % shows a message). Who stays at each severity and ceiling is
    looked up in a grid of :func:`crmlab.trust.stays_after_breach`; the share
    retained is the mix-weighted sum, as :func:`crmlab.trust.share_retained`.

    >>> sorted(trust_breach_calculator().params())
    ['breach', 'strong_share', 'tolerance', 'weak_share']
    """
    title = "Trust strength and a breach of trust (失信): who stays?"
    try:
        mix = trust_mix(weak, strong)
        fallback = trust_breach_sentence(mix, breach, tolerance_ceiling)
    except (TypeError, ValueError) as error:
        return _message("trust_breach", title, str(error))
    levels = _step_grid(0, 1, 0.05)
    # One row per slider position: "key" = breach step × 100 + ceiling step; "s" = one digit per strength
    # (in TRUST_STRENGTHS order), 1 if those customers stay.
    grid = pd.DataFrame([{"key": i * 100 + j, "s": "".join(str(int(trust.stays_after_breach(s, b, t)))
                                                           for s in trust.TRUST_STRENGTHS)}
                         for i, b in enumerate(levels) for j, t in enumerate(levels)])
    params = [_slider("breach", "Severity of the breach of trust (0 = none, 1 = worst)", breach, 0, 1, 0.05),
              _slider("tolerance", "Tolerance ceiling of semi-strong customers (0–1)", tolerance_ceiling, 0, 1, 0.05),
              _slider("weak_share", "Customers with weak trust (%)", weak, 0, 100, 5),
              _slider("strong_share", "Customers with strong trust (%)", strong, 0, 100, 5)]
    strengths = pd.DataFrame({"strength": trust.TRUST_STRENGTHS, "k": range(len(trust.TRUST_STRENGTHS)),
                              "label": [STRENGTH_LABELS[s] for s in trust.TRUST_STRENGTHS]})
    rows = (alt.Chart(strengths)
            .transform_calculate(key="round(breach / 0.05) * 100 + round(tolerance / 0.05)",
                                 share="datum.strength == 'weak' ? weak_share : datum.strength == 'strong' ? "
                                       "strong_share : 100 - weak_share - strong_share")
            .transform_lookup(lookup="key", from_=alt.LookupData(grid, "key", ["s"]))
            .transform_calculate(stays="substring(datum.s, datum.k, datum.k + 1) == '1'")
            .transform_calculate(outcome="datum.stays ? 'stays' : 'leaves'"))
    bars = (rows.transform_filter("weak_share + strong_share <= 100")
            .mark_bar()
            .encode(y=alt.Y("label:N", title=None, sort=[STRENGTH_LABELS[s] for s in trust.TRUST_STRENGTHS],
                            axis=alt.Axis(labelLimit=300)),
                    x=alt.X("share:Q", title="share of the customer base (%)", scale=alt.Scale(domain=[0, 100])),
                    color=alt.Color("outcome:N", title="after the breach",
                                    scale=alt.Scale(domain=["stays", "leaves"], range=["#2e7d32", "#c62828"])),
                    tooltip=["label:N", alt.Tooltip("share:Q", title="share (%)"), "outcome:N"])
            .properties(width=WIDTH - 150, height=110))
    verdicts = " + ', ' + ".join(f"'{s} trust ' + (datum['{s}'] ? 'stays' : 'leaves')" for s in trust.TRUST_STRENGTHS)
    sentence = (
        "weak_share + strong_share > 100 ? 'The shares of weak (' + weak_share + ' %) and strong (' + strong_share"
        " + ' %) trust add up to more than 100 %: lower one of them.' : "
        "'A breach of severity ' + " + _js_fmt("breach", 2) + " + ' against a tolerance ceiling of ' + "
        + _js_fmt("tolerance", 2) + " + ':\\n' + " + verdicts + " + '.\\n' + "
        + _js_fmt("(weak_share * datum.weak + (100 - weak_share - strong_share) * datum['semi-strong']"
                  " + strong_share * datum.strong)", 0)
        + " + ' % of these customers stay\\n(of weak ' + " + _js_fmt("weak_share") + " + ' %, semi-strong ' + "
        + _js_fmt("100 - weak_share - strong_share") + " + ' %, strong ' + " + _js_fmt("strong_share") + " + ' %).'")
    text = _sentence(sentence, rows.transform_calculate(stay="datum.stays ? 1 : 0")
                     .transform_pivot("strength", value="stay"), height=84)
    description = ("Bar chart of the customer base by trust strength (weak, semi-strong, strong), each bar coloured "
                   "by whether those customers stay after the breach, and a sentence with the share retained. "
                   + fallback.replace("\n", " "))
    return _assemble("trust_breach", [bars, text], params, title, description, fallback)


# ---------------------------------------------------------------------------------------------------------
# L8, L11 lifetime value and the "+5 points of retention" claims (expression: continuous money amounts)

FOLK_UPLIFT_CLAIMS = {"+25 % (seed 001)": 0.25, "+85 % (seed 002)": 0.85}
"""Claimed profit rises from 5 more points of retention that the course material reports."""


def _clv_expression(margin: str, retention: str, discount: str, horizon: str, unlimited: str) -> str:
    """Vega expression of :func:`crmlab.retention.lifetime_value` (no acquisition cost).

    The finite sum Σ_{t=1..T} m r^(t−1) / (1+d)^t is a geometric series, m (1 − (r/(1+d))^T) / (1 + d − r);
    the browser tests check it against crmlab's sum.
    """
    return (f"({unlimited} ? {margin} / (1 + {discount} - {retention}) : "
            f"{margin} * (1 - pow({retention} / (1 + {discount}), {horizon})) / (1 + {discount} - {retention}))")


def lifetime_value_sentence(margin: float, retention_rate: float, discount_rate: float, periods: int | None) -> str:
    """The lifetime-value calculators' result, from :func:`crmlab.retention.lifetime_value` and ``retention_uplift``.

    >>> print(lifetime_value_sentence(100, 0.8, 0.1, None))
    CLV = 333.33 with a margin of 100 a period, 80 % retention, a 10 % discount rate, no horizon.
    Five more points of retention (85 %) make it 400.00: +20.0 %.
    Course material claims +25 % to +85 % (seeds 001, 002): the dashed lines on the right.
    """
    if _checks.number("retention_rate", retention_rate, low=0, high=1) + 0.05 >= 1:
        raise ValueError(f"retention of {fmt(100 * retention_rate)} % leaves no room for five more points (the rate "
                         "must stay below 100 %): choose 94 % or less")
    clv = retention.lifetime_value(margin, retention_rate, discount_rate, periods)
    more = retention.lifetime_value(margin, retention_rate + 0.05, discount_rate, periods)
    uplift = retention.retention_uplift(retention_rate, discount_rate, 0.05, periods)
    horizon = "no horizon" if periods is None else f"{periods} periods"
    return (f"CLV = {fmt(clv, 2)} with a margin of {fmt(margin)} a period, {fmt(100 * retention_rate)} % retention, "
            f"a {fmt(100 * discount_rate)} % discount rate, {horizon}.\n"
            f"Five more points of retention ({fmt(100 * retention_rate + 5)} %) make it {fmt(more, 2)}: "
            f"+{fmt(100 * uplift, 1)} %.\n"
            "Course material claims +25 % to +85 % (seeds 001, 002): the dashed lines on the right.")


def lifetime_value_calculator(margin: float = 100, retention_rate: float = 80, discount_rate: float = 10,
                              periods: int = 20, unlimited: bool = True) -> Calculator:
    """Customer lifetime value and what five more points of retention do to it (L8, L11).

    Sliders: margin per period (money units, 0–1,000), retention (% per
    period, 0–99), discount rate (% per period, 0–30), horizon (1–50 periods,
    ignored when "no horizon" is ticked). Left: CLV against retention with the
    current rate and five points more marked; right: the relative rise from
    five more points against the starting retention, with the course
    material's claims (+25 %, +85 %) as dashed lines. Retention above 94 %
    shows a message (five more points would reach 100 %).

    >>> sorted(lifetime_value_calculator().params())
    ['discount', 'horizon', 'margin', 'retention', 'unlimited']
    """
    title = "Customer lifetime value (客户终身价值) and five more points of retention"
    try:
        margin = _checks.number("margin", margin, low=0, high=1000)
        retention_rate = _checks.number("retention_rate", retention_rate, low=0, high=99)
        discount_rate = _checks.number("discount_rate", discount_rate, low=0, high=30)
        periods = int(_checks.number("periods", periods, low=1, high=50))
        fallback = lifetime_value_sentence(margin, retention_rate / 100, discount_rate / 100,
                                           None if unlimited else periods)
    except (TypeError, ValueError) as error:
        return _message("lifetime_value", title, str(error))
    params = [_slider("margin", "Margin per period (money units)", margin, 0, 1000, 10),
              _slider("retention", "Retention rate (% per period)", retention_rate, 0, 99, 1),
              _slider("discount", "Discount rate (% per period)", discount_rate, 0, 30, 1),
              _slider("horizon", "Horizon (periods)", periods, 1, 50, 1),
              _checkbox("unlimited", "No horizon (the customer may stay for ever)", bool(unlimited))]

    def clv(rate: str, margin_: str = "margin") -> str:
        return _clv_expression(margin_, rate, "discount / 100", "horizon", "unlimited")

    rates = alt.Chart(alt.Data(sequence=alt.SequenceParams(start=0, stop=100, step=1, **{"as": "r"})))
    curve = (rates.transform_calculate(clv=clv("datum.r / 100"))
             .mark_line(color="#1565c0")
             .encode(x=alt.X("r:Q", title="retention rate (%)"),
                     y=alt.Y("clv:Q", title="lifetime value (money units)")))
    marks = (rates.transform_filter("datum.r == retention || datum.r == retention + 5")
             .transform_calculate(clv=clv("datum.r / 100"),
                                  which="datum.r == retention ? 'now' : 'five points more'")
             .mark_point(filled=True, size=90)
             .encode(x="r:Q", y="clv:Q", color=alt.Color("which:N", title=None,
                                                         scale=alt.Scale(domain=["now", "five points more"],
                                                                         range=["#1565c0", "#e65100"])),
                     tooltip=["r:Q", alt.Tooltip("clv:Q", format=",.2f")]))
    uplift = (rates.transform_filter("datum.r <= 94")
              .transform_calculate(uplift=f"{clv('(datum.r + 5) / 100', '1')} / {clv('datum.r / 100', '1')} - 1"))
    uplift_line = uplift.mark_line(color="#e65100").encode(
        x=alt.X("r:Q", title="starting retention rate (%)"),
        y=alt.Y("uplift:Q", title="rise in CLV from +5 points", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1.5], clamp=True)))
    uplift_now = (uplift.transform_filter("datum.r == retention").mark_point(filled=True, size=90, color="#e65100")
                  .encode(x="r:Q", y="uplift:Q"))
    claims = (alt.Chart(pd.DataFrame({"claim": list(FOLK_UPLIFT_CLAIMS), "y": list(FOLK_UPLIFT_CLAIMS.values())}))
              .mark_rule(strokeDash=[5, 4], color="#555").encode(y="y:Q", tooltip=["claim:N"]))
    claim_text = (alt.Chart(pd.DataFrame({"claim": list(FOLK_UPLIFT_CLAIMS), "y": list(FOLK_UPLIFT_CLAIMS.values())}))
                  .mark_text(align="left", dy=-7, x=4, fontSize=11, color="#555").encode(y="y:Q", text="claim:N"))
    half = (WIDTH - 60) // 2
    charts = alt.hconcat((curve + marks).properties(width=half, height=200),
                         (claims + claim_text + uplift_line + uplift_now).properties(width=half, height=200))
    now, more = clv("retention / 100"), clv("(retention + 5) / 100")
    sentence = (
        "retention + 5 >= 100 ? 'Retention of ' + retention + ' % leaves no room for five more points '"
        " + '(the rate must stay below 100 %): choose 94 % or less.' : "
        "'CLV = ' + " + _js_fmt(now, 2) + " + ' with a margin of ' + " + _js_fmt("margin") + " + ' a period, ' + "
        + _js_fmt("retention") + " + ' % retention, a ' + " + _js_fmt("discount") + " + ' % discount rate, ' + "
        "(unlimited ? 'no horizon' : horizon + ' periods') + '.\\nFive more points of retention (' + "
        + _js_fmt("retention + 5") + " + ' %) make it ' + " + _js_fmt(more, 2) + " + ': +' + "
        + _js_fmt(f"100 * ({more} / {now} - 1)", 1)
        + " + ' %.\\nCourse material claims +25 % to +85 % (seeds 001, 002): the dashed lines on the right.'")
    description = ("Two line charts: lifetime value against the retention rate, and the relative rise in lifetime "
                   "value from five more points of retention against the starting rate, with the claimed +25 % "
                   "and +85 % as reference lines; a sentence gives the values. " + fallback.replace("\n", " "))
    return _assemble("lifetime_value", [charts, _sentence(sentence, height=64)], params, title, description,
                     fallback)


# ---------------------------------------------------------------------------------------------------------
# R1 the leaky bucket (expression: continuous amounts)

def leaky_bucket_sentence(initial: float, acquired: float, churn: float, periods: int) -> str:
    """The leaky-bucket calculators' result, from :func:`crmlab.retention.leaky_bucket` and ``steady_state``.

    >>> print(leaky_bucket_sentence(1000, 100, 0.2, 20))
    Starting from 1,000 customers, with 100 new and 20 % leaking out each period,
    the bucket holds 506 customers after 20 periods.
    It settles where inflow equals outflow: steady state = 100 / 20 % = 500 customers.
    """
    table = retention.leaky_bucket(initial, acquired, churn, periods)
    first = (f"Starting from {fmt(initial)} customers, with {fmt(acquired)} new and {fmt(100 * churn)} % leaking out "
             f"each period,\nthe bucket holds {fmt(table['customers'].iloc[-1])} customers after {periods} periods.\n")
    if churn == 0:
        return first + (f"With no churn nothing leaks: the bucket grows by {fmt(acquired)} customers a period and "
                        "never settles (no steady state).")
    level = retention.steady_state(acquired, churn)
    return first + (f"It settles where inflow equals outflow: steady state = {fmt(acquired)} / {fmt(100 * churn)} % "
                    f"= {fmt(level)} customers.")


def leaky_bucket_calculator(initial: float = 1000, acquired: float = 100, churn: float = 20,
                            periods: int = 20) -> Calculator:
    """The leaky bucket (R1): customers poured in, customers leaking out, and where the level settles.

    Sliders: initial customers (0–10,000), new customers per period
    (0–1,000), churn (% per period, 0–100), periods shown (1–50). The line
    follows :func:`crmlab.retention.leaky_bucket` (written in closed form,
    c_t = S + (c_0 − S)(1 − churn)^t with S the steady state); the dashed line
    is :func:`crmlab.retention.steady_state`. No churn shows a message instead
    of a steady state.

    >>> sorted(leaky_bucket_calculator().params())
    ['acquired', 'churn', 'initial', 'periods']
    """
    title = "The leaky bucket (漏桶): acquisition against churn"
    try:
        initial = _checks.number("initial", initial, low=0, high=10_000)
        acquired = _checks.number("acquired", acquired, low=0, high=1000)
        churn = _checks.number("churn", churn, low=0, high=100)
        periods = int(_checks.number("periods", periods, low=1, high=50))
        fallback = leaky_bucket_sentence(initial, acquired, churn / 100, periods)
    except (TypeError, ValueError) as error:
        return _message("leaky_bucket", title, str(error))
    params = [_slider("initial", "Customers at the start", initial, 0, 10_000, 100),
              _slider("acquired", "New customers per period", acquired, 0, 1000, 10),
              _slider("churn", "Churn (% of customers lost per period)", churn, 0, 100, 1),
              _slider("periods", "Periods shown", periods, 1, 50, 1)]
    level = "(acquired / (churn / 100))"
    customers = (f"(churn > 0 ? {level} + (initial - {level}) * pow(1 - churn / 100, datum.t) "
                 f": initial + acquired * datum.t)")
    steps = (alt.Chart(alt.Data(sequence=alt.SequenceParams(start=0, stop=51, step=1, **{"as": "t"})))
             .transform_filter("datum.t <= periods").transform_calculate(customers=customers))
    line = steps.mark_line(point=True, color="#1565c0").encode(
        x=alt.X("t:Q", title="period"), y=alt.Y("customers:Q", title="customers"),
        tooltip=[alt.Tooltip("t:Q", title="period"), alt.Tooltip("customers:Q", format=",.0f")])
    steady = (alt.Chart(alt.Data(values=[{}])).transform_filter("churn > 0")
              .transform_calculate(level=level).mark_rule(strokeDash=[5, 4], color="#555").encode(y="level:Q"))
    last = f"({customers.replace('datum.t', 'periods')})"
    sentence = (
        "'Starting from ' + " + _js_fmt("initial") + " + ' customers, with ' + " + _js_fmt("acquired")
        + " + ' new and ' + " + _js_fmt("churn") + " + ' % leaking out each period,\\nthe bucket holds ' + "
        + _js_fmt(last) + " + ' customers after ' + periods + ' periods.\\n' + (churn > 0 ? "
        "'It settles where inflow equals outflow: steady state = ' + " + _js_fmt("acquired") + " + ' / ' + "
        + _js_fmt("churn") + " + ' % = ' + " + _js_fmt(level) + " + ' customers.' : "
        "'With no churn nothing leaks: the bucket grows by ' + " + _js_fmt("acquired")
        + " + ' customers a period and never settles (no steady state).')")
    description = ("Line chart of the number of customers over the periods, with the steady state as a dashed "
                   "line, and a sentence with the final and steady-state levels. " + fallback.replace("\n", " "))
    return _assemble("leaky_bucket", [(steady + line).properties(width=WIDTH, height=220),
                                      _sentence(sentence, height=64)], params, title, description, fallback)


# ---------------------------------------------------------------------------------------------------------
# S10 word of mouth (expression: products of the three sliders)

SEED_TELLS = {"8 (seeds 002, 004)": 8, "10 (seed 002)": 10, "22 (seed 002)": 22, "25 (seed 002)": 25}
"""How many people one dissatisfied customer reaches, by the figures the course material quotes."""


def word_of_mouth_sentence(lost_per_day: float, tells: float, days: float) -> str:
    """The word-of-mouth calculators' result, from :func:`crmlab.satisfaction.word_of_mouth`.

    >>> print(word_of_mouth_sentence(1, 8, 365))
    Losing 1 customer(s) a day for 365 days is 365 customers;
    if each tells 8 people, 2,920 people hear about it.
    """
    lost, reached = satisfaction.word_of_mouth(lost_per_day, tells, days)
    return (f"Losing {fmt(lost_per_day)} customer(s) a day for {fmt(days)} days is {fmt(lost)} customers;\n"
            f"if each tells {fmt(tells)} people, {fmt(reached)} people hear about it.")


def word_of_mouth_calculator(lost_per_day: float = 1, tells: float = 8, days: float = 365) -> Calculator:
    """Word of mouth (S10): customers lost and the people their complaints reach.

    Sliders: customers lost per day (0–20), people each one tells (0–30),
    days (1–3,650). The bars compare the people reached at your setting with
    the figures the course material quotes (8, 10, 22, 25 people per lost
    customer). Numbers follow :func:`crmlab.satisfaction.word_of_mouth`.

    >>> sorted(word_of_mouth_calculator().params())
    ['days', 'lost_per_day', 'tells']
    """
    title = "Word of mouth (口碑): customers lost, people reached"
    try:
        lost_per_day = _checks.number("lost_per_day", lost_per_day, low=0, high=20)
        tells = _checks.number("tells", tells, low=0, high=30)
        days = _checks.number("days", days, low=1, high=3650)
        fallback = word_of_mouth_sentence(lost_per_day, tells, days)
    except (TypeError, ValueError) as error:
        return _message("word_of_mouth", title, str(error))
    params = [_slider("lost_per_day", "Customers lost per day", lost_per_day, 0, 20, 1),
              _slider("tells", "People each lost customer tells", tells, 0, 30, 1),
              _slider("days", "Days", days, 1, 3650, 1)]
    options = pd.DataFrame({"source": ["your setting", *SEED_TELLS], "n": [None, *SEED_TELLS.values()]})
    bars = (alt.Chart(options)
            .transform_calculate(people="isValid(datum.n) ? datum.n : tells")
            .transform_calculate(reached="lost_per_day * days * datum.people")
            .mark_bar()
            .encode(y=alt.Y("source:N", title="people told per lost customer", sort=list(options["source"])),
                    x=alt.X("reached:Q", title="people who hear a complaint"),
                    color=alt.condition("datum.source == 'your setting'", alt.value("#e65100"),
                                        alt.value("#90a4ae")),
                    tooltip=["source:N", alt.Tooltip("reached:Q", format=",.0f")])
            .properties(width=WIDTH - 150, height=140))
    sentence = (
        "'Losing ' + " + _js_fmt("lost_per_day") + " + ' customer(s) a day for ' + " + _js_fmt("days")
        + " + ' days is ' + " + _js_fmt("lost_per_day * days") + " + ' customers;\\nif each tells ' + "
        + _js_fmt("tells") + " + ' people, ' + " + _js_fmt("lost_per_day * days * tells")
        + " + ' people hear about it.'")
    description = ("Bar chart of how many people hear a complaint at your setting and at the figures the course "
                   "material quotes, and a sentence with the numbers. " + fallback.replace("\n", " "))
    return _assemble("word_of_mouth", [bars, _sentence(sentence, height=44)], params, title, description, fallback)


# ---------------------------------------------------------------------------------------------------------
# L4 loyalty segments (Dick & Basu) on real survey data (grid over the cut positions)

SEGMENT_COLOURS = ("#2e7d32", "#1565c0", "#e65100", "#9e9e9e")


def check_survey(data: Any, *columns: str) -> pd.DataFrame:
    """A survey table (rows = customers) checked to be numeric and to hold ``columns``.

    >>> check_survey(pd.DataFrame({"CUSL1": [7]}), "CUSL1", "CUSL3")
    Traceback (most recent call last):
    ...
    ValueError: data has no column 'CUSL3'; its columns are ['CUSL1']
    """
    frame = _checks.numeric_frame("data", data)
    for column in columns:
        if column not in frame.columns:
            raise ValueError(f"data has no column {column!r}; its columns are {list(frame.columns)}")
    return frame


def loyalty_segments_sentence(segments: pd.Series, attitude_cut: float, repeat_cut: float) -> str:
    """The loyalty calculators' summary: customers per segment, from :func:`crmlab.loyalty.loyalty_segment`.

    >>> segments = loyalty.loyalty_segment(pd.Series([9, 9, 3, 2]), pd.Series([8, 2, 9, 1]), 7, 7)
    >>> print(loyalty_segments_sentence(segments, 7, 7))
    With attitude ≥ 7 and repeat ≥ 7 counted as high, of 4 customers:
    loyalty (忠诚) 1 (25 %), latent loyalty (潜在忠诚) 1 (25 %),
    spurious loyalty (虚假忠诚) 1 (25 %), no loyalty (不忠诚) 1 (25 %).
    """
    total = len(segments)
    parts = [f"{s} ({loyalty.LOYALTY_SEGMENTS_ZH[s]}) {int((segments == s).sum())} "
             f"({fmt(100 * (segments == s).sum() / total)} %)" for s in loyalty.LOYALTY_SEGMENTS]
    return (f"With attitude ≥ {fmt(attitude_cut)} and repeat ≥ {fmt(repeat_cut)} counted as high, of {total} "
            f"customers:\n{parts[0]}, {parts[1]},\n{parts[2]}, {parts[3]}.")


def loyalty_segments_calculator(data: pd.DataFrame | None = None, attitude: str = "CUSL3", repeat: str = "CUSL1",
                                attitude_cut: float = 8, repeat_cut: float = 8) -> Calculator:
    """Dick & Basu loyalty segments (L4) of real survey customers, with movable cuts.

    ``data`` defaults to ``crmlab.data.load("mobi")``, the ECSI mobile-phone
    survey (250 customers, answers 1–10; Tenenhaus et al. 2005). Relative
    attitude defaults to ``CUSL3`` (would recommend the provider), repeat
    patronage to ``CUSL1`` (would choose the provider again): a stated
    intention, the survey's nearest measure of repeat buying. The two sliders
    move the cuts in whole points (a value equal to a cut counts as high);
    every customer's segment at every cut comes from
    :func:`crmlab.loyalty.loyalty_segment`. Customers with a missing answer are
    left out and counted; an empty table shows a message.

    >>> sorted(loyalty_segments_calculator().params())
    ['attitude_cut', 'repeat_cut']
    """
    title = "Loyalty segments (Dick & Basu): real mobile-phone customers"
    try:
        if data is None:
            from crmlab import data as datasets
            data = datasets.load("mobi")
        frame = check_survey(data, attitude, repeat)
        answers = frame[[attitude, repeat]].dropna()
        missing = len(frame) - len(answers)
        if answers.empty:
            raise ValueError(f"no customer answered both {attitude!r} and {repeat!r}")
        low = math.floor(min(answers.min()))
        high = math.ceil(max(answers.max()))
        attitude_cut = _checks.number("attitude_cut", attitude_cut, low=low, high=high)
        repeat_cut = _checks.number("repeat_cut", repeat_cut, low=low, high=high)
        fallback = loyalty_segments_sentence(loyalty.loyalty_segment(answers[attitude], answers[repeat],
                                                                     attitude_cut, repeat_cut),
                                             attitude_cut, repeat_cut)
    except (TypeError, ValueError) as error:
        return _message("loyalty_segments", title, str(error))
    if missing:
        fallback += f"\n{missing} customers with a missing answer are left out."
    points = answers.groupby([attitude, repeat]).size().rename("n").reset_index()
    points.columns = ["attitude", "repeat", "n"]
    points["i"] = range(len(points))
    cuts = _step_grid(low, high, 1)
    # One row per cut position: "key" = attitude cut step × 1000 + repeat cut step; "s" = each answer pair's
    # segment (its position in LOYALTY_SEGMENTS), one digit per row of `points`.
    grid = pd.DataFrame([{"key": i * 1000 + j, "s": "".join(
        str(loyalty.LOYALTY_SEGMENTS.index(s))
        for s in loyalty.loyalty_segment(points["attitude"], points["repeat"], a_cut, r_cut))}
        for i, a_cut in enumerate(cuts) for j, r_cut in enumerate(cuts)])
    params = [_slider("attitude_cut", f"Attitude cut: {attitude} at or above it is high (1–10)", attitude_cut,
                      low, high, 1),
              _slider("repeat_cut", f"Repeat cut: {repeat} at or above it is high (1–10)", repeat_cut, low, high, 1)]
    labels = [f"{s} ({loyalty.LOYALTY_SEGMENTS_ZH[s]})" for s in loyalty.LOYALTY_SEGMENTS]
    placed = (alt.Chart(points)
              .transform_calculate(key=f"round(attitude_cut - {low}) * 1000 + round(repeat_cut - {low})")
              .transform_lookup(lookup="key", from_=alt.LookupData(grid, "key", ["s"]))
              .transform_calculate(segment=json.dumps(labels, ensure_ascii=False)
                                   + "[toNumber(substring(datum.s, datum.i, datum.i + 1))]"))
    dots = placed.mark_circle(opacity=0.8).encode(
        x=alt.X("repeat:Q", title=f"repeat patronage: {repeat} (would choose again, 1–10)",
                scale=alt.Scale(domain=[low - 0.5, high + 0.5], nice=False, zero=False)),
        y=alt.Y("attitude:Q", title=f"relative attitude: {attitude} (would recommend, 1–10)",
                scale=alt.Scale(domain=[low - 0.5, high + 0.5], nice=False, zero=False)),
        size=alt.Size("n:Q", title="customers", scale=alt.Scale(range=[20, 600]), legend=None),
        color=alt.Color("segment:N", title=None, scale=alt.Scale(domain=labels, range=SEGMENT_COLOURS),
                        legend=alt.Legend(columns=4)),
        tooltip=["attitude:Q", "repeat:Q", alt.Tooltip("n:Q", title="customers"), "segment:N"])
    rules = alt.Chart(alt.Data(values=[{}])).transform_calculate(a="attitude_cut - 0.5", r="repeat_cut - 0.5")
    lines = (rules.mark_rule(strokeDash=[5, 4], color="#555").encode(x="r:Q")
             + rules.mark_rule(strokeDash=[5, 4], color="#555").encode(y="a:Q"))
    chart = (lines + dots).properties(width=WIDTH - 100, height=300)
    names = [json.dumps(label, ensure_ascii=False) for label in labels]
    counts = [f"(datum[{name}] || 0)" for name in names]
    total = "(" + " + ".join(counts) + ")"
    parts = [f"{names[k]} + ' ' + {counts[k]} + ' (' + {_js_fmt(f'100 * {counts[k]} / {total}')} + ' %)'"
             for k in range(4)]
    sentence = ("'With attitude ≥ ' + " + _js_fmt("attitude_cut") + " + ' and repeat ≥ ' + " + _js_fmt("repeat_cut")
                + " + ' counted as high, of ' + " + total + " + ' customers:\\n' + " + parts[0] + " + ', ' + "
                + parts[1] + " + ',\\n' + " + parts[2] + " + ', ' + " + parts[3] + " + '.'"
                + (f" + '\\n{missing} customers with a missing answer are left out.'" if missing else ""))
    text = _sentence(sentence, placed.transform_aggregate(n="sum(n)", groupby=["segment"])
                     .transform_pivot("segment", value="n"), height=64)
    description = ("Bubble chart of the survey customers by repeat patronage (across) and relative attitude (up), "
                   "bubble size the number of customers, coloured by Dick and Basu segment, with the two cut lines; "
                   "a sentence counts the customers in each segment. " + fallback.replace("\n", " "))
    return _assemble("loyalty_segments", [chart, text], params, title, description, fallback)
