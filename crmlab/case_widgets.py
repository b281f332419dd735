"""Calculators (ipywidgets) for the four case notebooks, and the on-the-spot answer check.

Each calculator is thin: its controls feed a :mod:`crmlab` formula, and it
shows the result as a sentence and a figure. It holds no arithmetic of its
own, so a number in a calculator is the number the book and the tests compute.
Bad input (a mix of shares that does not add up to 1, a discount rate below
−100 %) shows a message inside the calculator instead of a traceback.

There is no kernel behind the online book: a calculator there shows its
starting state. :meth:`CaseCalculator.show` therefore also prints a table of
its results at a few instructive settings (computed by the same function), so
a reader of the static page sees what the controls would do.

Calculators by case:

- Oriental Hotel (C-OH): :func:`guest_journey_calculator`, :func:`guest_value_calculator`
- Shuanghui (C-SH): :func:`trust_shock_calculator`, :func:`sales_recovery_calculator`
- Coca-Cola (C-CC): :func:`complaint_calculator`, :func:`loyalty_segments_calculator`
- Procter & Gamble (C-PG): :func:`servqual_gap_calculator`, :func:`ipa_map_calculator`
"""

from __future__ import annotations

import contextvars
import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import pandas as pd
from IPython.display import Markdown, display

from crmlab import _checks
from crmlab import widgets as shared
from crmlab.loyalty import LOYALTY_SEGMENTS, loyalty_segment
from crmlab.plots.cases import (
    plot_complaint_outcomes,
    plot_profit_tiers,
    plot_recovery_paths,
    plot_servqual_gaps,
    plot_trust_journey,
)
from crmlab.plots.loyalty import plot_dick_basu
from crmlab.plots.satisfaction import ipa_chart
from crmlab.plots.trust import plot_breach_response
from crmlab.retention import lifetime_value, profit_tiers
from crmlab.satisfaction import complaint_outcomes, derived_importance, ipa_quadrant, retention_band, servqual_score
from crmlab.trust import TRUST_STRENGTHS, periods_to_recover, sales_after_shock, share_retained, trust_from_service

__all__ = [
    "CaseCalculator", "CaseResult", "check_answer",
    "guest_journey_calculator", "guest_value_calculator",
    "trust_shock_calculator", "sales_recovery_calculator", "SHUANGHUI_2011", "SANLU_2008", "RESPONSES",
    "complaint_calculator", "loyalty_segments_calculator",
    "servqual_gap_calculator", "ipa_map_calculator", "survey_frames", "derived_ipa",
]

_LAYOUT = w.Layout(width="100%", max_width="34em")


@dataclass
class CaseResult(shared.Result):
    """A :class:`crmlab.widgets.Result` plus the key ``numbers`` (one row of the calculator's static table)."""

    numbers: dict[str, Any] = field(default_factory=dict)


_DRAWING = contextvars.ContextVar("crmlab_case_drawing", default=True)
"""False while :meth:`CaseCalculator.table` runs: its rows need the numbers, not the figures."""


def _figure(draw: Callable[[Any], Any]) -> Any:
    """Draw on a fresh Axes (:func:`crmlab.widgets.new_axes`) and return its Figure (None for table rows)."""
    if not _DRAWING.get():
        return None
    ax = shared.new_axes()
    draw(ax)
    return ax.figure


class CaseCalculator(shared.Calculator):
    """A :class:`crmlab.widgets.Calculator` with a note under its title and a table of instructive settings.

    ``compute`` returns a :class:`CaseResult`; bad input (crmlab's
    ``ValueError``/``TypeError``) shows as a message, as in every course
    calculator. ``settings`` are (label, values) pairs: :meth:`table` runs
    ``compute`` at each (the values override the controls' current ones) so
    that the static book, which has no kernel, can show what the controls do.
    """

    def __init__(self, title: str, controls: Mapping[str, w.ValueWidget], compute: Callable[..., CaseResult],
                 settings: Sequence[tuple[str, Mapping[str, Any]]] = (), note: str = "") -> None:
        self.settings = list(settings)
        super().__init__(title, controls, compute)
        if note:
            self.children = (self.children[0], w.HTML(f"<p><small>{html.escape(note)}</small></p>"),
                             *self.children[1:])

    @property
    def sentence(self) -> str:
        """The sentence shown now (empty while a message is shown instead)."""
        return self.result.sentence if self.result else ""

    @property
    def error(self) -> str:
        """The message shown now (empty when the input is fine)."""
        return self.message or ""

    def table(self) -> pd.DataFrame:
        """Key results at each of the calculator's instructive settings (the same compute function)."""
        token = _DRAWING.set(False)
        try:
            rows = [{"setting": label, **self.compute(**{**self.values, **values}).numbers}
                    for label, values in self.settings]
        finally:
            _DRAWING.reset(token)
        return pd.DataFrame(rows).set_index("setting") if rows else pd.DataFrame()

    def show(self) -> None:
        """Display the calculator and, for readers without a kernel, its results at a few settings."""
        display(self)
        if self.settings:
            display(Markdown("*Results at a few settings (computed by the same crmlab functions; in Jupyter, "
                             "move the controls above to try your own):*"))
            display(self.table())


def _number(description: str, value: float) -> w.FloatText:
    """A number box (any value can be typed, so crmlab's validation shows its message for bad ones)."""
    return w.FloatText(value=value, description=description, style={"description_width": "initial"},
                       layout=_LAYOUT)


def _text(description: str, value: str) -> w.Text:
    """A text box, read when the reader presses Enter or leaves it."""
    return w.Text(value=value, description=description, style={"description_width": "initial"}, layout=_LAYOUT,
                  continuous_update=False)


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def check_answer(answer: Any, expected: float, *, tolerance: float = 0.01, unit: str = "") -> None:
    """Compare a student's numeric answer with crmlab's and print a friendly verdict.

    ``tolerance`` is relative (0.01 = within 1 % of the expected value; for an
    expected value of 0 it is absolute). ``None`` (the placeholder in the
    notebooks) asks the reader to type an answer. It prints its verdict and
    returns nothing, so a notebook cell shows only the verdict.

    >>> check_answer(0.25, 0.25)
    ✅ Correct: 0.25.
    >>> check_answer(0.3, 0.25)
    ❌ Not yet: 0.3 is not 0.25 (within 1%). Look again at the formula and the inputs.
    """
    expected = _checks.number("expected", expected)
    tolerance = _checks.number("tolerance", tolerance, low=0)
    if answer is None:
        print("✍ Replace None with your answer (a number) and run the cell again.")
        return
    try:
        given = _checks.number("answer", answer)
    except (TypeError, ValueError):
        print(f"✍ Your answer must be a number, like 0.25 or 1500; you wrote {answer!r}.")
        return
    allowed = tolerance * abs(expected) if expected else tolerance
    shown = f"{expected:,.4g}{unit}"
    if abs(given - expected) <= allowed:
        print(f"✅ Correct: {shown}.")
        return
    print(f"❌ Not yet: {given:,.4g}{unit} is not {shown} (within {tolerance:.0%}). "
          "Look again at the formula and the inputs.")


# ---------------------------------------------------------------------------------------------------------
# Oriental Hotel (C-OH)

def guest_journey_calculator() -> CaseCalculator:
    """Mr Yu's journey at the Oriental Hotel: which service details build which level of trust (T4, T9).

    The details become the seed's two decisive factors (seeds 000, 001): a
    first stay that fits his needs is the *personalised* offer (cognitive
    trust); the second stay's four details together (his name known, and
    passed on before he reaches the restaurant; his usual seat and breakfast;
    the free side dish) are the *timely*, attentive service that adds
    affective trust; the birthday postcard three years later is the hotel
    *keeping in touch and adapting* (behavioural trust). A missing detail
    stops the climb but does not undo trust already built. Levels come from
    :func:`crmlab.trust.trust_from_service`.
    """
    controls = {
        "fits_needs": shared.checkbox("Stay 1: the hotel's environment and service fit his needs", True),
        "name_known": shared.checkbox("Stay 2: staff know his name (背熟客人的姓名)", True),
        "usual_seat": shared.checkbox("Stay 2: his usual seat and usual breakfast (老位子, 老菜单)", True),
        "name_relayed": shared.checkbox("Stay 2: his name reaches the restaurant before he does", True),
        "side_dish": shared.checkbox("Stay 2: a free side dish, presented with a step back", True),
        "postcard": shared.checkbox("Three years later: a birthday postcard (明信片)", True),
    }

    def compute(fits_needs: bool, name_known: bool, usual_seat: bool, name_relayed: bool, side_dish: bool,
                postcard: bool) -> CaseResult:
        timely = name_known and usual_seat and name_relayed and side_dish
        steps = [("stay 1", trust_from_service(fits_needs, False, False)),
                 ("stay 2", trust_from_service(fits_needs, timely, False)),
                 ("postcard,\n3 years later", trust_from_service(fits_needs, timely, postcard))]
        final = steps[-1][1] or "no trust"
        sentence = (f"After stay 1: {steps[0][1] or 'no trust'}; after stay 2: {steps[1][1] or 'no trust'}; "
                    f"after the postcard: {final} trust"
                    + (" — Mr Yu has become a loyal guest, as in the case." if final == "behavioural" else "."))
        figure = _figure(lambda ax: plot_trust_journey(steps, title="Mr Yu's trust journey (于先生)", ax=ax))
        return CaseResult(sentence, figure, numbers={"stay 1": steps[0][1] or "none", "stay 2": steps[1][1] or "none",
                                                     "after the postcard": steps[2][1] or "none"})

    everything = dict.fromkeys(controls, True)
    settings = [("every detail, as in the case", everything),
                ("no postcard", {**everything, "postcard": False}),
                ("name not remembered", {**everything, "name_known": False}),
                ("no free side dish", {**everything, "side_dish": False}),
                ("first stay disappoints", {**everything, "fits_needs": False})]
    return CaseCalculator("Mr Yu's trust journey at the Oriental Hotel", controls, compute,
                          settings, note="Untick a detail to see which level of trust it builds "
                                         "(rule of seeds 000 and 001: crmlab.trust.trust_from_service).")


def guest_value_calculator(guest_profit: pd.Series, *, margin: float = 300.0, retention: float = 0.8,
                           discount_rate: float = 0.08) -> CaseCalculator:
    """Lifetime value of a guest like Mr Yu, and the share of profit the top tier of guests brings (L11).

    ``guest_profit`` is the total profit per guest (from the simulated ledger).
    Lifetime value: :func:`crmlab.retention.lifetime_value`; tiers:
    :func:`crmlab.retention.profit_tiers` with the top share on a slider.
    """
    if not isinstance(guest_profit, pd.Series):
        raise TypeError(f"guest_profit must be a pandas Series (guest -> profit), got {type(guest_profit).__name__}")
    controls = {
        "margin": _number("Profit a year from the guest (US dollars)", margin),
        "retention": shared.slider("Chance he comes back each year", "0–1", retention, 0, 0.95, 0.05),
        "discount_rate": _number("Discount rate a year (0.08 = 8 %)", discount_rate),
        "years": shared.int_slider("Horizon", "years; 0 = no horizon", 0, 0, 30),
        "top_share": shared.slider("Top tier", "share of guests", 0.2, 0.05, 0.5, 0.05),
    }

    def compute(margin: float, retention: float, discount_rate: float, years: int, top_share: float) -> CaseResult:
        value = lifetime_value(margin, retention, discount_rate, periods=years or None)
        top_share = _checks.number("top_share", top_share, low=0.01, high=0.99)
        tiers = profit_tiers(guest_profit, shares=(top_share, 1 - top_share), labels=("top", "rest"))
        top_profit = float(tiers.loc[tiers["tier"] == "top", "profit"].sum() / tiers["profit"].sum())
        horizon = f"over {years} years" if years else "with no horizon"
        sentence = (f"A guest worth {_money(margin)} dollars a year who comes back with probability {retention:.0%} "
                    f"is worth {_money(value)} dollars today {horizon} at a {discount_rate:.0%} discount rate. "
                    f"The top {top_share:.0%} of guests bring {top_profit:.0%} of the hotel's profit "
                    "(simulated ledger).")
        figure = _figure(lambda ax: plot_profit_tiers(tiers, title="Guests tiered by profit (simulated ledger)", ax=ax))
        return CaseResult(sentence, figure, numbers={"lifetime value (dollars)": round(value),
                                                     "top tier's share of profit": f"{top_profit:.0%}"})

    settings = [(f"comes back {r:.0%} a year", {"retention": r}) for r in (0.3, 0.55, 0.8)]
    return CaseCalculator("What is a guest like Mr Yu worth?", controls, compute, settings,
                          note="Lifetime value = Σ m r^(t−1) / (1+d)^t (crmlab.retention.lifetime_value); "
                               "tiers by profit (crmlab.retention.profit_tiers).")


# ---------------------------------------------------------------------------------------------------------
# Shuanghui (C-SH)

SHUANGHUI_2011 = {"weak": 0.45, "semi-strong": 0.30, "strong": 0.25, "breach": 0.7, "tolerance": 0.6}
"""The assumed trust mix and breach of the simulated Shuanghui series (datasets/shuanghui_sales/card.md)."""

SANLU_2008 = {"weak": 0.60, "semi-strong": 0.35, "strong": 0.05, "breach": 1.0, "tolerance": 0.6}
"""An illustrative setting for Sanlu 2008 (seed 003): harm to infants is the worst breach (1.0) and few
parents' trust in a formula brand was strong enough to forgive it. Assumptions, not data."""

RESPONSES = {
    "no response": 0.010,
    "gestures only (what Shuanghui did; calibrated)": 0.0249,
    "the seed's rebuild: sincere apology, open workshops": 0.050,
    "Sanlu 2008: the firm collapses": 0.0,
}
"""Daily share of the missing customers who come back, by response. Shuanghui's gestures (public burial of
the pork, the "10,000-person" meeting, executives eating ham sausage) are the rate the simulated series is
calibrated to (≈ 0.0249, datasets/shuanghui_sales/generate.py); the other rates are assumptions."""


def trust_shock_calculator() -> CaseCalculator:
    """Who stays after a trust shock: the mix of weak, semi-strong and strong trust against the breach (T3).

    Share retained: :func:`crmlab.trust.share_retained`; figure:
    :func:`crmlab.plots.trust.plot_breach_response`. The shares must add up to 1.
    """
    controls = {
        "weak": shared.slider("Weak trust (弱式信任)", "share of customers", SHUANGHUI_2011["weak"], 0, 1, 0.05),
        "semi_strong": shared.slider("Semi-strong trust (半弱式半强式)", "share", SHUANGHUI_2011["semi-strong"],
                                     0, 1, 0.05),
        "strong": shared.slider("Strong trust (强式信任)", "share", SHUANGHUI_2011["strong"], 0, 1, 0.05),
        "breach": shared.slider("Severity of the breach (失信)", "0–1", SHUANGHUI_2011["breach"], 0, 1, 0.05),
        "tolerance": shared.slider("Tolerance ceiling (容忍上限)", "0–1", SHUANGHUI_2011["tolerance"], 0, 1, 0.05),
    }

    def compute(weak: float, semi_strong: float, strong: float, breach: float, tolerance: float) -> CaseResult:
        mix = {"weak": weak, "semi-strong": semi_strong, "strong": strong}
        kept = share_retained(mix, breach, tolerance)
        stayers = [s for s in TRUST_STRENGTHS if mix[s] > 0 and share_retained({s: 1.0}, breach, tolerance) == 1]
        sentence = (f"A breach of severity {breach:.2f} against a tolerance ceiling of {tolerance:.2f}: "
                    f"{kept:.0%} of customers keep buying ({', '.join(stayers) or 'nobody'}), "
                    f"{1 - kept:.0%} defect.")

        def draw(ax: Any) -> None:
            plot_breach_response(mix, tolerance, ax=ax)
            ax.axvline(breach, color="#c62828", linewidth=2)
            ax.annotate(f"this breach: {kept:.0%} stay", (breach, kept), xytext=(-8, 10), textcoords="offset points",
                        ha="right", color="#c62828", fontsize=9)

        return CaseResult(sentence, _figure(draw), numbers={"share who keep buying": f"{kept:.0%}"})

    def preset(values: Mapping[str, float]) -> dict[str, float]:
        return {"weak": values["weak"], "semi_strong": values["semi-strong"], "strong": values["strong"],
                "breach": values["breach"], "tolerance": values["tolerance"]}

    settings = [("Shuanghui 2011 (assumed mix)", preset(SHUANGHUI_2011)),
                ("Shuanghui, milder breach 0.5", {**preset(SHUANGHUI_2011), "breach": 0.5}),
                ("Sanlu 2008 (illustrative)", preset(SANLU_2008))]
    return CaseCalculator("A trust shock: who stays, who defects", controls, compute, settings,
                          note="Weak trust leaves at any breach, semi-strong stays up to the tolerance ceiling, "
                               "strong forgives (seed 000; crmlab.trust.share_retained).")


def sales_recovery_calculator(baseline_week: float = 1000.0) -> CaseCalculator:
    """Sales after the shock under different responses, in days, shown by week (C-SH, T7, T12).

    The path is :func:`crmlab.trust.sales_after_shock` with one period = one
    day; the loss over 15–31 March is the first 17 days; the time back to 90 %
    is :func:`crmlab.trust.periods_to_recover` (days). The slider's retained
    share applies to Shuanghui's responses; the Sanlu line keeps its own
    (:data:`SANLU_2008` through :func:`crmlab.trust.share_retained`, 5 %).
    """
    sanlu = list(RESPONSES)[-1]
    sanlu_kept = share_retained({s: SANLU_2008[s] for s in TRUST_STRENGTHS}, SANLU_2008["breach"],
                                SANLU_2008["tolerance"])
    controls = {
        "response": shared.dropdown("Response", list(RESPONSES), list(RESPONSES)[1]),
        "retained": shared.slider("Customers who keep buying at the shock", "share", 0.25, 0, 1, 0.05),
        "baseline_week": _number("Sales a week before the crisis (million yuan)", baseline_week),
    }

    def compute(response: str, retained: float, baseline_week: float) -> CaseResult:
        _checks.choice("response", response, tuple(RESPONSES))
        baseline = _checks.number("baseline_week", baseline_week, low=0, low_open=True) / 7
        days = 26 * 7
        kept = {name: sanlu_kept if name == sanlu else retained for name in RESPONSES}
        paths = {name: sales_after_shock(baseline, kept[name], rate, days - 1) for name, rate in RESPONSES.items()}
        chosen = paths[response]
        march = float(chosen["lost"].iloc[:17].sum())
        half_year = float(chosen["lost"].sum())
        back = periods_to_recover(kept[response], RESPONSES[response], 0.9)
        back_text = ("sales never get back to 90 %" if math.isinf(back)
                     else f"sales are back to 90 % after {back} days (about {back / 7:.0f} weeks)")
        sentence = (f"{response}: {march:,.0f} million yuan of sales lost in the first 17 days (for Shuanghui, "
                    f"15–31 March 2011: the seed reports more than 1,500), {half_year:,.0f} million over 26 weeks; "
                    f"{back_text}.")
        weekly = {name: path.assign(period=path["period"] / 7) for name, path in paths.items()}
        figure = _figure(lambda ax: plot_recovery_paths(weekly, baseline, ax=ax,
                                                        title="Recovery under different responses (model)"))
        return CaseResult(sentence, figure, numbers={"lost in the first 17 days (million yuan)": round(march),
                                                     "lost in 26 weeks (million yuan)": round(half_year),
                                                     "days to 90 %": "never" if math.isinf(back) else back})

    settings = [(name, {"response": name}) for name in RESPONSES]
    return CaseCalculator("How sales recover after the shock", controls, compute, settings,
                          note="S_t = B [1 − (1 − ρ)(1 − g)^t] per day (crmlab.trust.sales_after_shock); "
                               "the recovery rates g are assumptions, except the calibrated one.")


# ---------------------------------------------------------------------------------------------------------
# Coca-Cola (C-CC)

_SCORES = {f"{score} ({label})": score for score, label in
           ((5, "highly satisfied"), (4, "satisfied"), (3, "neutral"), (2, "dissatisfied"), (1, "very dissatisfied"))}


def complaint_calculator(lifetime_value: float = 1000.0) -> CaseCalculator:
    """What one complaint is worth handled well and badly (R3, S9, S10): :func:`crmlab.satisfaction.complaint_outcomes`.

    The satisfaction score after each outcome sets the complainer's chance of
    staying through the seed's table (:func:`crmlab.satisfaction.retention_band`, midpoint).
    """
    controls = {
        "lifetime_value": _number("Lifetime value of one customer (yuan)", lifetime_value),
        "swayed": _number("Share of the people told who change what they buy (0–1)", 0.05),
        "handled_score": shared.dropdown("Handled well: satisfaction afterwards", list(_SCORES),
                                         list(_SCORES)[0]),
        "handled_tells": shared.int_slider("Handled well: people told", "people", 10, 0, 30),
        "mishandled_score": shared.dropdown("Mishandled: satisfaction afterwards", list(_SCORES),
                                            list(_SCORES)[-1]),
        "mishandled_tells": shared.int_slider("Mishandled: people told", "people", 22, 0, 30),
    }

    def compute(lifetime_value: float, swayed: float, handled_score: str, handled_tells: int,
                mishandled_score: str, mishandled_tells: int) -> CaseResult:
        kept_handled = sum(retention_band(_SCORES[handled_score])) / 2
        kept_mishandled = sum(retention_band(_SCORES[mishandled_score])) / 2
        outcome = complaint_outcomes(lifetime_value, swayed, kept_handled, handled_tells, kept_mishandled,
                                     mishandled_tells)
        sentence = (f"Handled well, the complaint is worth {outcome['handled']:,.0f} yuan to the firm; mishandled, "
                    f"{outcome['mishandled']:,.0f} yuan. Handling it well is worth {outcome['difference']:,.0f} yuan, "
                    f"{outcome['difference'] / lifetime_value:.1f} times the complainer's own lifetime value."
                    if lifetime_value else "A customer worth nothing makes every complaint worth nothing.")
        figure = _figure(lambda ax: plot_complaint_outcomes(outcome, ax=ax))
        return CaseResult(sentence, figure, numbers={"handled (yuan)": round(outcome["handled"]),
                                                     "mishandled (yuan)": round(outcome["mishandled"]),
                                                     "difference (yuan)": round(outcome["difference"])})

    settings = [("nobody swayed by word of mouth", {"swayed": 0.0}),
                ("5 % swayed, tells 22 (seed 002)", {"swayed": 0.05}),
                ("5 % swayed, tells 8 (seed 002's other slide)", {"swayed": 0.05, "mishandled_tells": 8})]
    return CaseCalculator("The pin in the bottle: what is one complaint worth?", controls, compute,
                          settings, note="W = r V ± s n V (crmlab.satisfaction.complaint_outcomes); r from the "
                                         "seed's satisfaction → retention table, n from seed 002.")


def loyalty_segments_calculator(survey: pd.DataFrame) -> CaseCalculator:
    """Dick & Basu segments (L4) of real survey respondents: :func:`crmlab.loyalty.loyalty_segment`.

    ``survey`` is the ECSI ``mobi`` data (``crmlab.data.load("mobi")``):
    relative attitude is the mean of the satisfaction items (CUSA1–3) or of the
    image items (IMAG1–5); repeat patronage is the stated chance of choosing
    the provider again (CUSL1). Cuts are on the 1–10 scale.
    """
    measures = {"satisfaction (CUSA1–3)": ["CUSA1", "CUSA2", "CUSA3"],
                "image (IMAG1–5)": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"]}
    needed = [c for items in measures.values() for c in items] + ["CUSL1"]
    frame = _checks.numeric_frame("survey", survey)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"survey must be the mobi data with columns {needed}; missing {missing}")
    controls = {
        "attitude": shared.dropdown("Relative attitude", list(measures), list(measures)[0]),
        "attitude_cut": _number("Attitude cut (1–10; at or above = high)", 7.0),
        "repeat_cut": _number("Repeat cut: chance of choosing again, CUSL1 (1–10)", 7.0),
    }

    def compute(attitude: str, attitude_cut: float, repeat_cut: float) -> CaseResult:
        attitude_cut = _checks.number("attitude cut", attitude_cut, low=1, high=10)
        repeat_cut = _checks.number("repeat cut", repeat_cut, low=1, high=10)
        scores = frame[measures[attitude]].mean(axis=1)
        segments = loyalty_segment(scores, frame["CUSL1"], attitude_cut, repeat_cut)
        shares = segments.value_counts(normalize=True).reindex(list(LOYALTY_SEGMENTS), fill_value=0.0)
        sentence = (f"Of {len(frame)} real customers: " + ", ".join(f"{shares[s]:.0%} {s}" for s in LOYALTY_SEGMENTS)
                    + f" (attitude = mean {attitude}, repeat = CUSL1).")
        figure = _figure(lambda ax: plot_dick_basu(scores, frame["CUSL1"], attitude_cut=attitude_cut,
                                                   repeat_cut=repeat_cut, ax=ax))
        return CaseResult(sentence, figure, numbers={s: f"{shares[s]:.0%}" for s in LOYALTY_SEGMENTS})

    settings = [("cuts at 7 and 7", {}), ("cuts at the scale middle, 5.5", {"attitude_cut": 5.5, "repeat_cut": 5.5}),
                ("image as attitude, cuts 7", {"attitude": list(measures)[1]})]
    return CaseCalculator("Loyalty segments of real mobile-phone customers (ECSI data)",
                          controls, compute, settings,
                          note="Dick & Basu (1994): relative attitude × repeat patronage "
                               "(crmlab.loyalty.loyalty_segment). Real data: Tenenhaus et al. (2005).")


# ---------------------------------------------------------------------------------------------------------
# Procter & Gamble (C-PG)

def survey_frames(survey: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Split the ``pg_survey`` table into perception, expectation and importance frames (attributes as columns).

    >>> p, e, i = survey_frames(pd.DataFrame({"P_a": [5], "E_a": [6], "I_a": [7]}))
    >>> list(p.columns), float(e.iloc[0, 0])
    (['a'], 6.0)
    """
    frame = _checks.numeric_frame("survey", survey.drop(columns=["respondent"], errors="ignore"))
    parts = []
    for prefix in ("P_", "E_", "I_"):
        columns = [c for c in frame.columns if c.startswith(prefix)]
        if not columns:
            raise ValueError(f"survey has no {prefix}… columns; it must be the pg_survey data set")
        parts.append(frame[columns].set_axis([c[len(prefix):] for c in columns], axis=1))
    if not (list(parts[0].columns) == list(parts[1].columns) == list(parts[2].columns)):
        raise ValueError("survey must have the same attributes after P_, E_ and I_")
    return parts[0], parts[1], parts[2]


def servqual_gap_calculator(survey: pd.DataFrame, labels: Mapping[str, str] | None = None) -> CaseCalculator:
    """P − E gaps per attribute and the mean SERVQUAL score, before and after improving one attribute (S6).

    Scores: :func:`crmlab.satisfaction.servqual_score`, equal or stated-importance weights.
    """
    perceptions, expectations, importance = survey_frames(survey)
    labels = dict(labels or {})
    attributes = list(perceptions.columns)
    controls = {
        "weighting": shared.dropdown("Weights W", ["equal weights", "stated importance"], "stated importance"),
        "attribute": shared.dropdown("Improve this attribute", [(labels.get(a, a), a) for a in attributes],
                                     attributes[0]),
        "improvement": _number("…by this many points of perception (−6 to 6)", 0.0),
    }

    def compute(weighting: str, attribute: str, improvement: float) -> CaseResult:
        _checks.choice("attribute", attribute, tuple(attributes))
        improvement = _checks.number("improvement", improvement, low=-6, high=6)
        weights = importance.mean() if weighting == "stated importance" else None
        before = float(servqual_score(perceptions, expectations, weights).mean())
        improved = perceptions.copy()
        improved[attribute] = (improved[attribute] + improvement).clip(1, 7)
        after = float(servqual_score(improved, expectations, weights).mean())
        gaps = (servqual_score(improved[[a]], expectations[[a]]).mean() for a in attributes)
        gap_table = pd.Series(list(gaps), index=attributes)
        sentence = (f"Mean weighted SERVQUAL score ({weighting}): {before:+.3f} now, {after:+.3f} if "
                    f"'{labels.get(attribute, attribute)}' improves by {improvement:+.1f} points "
                    f"(perceptions capped at 7).")
        figure = _figure(lambda ax: plot_servqual_gaps(gap_table, labels, ax=ax,
                                                       title="P − E gaps by pillar (simulated survey)"))
        alt = f"Bar chart of the P − E gap of each pillar in the simulated survey. {sentence}"
        return CaseResult(sentence, figure, alt=alt,
                          numbers={"score now": round(before, 3), "score after": round(after, 3)})

    worst = (perceptions - expectations).mean().idxmin()
    settings = [("no change", {"improvement": 0.0}),
                (f"+1 point on the largest gap ({labels.get(worst, worst)})", {"attribute": worst, "improvement": 1.0}),
                ("+1 point on the largest gap, equal weights",
                 {"attribute": worst, "improvement": 1.0, "weighting": "equal weights"})]
    return CaseCalculator("Listening to the consumer's voice: P − E gaps", controls, compute,
                          settings, note="SQ = Σ W_j (P_j − E_j) averaged over respondents "
                                         "(crmlab.satisfaction.servqual_score). Simulated survey.")


def ipa_map_calculator(sources: Mapping[str, tuple[pd.Series, pd.Series]]) -> CaseCalculator:
    """Importance–performance map (S7) of one of several data sources, with cuts typed in or at the means.

    ``sources`` maps a label to (importance, performance) Series per attribute.
    Quadrants: :func:`crmlab.satisfaction.ipa_quadrant`; figure:
    :func:`crmlab.plots.satisfaction.ipa_chart`.
    """
    if not isinstance(sources, Mapping) or not sources:
        raise TypeError("sources must map a label to an (importance, performance) pair of Series")
    controls = {
        "source": shared.dropdown("Data", list(sources), list(sources)[0]),
        "importance_cut": _text("Importance cut ('mean' or a number)", "mean"),
        "performance_cut": _text("Performance cut ('mean' or a number)", "mean"),
    }

    def cut(name: str, text: str) -> float | None:
        if str(text).strip().lower() in ("", "mean"):
            return None
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"{name} must be 'mean' or a number, got {text!r}") from None

    def compute(source: str, importance_cut: str, performance_cut: str) -> CaseResult:
        importance, performance = sources[_checks.choice("source", source, tuple(sources))]
        i_cut, p_cut = cut("importance cut", importance_cut), cut("performance cut", performance_cut)
        quadrants = ipa_quadrant(importance, performance, i_cut, p_cut)
        urgent = list(quadrants.index[quadrants == "urgent improvement"])
        sentence = (f"{source}: concentrate here (urgent improvement, 急需改进区): {', '.join(urgent) or 'nothing'}; "
                    f"{(quadrants == 'competitive advantage').sum()} attribute(s) to keep up, "
                    f"{(quadrants == 'icing on the cake').sum()} possible overkill.")
        figure = _figure(lambda ax: ipa_chart(importance, performance, i_cut, p_cut, ax=ax))
        return CaseResult(sentence, figure, numbers={"urgent improvement": ", ".join(urgent) or "—"})

    settings = [(label, {"source": label}) for label in sources]
    return CaseCalculator("Importance–performance map", controls, compute, settings,
                          note="Quadrants by crmlab.satisfaction.ipa_quadrant (Martilla & James 1977).")


def derived_ipa(survey: pd.DataFrame, items: Mapping[str, str], overall: Sequence[str]) -> tuple[pd.Series, pd.Series]:
    """(importance, performance) of survey items: importance derived by correlation with overall satisfaction.

    ``items`` maps a column to its label; ``overall`` names the satisfaction
    columns averaged into the overall rating. Performance is the item's mean.
    Importance: :func:`crmlab.satisfaction.derived_importance`.
    """
    frame = _checks.numeric_frame("survey", survey)
    ratings = frame[list(items)].rename(columns=dict(items))
    importance = derived_importance(ratings, frame[list(overall)].mean(axis=1))
    return importance, ratings.mean().rename("performance")
