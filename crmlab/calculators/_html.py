"""The kernel-free form of a calculator: HTML controls and the payload ``crmlab-calculators.js`` runs.

The form is plain HTML (labelled range inputs, check boxes, radio buttons and
number boxes, keyboard-operable, whose labels wrap rather than being cut); its
sentence is rendered here at the starting values, so a reader without
JavaScript still reads a result. The payload (JSON in the same ``<div>``)
carries the controls, the compiled program with its tables, the parsed
sentence template and the glossary terms it names. No script is written
here: the site loads ``crmlab-calculators.js`` and ``crmlab-formulas.js`` on
every page that has a calculator (``book/assets/crmlab_site.py``).
"""

from __future__ import annotations

import html
import itertools
import json
from typing import Any

from crmlab.calculators import _format, _text

_ids = itertools.count(1)


def label(control: Any, lang: str) -> str:
    """The text of a control's label: its name (with its Chinese term) and, for numbers, the unit."""
    text = control.label_text(lang)
    unit = getattr(control, "unit", None)
    return f"{text}, {_text.text(unit, lang)}" if unit else text


def payload(calc: Any) -> dict:
    """Everything the browser needs to recompute ``calc`` (a :class:`~crmlab.calculators._declare.Calculator`)."""
    tree = calc.declaration.tree(calc.lang)
    keys = _format.terms(tree) | set(calc.declaration.terms)
    return {
        "name": calc.name,
        "lang": calc.lang,
        "controls": [{**control.to_json(calc.lang), "label": label(control, calc.lang)} for control in calc.controls],
        "program": calc.program.to_json(),
        "template": tree,
        "data": calc.words,
        "terms": {key: _text.term_text(key, calc.lang) for key in sorted(keys)},
        "chart": calc.declaration.chart.spec(calc.lang) if calc.declaration.chart else None,
        "datasets": calc.declaration.chart.datasets() if calc.declaration.chart else [],
        "description": _text.text(calc.declaration.description, calc.lang),
        "messages": [[_text.pattern(english), _text.js_replacement(texts[calc.lang])]
                     for english, texts in calc.declaration.messages.items() if calc.lang in texts],
    }


def form(calc: Any) -> str:
    """The calculator's HTML for the online book."""
    outcome = calc.outcome()
    box = f"crmlab-calc-{next(_ids)}"
    title = f'<p class="crmlab-calc-title" id="{box}-title">{html.escape(calc.title)}</p>'
    if calc.failure is not None:
        return (f'<div class="crmlab-calc" data-crmlab-calculator="{calc.name}" role="group" '
                f'aria-labelledby="{box}-title" lang="{calc.lang}">{title}'
                f'<p class="crmlab-calc-result crmlab-calc-message" role="alert">⚠ {html.escape(calc.failure)}</p>'
                "</div>")
    note = f'<p class="crmlab-calc-note">{html.escape(calc.note)}</p>' if calc.note else ""
    controls = "\n".join(_control(control, f"{box}-{control.name}", calc.lang) for control in calc.controls)
    if outcome.message is not None:
        result = (f'<p class="crmlab-calc-result crmlab-calc-message" aria-live="polite">'
                  f"⚠ {html.escape(outcome.message)}</p>")
    else:
        result = f'<p class="crmlab-calc-result" aria-live="polite">{html.escape(outcome.sentence)}</p>'
    columns = f' style="--crmlab-columns: {calc.declaration.columns}"' if calc.declaration.columns else ""
    chart = ""
    if calc.declaration.chart is not None:
        alternative = html.escape(f"{_text.text(calc.declaration.description, calc.lang)} {outcome.sentence}",
                                  quote=True)
        chart = (f'<div class="crmlab-calc-chart" data-vega-embed role="img" aria-label="{alternative}">'
                 '<div class="crmlab-calc-vega"></div></div>\n')
    data = json.dumps(payload(calc), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (f'<div class="crmlab-calc" data-crmlab-calculator="{calc.name}" role="group" '
            f'aria-labelledby="{box}-title" lang="{calc.lang}">\n{title}{note}\n'
            f'<div class="crmlab-calc-controls"{columns}>\n{controls}\n</div>\n{result}\n{chart}'
            f'<script type="application/json" class="crmlab-calc-payload">{data}</script>\n</div>')


def _control(control: Any, ident: str, lang: str) -> str:
    """One control's HTML; ``data-crmlab-control`` names it for the script (``name`` attributes are unique on
    the page, so that the radio buttons of two calculators never form one group)."""
    text = html.escape(label(control, lang))
    mark = f'data-crmlab-control="{control.name}"'
    if control.kind == "slider":
        return (f'<div class="crmlab-control crmlab-control-slider"><label for="{ident}">{text}</label>'
                f'<span class="crmlab-control-input"><input type="range" id="{ident}" name="{ident}" {mark} '
                f'min="{control.low}" max="{control.high}" step="{control.step}" value="{control.default}">'
                f'<output for="{ident}">{html.escape(control.readout(control.default, lang))}</output></span></div>')
    if control.kind == "toggle":
        checked = " checked" if control.default else ""
        return (f'<div class="crmlab-control crmlab-control-toggle"><input type="checkbox" id="{ident}" '
                f'name="{ident}" {mark}{checked}><label for="{ident}">{text}</label></div>')
    if control.kind == "choice":
        options = "".join(
            f'<label><input type="radio" name="{ident}" {mark} value="{html.escape(key, quote=True)}"'
            f'{" checked" if key == control.default else ""}> {html.escape(control.option_text(key, lang))}</label>'
            for key in control.options)
        return (f'<fieldset class="crmlab-control crmlab-control-choice"><legend>{text}</legend>{options}'
                "</fieldset>")
    return (f'<div class="crmlab-control crmlab-control-number"><label for="{ident}">{text}</label>'
            f'<input type="number" id="{ident}" name="{ident}" {mark} step="any" value="{control.default:g}" '
            'inputmode="decimal"></div>')
