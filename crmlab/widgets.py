"""The live ipywidgets form of a calculator, for people running the notebooks (JupyterLab, a hub, VS Code).

Every calculator is declared once in :mod:`crmlab.calculators`; this module
builds its Jupyter form from the declaration: one widget per control (same
names, labels, ranges and steps as the online book's form), the result
sentence (rendered by the same template from the compute function's
results) and the chart. Each change runs the compute function in the kernel,
so the numbers are crmlab's; bad input shows crmlab's message in the widget,
never a traceback. No Altair is needed.

A calculator shows this form by itself in a notebook; to drive one from
Python (as the tests do)::

    form = CalculatorWidget(leaky_bucket_calculator())
    form.controls["churn"].value = 10      # recomputes at once
    form.sentence                          # the sentence shown ("" while a message is shown)
    form.message                           # None, or the message shown for bad input
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from crmlab.calculators._chart import inline
from crmlab.calculators._html import label as label_text

__all__ = ["CalculatorWidget"]

STYLE = """<style>
.crmlab-calc-widget { max-width: 100%; }
.crmlab-calc-widget .crmlab-calc-label { line-height: 1.3; margin: 0.2em 0 0; }
.crmlab-calc-widget .crmlab-calc-label p { margin: 0; white-space: normal; overflow-wrap: anywhere; }
.crmlab-calc-widget .widget-checkbox { width: auto; height: auto; }
.crmlab-calc-widget .widget-checkbox label, .crmlab-calc-widget .widget-checkbox span,
.crmlab-calc-widget .widget-radio-box label {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.3; height: auto; }
.crmlab-calc-widget .widget-radio-box { width: 100%; }
.crmlab-calc-widget .widget-html-content { line-height: 1.4; }
.crmlab-calc-widget .crmlab-calc-result { white-space: pre-line; margin: 0.6em 0 0; }
</style>"""
"""Lets labels and sentences wrap (ipywidgets cuts long descriptions to one line with an ellipsis)."""

_FULL = widgets.Layout(width="100%")


def _control(control: Any, lang: str) -> tuple[widgets.Widget, widgets.ValueWidget]:
    """(the box shown, the value widget) for one declared control."""
    text = label_text(control, lang)
    if control.kind == "toggle":
        box = widgets.Checkbox(value=control.default, description=text, indent=False, layout=_FULL)
        return box, box
    if control.kind == "slider":
        kind = widgets.IntSlider if control.integer else widgets.FloatSlider
        value = kind(value=control.default, min=control.low, max=control.high, step=control.step,
                     readout_format=control.shown, continuous_update=False, layout=_FULL, tooltip=text)
    elif control.kind == "choice":
        value = widgets.RadioButtons(options=[(control.option_text(key, lang), key) for key in control.options],
                                     value=control.default, layout=_FULL, tooltip=text)
    else:
        value = widgets.FloatText(value=control.default, layout=_FULL, tooltip=text)
    caption = widgets.HTML(f"<p>{html.escape(text)}</p>", layout=_FULL)
    caption.add_class("crmlab-calc-label")
    return widgets.VBox([caption, value], layout=widgets.Layout(width="100%", min_width="0")), value


class CalculatorWidget(widgets.VBox):
    """A calculator's controls, sentence and chart as ipywidgets, recomputed in the kernel on every change.

    ``controls`` maps each control's name to its value widget; ``output`` is the
    HTML widget with the sentence (or the message); ``sentence``, ``message``
    and ``results`` describe what is shown now.
    """

    def __init__(self, calculator: Any) -> None:
        self.calculator = calculator
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.output = widgets.HTML()
        self.chart = widgets.Output()
        self.outcome = None
        parts: list[widgets.Widget] = [widgets.HTML(STYLE),
                                       widgets.HTML(f"<p><strong>{html.escape(calculator.title)}</strong></p>")]
        if calculator.note:
            parts.append(widgets.HTML(f"<p><small>{html.escape(calculator.note)}</small></p>"))
        boxes = []
        for control in calculator.controls:
            box, value = _control(control, calculator.lang)
            boxes.append(box)
            self.controls[control.name] = value
        if boxes:
            parts.append(widgets.GridBox(boxes, layout=widgets.Layout(
                grid_template_columns="repeat(auto-fill, minmax(15em, 1fr))", grid_gap="0.3em 1.5em", width="100%")))
        parts += [self.output, self.chart]
        super().__init__(parts, layout=widgets.Layout(width="100%"))
        self.add_class("crmlab-calc-widget")
        for value in self.controls.values():
            value.observe(self.recompute, names="value")
        self.recompute()

    @property
    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: widget.value for name, widget in self.controls.items()}

    @property
    def sentence(self) -> str:
        return self.outcome.sentence if self.outcome and self.outcome.message is None else ""

    @property
    def message(self) -> str | None:
        return self.outcome.message if self.outcome else None

    @property
    def results(self) -> dict | None:
        return self.outcome.results if self.outcome else None

    def recompute(self, change: object = None) -> None:
        """Compute at the current values and show the sentence, or crmlab's message."""
        self.outcome = self.calculator.outcome(self.values)
        if self.outcome.message is not None:
            self.output.value = (f"<p class='crmlab-calc-result crmlab-calc-message' role='alert' "
                                 f"style='color:#b00020'>⚠ {html.escape(self.outcome.message)}</p>")
        else:
            self.output.value = (f"<p class='crmlab-calc-result' aria-live='polite'>"
                                 f"{html.escape(self.outcome.sentence)}</p>")
        chart = self.calculator.declaration.chart
        if chart is not None:
            spec = inline(chart.spec(self.calculator.lang), self.outcome.results or {})
            self.chart.outputs = ({"output_type": "display_data", "metadata": {},
                                   "data": {"application/vnd.vegalite.v5+json": spec,
                                            "text/plain": f"<chart: {self.calculator.title}>"}},)

    @property
    def chart_spec(self) -> dict | None:
        """The Vega-Lite specification the chart shows now (its rows written in), or None."""
        outputs = self.chart.outputs
        return outputs[0]["data"]["application/vnd.vegalite.v5+json"] if outputs else None
