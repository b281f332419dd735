"""Every calculator's ipywidgets form, made from its declaration: the same controls as the book's form, and the
sentence crmlab's compute function gives at every position a reader can set.

The first tests drive the widgets in this process; the last runs them in a
real Jupyter kernel (what JupyterLab does), where each calculator must show
its widget view and the kernel must hold the widgets' state.
"""

from __future__ import annotations

import json

import ipywidgets
import nbclient
import nbformat
import pytest

from crmlab.calculators import REGISTRY, _html
from crmlab.widgets import CalculatorWidget
from tests import calculator_helpers as helpers

WIDGETS = {"slider": (ipywidgets.IntSlider, ipywidgets.FloatSlider), "toggle": (ipywidgets.Checkbox,),
           "choice": (ipywidgets.RadioButtons,), "number": (ipywidgets.FloatText,)}


@pytest.fixture(scope="module")
def instances():
    return helpers.instances()


def test_the_widgets_are_the_declared_controls(instances):
    for name, calc in instances.items():
        form = CalculatorWidget(calc)
        assert list(form.controls) == [c.name for c in calc.controls], name
        for control in calc.controls:
            widget = form.controls[control.name]
            assert isinstance(widget, WIDGETS[control.kind]), (name, control.name)
            assert widget.value == control.default
            if control.kind == "slider":
                assert (widget.min, widget.max, widget.step) == (control.low, control.high, control.step)
                assert isinstance(widget, ipywidgets.IntSlider) == control.integer
            if control.kind == "choice":
                assert [key for _, key in widget.options] == list(control.options)
        # Both forms label each control with the same words.
        labels = {_html.label(c, calc.lang) for c in calc.controls}
        shown = {w.description for w in form.controls.values() if isinstance(w, ipywidgets.Checkbox)}
        shown |= {w.tooltip for w in form.controls.values() if not isinstance(w, ipywidgets.Checkbox)}
        assert shown == labels, name


def test_moving_every_control_shows_crmlab_s_sentence(instances):
    for name, calc in instances.items():
        form = CalculatorWidget(calc)
        for values in helpers.positions(calc, count=8):
            with form.hold_trait_notifications():
                for control, value in values.items():
                    form.controls[control].value = value
            form.recompute()
            outcome = calc.outcome(values)
            assert form.message == outcome.message, (name, values)
            assert form.sentence == (outcome.sentence if outcome.message is None else ""), (name, values)
            if outcome.message is not None:
                assert "⚠" in form.output.value and "role='alert'" in form.output.value


def test_each_change_recomputes_at_once(instances):
    form = CalculatorWidget(instances["leaky_bucket"])
    form.controls["churn"].value = 0  # no churn: 1,000 + 20 × 100 = 3,000 and no steady state
    assert "holds 3,000 customers" in form.sentence and "never settles" in form.sentence
    form.controls["churn"].value = 50  # S = 100 / 0.5 = 200
    assert "steady state = 100 / 50 % = 200 customers" in form.sentence


def test_the_chart_shows_the_results_rows(instances):
    form = CalculatorWidget(instances["leaky_bucket"])
    spec = form.chart_spec
    assert spec["$schema"].endswith("vega-lite/v5.json")
    path = spec["layer"][0]["data"]["values"]
    assert len(path) == 21 and path[0] == {"period": 0, "customers": 1000.0}
    form.controls["periods"].value = 5
    assert len(form.chart_spec["layer"][0]["data"]["values"]) == 6
    form.controls["churn"].value = 0
    assert form.chart_spec["layer"][1]["data"]["values"] == []  # no steady-state line without churn


def test_long_labels_wrap_instead_of_being_cut(instances):
    form = CalculatorWidget(instances["guest_journey"])
    style = form.children[0].value
    assert "white-space: normal" in style and "text-overflow: clip" in style
    assert "crmlab-calc-widget" in form._dom_classes


def test_a_failed_calculator_shows_only_its_message():
    form = CalculatorWidget(REGISTRY["leaky_bucket"](churn=500))
    assert form.controls == {} and "churn must be one of the slider's positions" in form.message


KERNEL_CELLS = [
    "import crmlab.calculators as C\nfrom crmlab.widgets import CalculatorWidget\ncalc = C.leaky_bucket_calculator()",
    "calc",
    "form = CalculatorWidget(calc)\nform.controls['churn'].value = 50\nprint(form.sentence)",
    "import json\nsentences = {}\nfor name, declaration in C.REGISTRY.items():\n"
    "    if name not in ('guest_value', 'servqual_gap'):  # those need their case's data\n"
    "        sentences[name] = CalculatorWidget(declaration()).sentence\nprint(json.dumps(sentences))",
]


@pytest.mark.slow
def test_in_a_kernel_each_calculator_is_a_live_widget(tmp_path):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in KERNEL_CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", store_widget_state=True,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    shown = notebook.cells[1].outputs[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in shown  # what JupyterLab renders
    assert 'data-crmlab-calculator="leaky_bucket"' in shown["text/html"]  # what the book renders
    assert notebook.cells[2].outputs[0]["text"].splitlines()[-1] == (
        "It settles where inflow equals outflow: steady state = 100 / 50 % = 200 customers.")
    in_kernel = json.loads(notebook.cells[3].outputs[0]["text"])
    assert in_kernel == {name: d().sentence() for name, d in REGISTRY.items() if name in in_kernel}
    assert len(in_kernel) == len(REGISTRY) - 2
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    sliders = [m["state"] for m in state.values() if m["model_name"] == "IntSliderModel"]
    assert {"min": 0, "max": 100, "step": 1} in [{k: s[k] for k in ("min", "max", "step")} for s in sliders]
