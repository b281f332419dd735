"""ipywidgets calculators for people running the notebooks (JupyterLab, a hub, VS Code).

The same nine calculators as :mod:`crmlab.calculators` (the kernel-free form
for the online book), built as thin ipywidgets: each control is wired to a
formula of :mod:`crmlab` and, where one exists, a figure of
:mod:`crmlab.plots`; the result is also stated in a sentence (the same
sentence functions as the static calculators), and bad input shows a message
in the widget, never a traceback.

Every ``*_widget`` function returns a :class:`Calculator`: display it in a
cell, or drive it from Python (tests do)::

    calc = satisfaction_widget()
    calc.controls["expected"].value = 8      # recomputes at once
    calc.output.value                        # the sentence (HTML), or the message
    calc.message                             # None, or the message shown for bad input

Building a case-specific widget (``crmlab.case_widgets`` does) takes three
pieces from here:

- :func:`slider` / :func:`int_slider` / :func:`dropdown` / :func:`checkbox`:
  a labelled control whose label carries its unit, wide enough to read;
- :class:`Result`: what a compute function returns (a sentence and an optional
  matplotlib figure with its text alternative);
- :class:`Calculator`: the box that recomputes on every change, catches
  ``ValueError``/``TypeError`` from crmlab and shows their message in its
  error area; :meth:`Calculator.failed` makes one that only shows a message
  (for bad arguments given when the widget is built).

For example::

    def compute(price, margin):
        return Result(f"Target cost: {value.target_cost(price, margin):,.2f}")

    Calculator("Target costing", {"price": slider("Price", "yuan", 200, 0, 1000, 10),
                                  "margin": slider("Margin", "share of price", 0.25, 0, 0.9, 0.05)}, compute)
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from crmlab import _checks, calculators, loyalty, retention, satisfaction, value
from crmlab.plots import loyalty as loyalty_plots
from crmlab.plots import retention as retention_plots
from crmlab.plots import satisfaction as satisfaction_plots
from crmlab.plots import trust as trust_plots
from crmlab.plots import use_course_style
from crmlab.plots import value as value_plots

__all__ = [
    "Calculator", "Result", "slider", "int_slider", "dropdown", "checkbox", "new_axes",
    "delivered_value_widget", "satisfaction_widget", "servqual_widget", "ipa_widget", "loyalty_segments_widget",
    "trust_breach_widget", "lifetime_value_widget", "leaky_bucket_widget", "word_of_mouth_widget",
]

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="100%", max_width="34em")


def slider(label: str, unit: str, value: float, low: float, high: float, step: float) -> widgets.FloatSlider:
    """A float slider labelled "label (unit)", updating when released (``continuous_update=False``).

    A starting ``value`` outside [low, high] raises ``ValueError`` (ipywidgets would silently clamp it).
    """
    _checks.number(label, value, low=low, high=high)
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=f"{label} ({unit})",
                               continuous_update=False, style=_STYLE, layout=_WIDE)


def int_slider(label: str, unit: str, value: int, low: int, high: int, step: int = 1) -> widgets.IntSlider:
    """A whole-number slider labelled "label (unit)"; a ``value`` outside [low, high] raises ``ValueError``."""
    _checks.number(label, value, low=low, high=high)
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=f"{label} ({unit})",
                             continuous_update=False, style=_STYLE, layout=_WIDE)


def dropdown(label: str, options: list | Mapping, value) -> widgets.Dropdown:
    """A labelled drop-down; ``options`` as ipywidgets takes them (a list, or label → value)."""
    return widgets.Dropdown(options=options, value=value, description=label, style=_STYLE, layout=_WIDE)


def checkbox(label: str, value: bool) -> widgets.Checkbox:
    """A labelled check box."""
    return widgets.Checkbox(value=value, description=label, style=_STYLE, indent=False)


def new_axes(width: float = 7, height: float = 4.2):
    """A fresh matplotlib Axes on its own Figure (no pyplot state, so nothing is shown twice)."""
    use_course_style()
    return Figure(figsize=(width, height), layout="constrained").subplots()


@dataclass
class Result:
    """What a calculator's compute function returns.

    ``sentence`` is plain text (lines separated by ``\\n``); ``figure`` an
    optional matplotlib Figure, shown as an image whose alt text is ``alt``
    (default: the sentence).
    """

    sentence: str
    figure: Figure | None = None
    alt: str | None = None


class Calculator(widgets.VBox):
    """Controls, a result sentence (or an error message) and a figure, recomputed on every change.

    ``controls`` maps the keyword names of ``compute`` to widgets; each change
    calls ``compute(**values)``, which returns a :class:`Result` or raises
    ``ValueError``/``TypeError`` (crmlab's validation), whose message is then
    shown in place of the result. ``columns`` lays the controls out in a grid
    of that many columns (row by row).

    Attributes a test or a notebook can use: ``controls`` (dict), ``output``
    (the HTML widget holding the sentence or the message), ``figure`` (HTML
    widget with the figure as an ``<img>`` with alt text), ``message`` (None,
    or the message shown), ``result`` (the last :class:`Result`, or None).
    """

    def __init__(self, title: str, controls: Mapping[str, widgets.ValueWidget],
                 compute: Callable[..., Result], columns: int = 1) -> None:
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.output = widgets.HTML()
        self.figure = widgets.HTML()
        self.message: str | None = None
        self.result: Result | None = None
        if columns > 1:
            panel = widgets.GridBox(list(self.controls.values()),
                                    layout=widgets.Layout(grid_template_columns=f"repeat({columns}, 1fr)",
                                                          grid_gap="2px 12px"))
        else:
            panel = widgets.VBox(list(self.controls.values()))
        heading = widgets.HTML(f"<h4 style='margin:0.3em 0'>{html.escape(title)}</h4>")
        super().__init__([heading, panel, self.output, self.figure])
        for control in self.controls.values():
            control.observe(self.recompute, names="value")
        self.recompute()

    @property
    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def recompute(self, change: object = None) -> None:
        """Run ``compute`` on the current values and show its result, or the message of its error."""
        try:
            result = self.compute(**self.values)
        except (ValueError, TypeError) as error:
            self.show_message(str(error))
            return
        self.message, self.result = None, result
        lines = "<br>".join(html.escape(line) for line in result.sentence.splitlines())
        self.output.value = f"<p class='crmlab-result' aria-live='polite'>{lines}</p>"
        self.figure.value = _image(result.figure, result.alt or result.sentence) if result.figure else ""

    def show_message(self, message: str) -> None:
        """Show ``message`` in the error area (and no figure)."""
        self.message, self.result = message, None
        self.output.value = (f"<p class='crmlab-message' role='alert' style='color:#b00020'>"
                             f"⚠ {html.escape(message)}</p>")
        self.figure.value = ""

    @classmethod
    def failed(cls, title: str, message: str) -> Calculator:
        """A calculator with no controls that only shows ``message`` (bad arguments at build time)."""
        calc = cls(title, {}, lambda: Result(""))
        calc.show_message(message)
        return calc


def _image(figure: Figure, alt: str) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img src='data:image/png;base64,{data}' alt='{html.escape(alt, quote=True)}' style='max-width:100%'>"


def _build(title: str, make: Callable[[], Calculator]) -> Calculator:
    """Run ``make``; if the arguments it was given are bad, return a calculator showing why."""
    try:
        return make()
    except (ValueError, TypeError) as error:
        return Calculator.failed(title, str(error))


# ---------------------------------------------------------------------------------------------------------

def delivered_value_widget(offer_a: Mapping[str, float] | None = None,
                           offer_b: Mapping[str, float] | None = None) -> Calculator:
    """Customer delivered value of two offers (V1): 16 sliders (0–100 value units), two waterfalls.

    Uses :func:`crmlab.value.delivered_value` and ``chosen_offer``; the
    figure is :func:`crmlab.plots.value.delivered_value_waterfall` for each offer.
    """
    title = "Customer delivered value (顾客让渡价值): which offer does the customer choose?"
    components = value.VALUE_COMPONENTS + value.COST_COMPONENTS
    offers = {"A": offer_a or calculators.DEFAULT_OFFERS["A"], "B": offer_b or calculators.DEFAULT_OFFERS["B"]}

    def compute(**amounts: float) -> Result:
        chosen = {name: {c: amounts[f"{name.lower()}_{c}"] for c in components} for name in offers}
        totals = {name: value.delivered_value(**parts) for name, parts in chosen.items()}
        figure = Figure(figsize=(12.5, 4.2), layout="constrained")
        for ax, (name, parts) in zip(figure.subplots(1, 2, sharey=True), chosen.items()):
            value_plots.delivered_value_waterfall(parts, ax=ax, title=f"Offer {name}")
        return Result(calculators.delivered_value_sentence(totals), figure)

    def make() -> Calculator:
        controls = {}
        for component in components:  # A and B side by side, one component per row
            for name in offers:
                controls[f"{name.lower()}_{component}"] = slider(
                    f"Offer {name}: {calculators.COMPONENT_NAMES[component]}", "units",
                    offers[name][component], 0, 100, 1)
        return Calculator(title, controls, compute, columns=2)

    return _build(title, make)


def satisfaction_widget(perceived: float = 6, expected: float = 4, tolerance: float = 0.5) -> Calculator:
    """Satisfaction gap, ratio and Q1/Q0 verdict (S2–S4) on a 0–10 scale.

    Uses :func:`crmlab.satisfaction.satisfaction_gap`, ``satisfaction_ratio``
    and ``q_model``; the figure is :func:`crmlab.plots.satisfaction.q_model_chart`
    with this customer and the public-bus story's two riders (seed 004;
    illustrative expectations) placed on it. Q0 = 0 leaves the ratio undefined
    and says so.
    """
    title = "Satisfaction (顾客满意): gap, ratio and the Q1/Q0 verdict"

    def compute(perceived: float, expected: float, tolerance: float) -> Result:
        sentence = calculators.satisfaction_sentence(perceived, expected, tolerance)
        riders = {f"bus, {story}": (perceived, q0) for story, q0 in calculators.BUS_STORY.items()}
        ax = satisfaction_plots.q_model_chart(new_axes(), tolerance=tolerance,
                                              customers={"you": (perceived, expected), **riders})
        return Result(sentence, ax.figure)

    return _build(title, lambda: Calculator(title, {
        "perceived": slider("Perceived effect Q1", "points, 0–10", perceived, 0, 10, 0.5),
        "expected": slider("Expectation Q0", "points, 0–10", expected, 0, 10, 0.5),
        "tolerance": slider("Tolerance of the Q1/Q0 model", "points", tolerance, 0, 2, 0.1)}, compute))


def servqual_widget(perceived: Mapping[str, float] | None = None, expected: Mapping[str, float] | None = None,
                    weights: Mapping[str, float] | None = None) -> Calculator:
    """SERVQUAL (S6): perception, expectation (1–7) and importance (0–100 points) of the five dimensions.

    Uses :func:`crmlab.satisfaction.servqual_gaps` (its weighted gaps sum to
    :func:`crmlab.satisfaction.servqual_score`); the figure is
    :func:`crmlab.plots.satisfaction.servqual_gap_chart`. All importances 0
    shows crmlab's message.
    """
    title = "SERVQUAL (服务质量): weighted P − E gap over five dimensions"
    dims = satisfaction.SERVQUAL_DIMENSIONS
    start = {"p": perceived or calculators.DEFAULT_SERVQUAL["perceived"],
             "e": expected or calculators.DEFAULT_SERVQUAL["expected"],
             "w": weights or calculators.DEFAULT_SERVQUAL["weights"]}

    def compute(**values: float) -> Result:
        answers = {key: {dim: values[f"{key}_{dim}"] for dim in dims} for key in ("p", "e", "w")}
        gaps = satisfaction.servqual_gaps(answers["p"], answers["e"], answers["w"])
        ax = satisfaction_plots.servqual_gap_chart(pd.DataFrame([answers["p"]]), pd.DataFrame([answers["e"]]),
                                                   answers["w"], ax=new_axes())
        return Result(calculators.servqual_sentence(gaps), ax.figure)

    def make() -> Calculator:
        controls = {}
        for dim in dims:
            controls[f"p_{dim}"] = slider(f"{dim.capitalize()}: perception P", "1–7", start["p"][dim], 1, 7, 0.5)
            controls[f"e_{dim}"] = slider(f"{dim.capitalize()}: expectation E", "1–7", start["e"][dim], 1, 7, 0.5)
            controls[f"w_{dim}"] = slider(f"{dim.capitalize()}: importance", "points", start["w"][dim], 0, 100, 5)
        return Calculator(title, controls, compute, columns=3)

    return _build(title, make)


def ipa_widget(table: pd.DataFrame | None = None, importance: str = "importance",
               performance: str = "performance") -> Calculator:
    """Importance–performance map (S7) of a survey table with movable cut lines.

    ``table``: one row per attribute, mean importance and performance columns
    (default :data:`crmlab.calculators.DEFAULT_IPA`, illustrative). The cuts
    start at the means; quadrants from :func:`crmlab.satisfaction.ipa_quadrant`,
    figure from :func:`crmlab.plots.satisfaction.ipa_chart`. An empty or
    non-numeric table shows a message.
    """
    title = "Importance–performance analysis (重要性–满意度矩阵): move the cut lines"

    def make() -> Calculator:
        frame = calculators.DEFAULT_IPA if table is None else table
        checked = calculators.check_ipa_table(frame, importance, performance)
        imp, perf = checked[importance], checked[performance]

        def compute(importance_cut: float, performance_cut: float) -> Result:
            quadrants = satisfaction.ipa_quadrant(imp, perf, importance_cut, performance_cut)
            ax = satisfaction_plots.ipa_chart(imp, perf, importance_cut, performance_cut, ax=new_axes(7, 5))
            return Result(calculators.ipa_sentence(quadrants), ax.figure)

        i_low, i_high, _ = calculators.cut_range(imp)
        p_low, p_high, _ = calculators.cut_range(perf)
        return Calculator(title, {
            "importance_cut": slider("Importance cut", "scale points", round(float(imp.mean()), 2), i_low, i_high,
                                     0.05),
            "performance_cut": slider("Performance cut", "scale points", round(float(perf.mean()), 2), p_low,
                                      p_high, 0.05)}, compute)

    return _build(title, make)


def loyalty_segments_widget(data: pd.DataFrame | None = None, attitude: str = "CUSL3", repeat: str = "CUSL1",
                            attitude_cut: int = 8, repeat_cut: int = 8) -> Calculator:
    """Dick & Basu loyalty segments (L4) of real survey customers, with movable cuts and items.

    ``data`` defaults to ``crmlab.data.load("mobi")`` (ECSI mobile-phone
    survey, 250 customers, 1–10; Tenenhaus et al. 2005); the drop-downs pick
    the survey items used as relative attitude and as repeat patronage
    (defaults: would recommend, would choose again). Segments from
    :func:`crmlab.loyalty.loyalty_segment`, figure from
    :func:`crmlab.plots.loyalty.plot_dick_basu`. Rows with a missing answer
    are left out; an empty table shows a message.
    """
    title = "Loyalty segments (Dick & Basu): real mobile-phone customers"

    def make() -> Calculator:
        if data is None:
            from crmlab import data as datasets
            frame = datasets.load("mobi")
        else:
            frame = data
        frame = calculators.check_survey(frame, attitude, repeat)

        def compute(attitude_item: str, repeat_item: str, attitude_cut: int, repeat_cut: int) -> Result:
            answers = frame[[attitude_item, repeat_item]].dropna()
            if answers.empty:
                raise ValueError(f"no customer answered both {attitude_item!r} and {repeat_item!r}")
            segments = loyalty.loyalty_segment(answers[attitude_item], answers[repeat_item], attitude_cut,
                                               repeat_cut)
            sentence = calculators.loyalty_segments_sentence(segments, attitude_cut, repeat_cut)
            if len(answers) < len(frame):
                sentence += f"\n{len(frame) - len(answers)} customers with a missing answer are left out."
            ax = loyalty_plots.plot_dick_basu(answers[attitude_item], answers[repeat_item], attitude_cut=attitude_cut,
                                              repeat_cut=repeat_cut, ax=new_axes(7, 5))
            return Result(sentence, ax.figure)

        items = list(frame.columns)
        return Calculator(title, {
            "attitude_item": dropdown("Relative attitude item", items, attitude),
            "repeat_item": dropdown("Repeat patronage item", items, repeat),
            "attitude_cut": int_slider("Attitude cut", "high from this answer up", attitude_cut, 1, 10),
            "repeat_cut": int_slider("Repeat cut", "high from this answer up", repeat_cut, 1, 10)}, compute)

    return _build(title, make)


def trust_breach_widget(weak: float = 50, strong: float = 20, breach: float = 0.4,
                        tolerance_ceiling: float = 0.5) -> Calculator:
    """Trust strength and a breach of trust (T3): who stays at which severity and tolerance ceiling.

    Uses :func:`crmlab.trust.stays_after_breach` and ``share_retained``; the
    figure is :func:`crmlab.plots.trust.plot_breach_response` with the current
    severity marked. Weak + strong above 100 % shows a message.
    """
    title = "Trust strength and a breach of trust (失信): who stays?"

    def compute(breach: float, tolerance_ceiling: float, weak: float, strong: float) -> Result:
        mix = calculators.trust_mix(weak, strong)
        sentence = calculators.trust_breach_sentence(mix, breach, tolerance_ceiling)
        ax = trust_plots.plot_breach_response(mix, tolerance_ceiling, ax=new_axes())
        ax.axvline(breach, color="black", linestyle=":", linewidth=1.5)
        return Result(sentence, ax.figure)

    return _build(title, lambda: Calculator(title, {
        "breach": slider("Severity of the breach of trust", "0 = none, 1 = worst", breach, 0, 1, 0.05),
        "tolerance_ceiling": slider("Tolerance ceiling of semi-strong customers", "0–1", tolerance_ceiling, 0, 1,
                                    0.05),
        "weak": slider("Customers with weak trust", "%", weak, 0, 100, 5),
        "strong": slider("Customers with strong trust", "%", strong, 0, 100, 5)}, compute))


def lifetime_value_widget(margin: float = 100, retention_rate: float = 80, discount_rate: float = 10,
                          periods: int = 20, unlimited: bool = True) -> Calculator:
    """Customer lifetime value and five more points of retention (L8, L11).

    Uses :func:`crmlab.retention.lifetime_value` and ``retention_uplift``; the
    figure is :func:`crmlab.plots.retention.plot_retention_uplift` (drawn for
    no horizon) with the claims of +25 % and +85 % the course material
    reports. Retention above 94 % shows crmlab's message (five more points
    would reach 100 %).
    """
    title = "Customer lifetime value (客户终身价值) and five more points of retention"

    def compute(margin: float, retention_rate: float, discount_rate: float, periods: int,
                unlimited: bool) -> Result:
        sentence = calculators.lifetime_value_sentence(margin, retention_rate / 100, discount_rate / 100,
                                                       None if unlimited else periods)
        ax = retention_plots.plot_retention_uplift(discount_rate / 100, claims=calculators.FOLK_UPLIFT_CLAIMS,
                                                   high=0.94, ax=new_axes())
        uplift = retention.retention_uplift(retention_rate / 100, discount_rate / 100, 0.05,
                                            None if unlimited else periods)
        ax.plot([retention_rate], [100 * uplift], "o", color="black", label="your setting")
        if not unlimited:
            ax.set_title(ax.get_title() + " (curve: no horizon; dot: your horizon)")
        return Result(sentence.replace("the dashed lines on the right", "the dashed lines"), ax.figure)

    return _build(title, lambda: Calculator(title, {
        "margin": slider("Margin per period", "money units", margin, 0, 1000, 10),
        "retention_rate": slider("Retention rate", "% per period", retention_rate, 0, 99, 1),
        "discount_rate": slider("Discount rate", "% per period", discount_rate, 0, 30, 1),
        "periods": int_slider("Horizon", "periods", periods, 1, 50),
        "unlimited": checkbox("No horizon (the customer may stay for ever)", unlimited)}, compute))


def leaky_bucket_widget(initial: float = 1000, acquired: float = 100, churn: float = 20,
                        periods: int = 20) -> Calculator:
    """The leaky bucket (R1): customers over time, and the steady state acquired / churn.

    Uses :func:`crmlab.retention.leaky_bucket` and ``steady_state``; the figure
    is :func:`crmlab.plots.retention.plot_leaky_bucket`. No churn says there is
    no steady state.
    """
    title = "The leaky bucket (漏桶): acquisition against churn"

    def compute(initial: float, acquired: float, churn: float, periods: int) -> Result:
        sentence = calculators.leaky_bucket_sentence(initial, acquired, churn / 100, periods)
        ax = retention_plots.plot_leaky_bucket(initial, acquired, churn / 100, periods, ax=new_axes())
        return Result(sentence, ax.figure)

    return _build(title, lambda: Calculator(title, {
        "initial": slider("Customers at the start", "customers", initial, 0, 10_000, 100),
        "acquired": slider("New customers", "per period", acquired, 0, 1000, 10),
        "churn": slider("Churn", "% of customers lost per period", churn, 0, 100, 1),
        "periods": int_slider("Periods shown", "periods", periods, 1, 50)}, compute))


def word_of_mouth_widget(lost_per_day: float = 1, tells: float = 8, days: float = 365) -> Calculator:
    """Word of mouth (S10): customers lost and people reached, against the figures the seeds quote.

    Uses :func:`crmlab.satisfaction.word_of_mouth` for your setting and for
    each quoted figure (8, 10, 22, 25 people per lost customer); the bars are
    drawn here (crmlab.plots has no word-of-mouth figure).
    """
    title = "Word of mouth (口碑): customers lost, people reached"

    def compute(lost_per_day: float, tells: float, days: float) -> Result:
        sentence = calculators.word_of_mouth_sentence(lost_per_day, tells, days)
        labels = ["your setting", *calculators.SEED_TELLS]
        reached = [satisfaction.word_of_mouth(lost_per_day, n, days)[1]
                   for n in [tells, *calculators.SEED_TELLS.values()]]
        ax = new_axes(7, 3.2)
        ax.barh(labels[::-1], reached[::-1], color=["#90a4ae"] * (len(labels) - 1) + ["#e65100"])
        ax.set_xlabel("people who hear a complaint")
        ax.set_ylabel("people told per lost customer")
        return Result(sentence, ax.figure)

    return _build(title, lambda: Calculator(title, {
        "lost_per_day": slider("Customers lost", "per day", lost_per_day, 0, 20, 1),
        "tells": slider("People each lost customer tells", "people", tells, 0, 30, 1),
        "days": slider("Days", "days", days, 1, 3650, 1)}, compute))
