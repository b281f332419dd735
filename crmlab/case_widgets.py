"""The case notebooks' calculators and the on-the-spot answer check.

The calculators are declared in :mod:`crmlab.calculators` (like every
calculator: once, live in the online book and in Jupyter); this module gives
the case notebooks their names and starting settings:

- Oriental Hotel (C-OH): :func:`guest_journey_calculator`, :func:`guest_value_calculator`
- Shuanghui (C-SH): :func:`trust_shock_calculator`, :func:`sales_recovery_calculator`
- Coca-Cola (C-CC): :func:`complaint_calculator`, :func:`loyalty_segments_calculator`
- Procter & Gamble (C-PG): :func:`servqual_gap_calculator`, :func:`ipa_map_calculator`
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from crmlab import _checks, _lang
from crmlab import calculators as _calculators
from crmlab.calculators.cases import (
    RESPONSES,
    SANLU_2008,
    SHUANGHUI_2011,
    derived_ipa,
    guest_journey_calculator,
    guest_value_calculator,
    sales_recovery_calculator,
    servqual_gap_calculator,
    survey_frames,
)
from crmlab.calculators.relationship import complaint_calculator
from crmlab.calculators.trust import trust_shock_calculator

__all__ = [
    "check_answer", "guest_journey_calculator", "guest_value_calculator", "trust_shock_calculator",
    "sales_recovery_calculator", "SHUANGHUI_2011", "SANLU_2008", "RESPONSES", "complaint_calculator",
    "loyalty_segments_calculator", "servqual_gap_calculator", "ipa_map_calculator", "survey_frames", "derived_ipa",
]

loyalty_segments_calculator = _calculators.loyalty_segments_calculator.preset(
    "loyalty_segments_calculator", attitude="satisfaction", attitude_cut=7, repeat_cut=7)
"""The Coca-Cola case's setting of the loyalty-segments calculator: attitude = mean satisfaction, cuts at 7."""


class CalculatorGroup:
    """Several calculators shown one after the other (one per data source, say)."""

    def __init__(self, calculators: list) -> None:
        self.calculators = list(calculators)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for calculator in self.calculators:
            display(calculator)

    def show(self) -> None:
        self._ipython_display_()


def ipa_map_calculator(sources: Mapping[str, tuple[pd.Series, pd.Series]], lang: str = "en") -> CalculatorGroup:
    """An importance–performance calculator (:func:`crmlab.calculators.ipa_calculator`) for each data source.

    ``sources`` maps a label to the (importance, performance) Series per attribute.
    """
    _lang.check(lang)
    if not isinstance(sources, Mapping) or not sources:
        raise TypeError("sources must map a label to an (importance, performance) pair of Series")
    return CalculatorGroup([_calculators.ipa_calculator(importance=importance, performance=performance, source=name,
                                                      lang=lang)
                            for name, (importance, performance) in sources.items()])


TEXT = _lang.Messages(
    replace={"en": "✍ Replace None with your answer (a number) and run the cell again.",
             "zh": "✍ 把 None 换成你的答案（一个数），再运行这个单元。"},
    not_number={"en": "✍ Your answer must be a number, like 0.25 or 1500; you wrote {answer!r}.",
                "zh": "✍ 答案必须是一个数，例如 0.25 或 1500；你写的是 {answer!r}。"},
    correct={"en": "✅ Correct: {shown}.", "zh": "✅ 正确：{shown}。"},
    not_yet={"en": "❌ Not yet: {given} is not {shown} (within {tolerance:.0%}). Look again at the formula and the "
                   "inputs.",
             "zh": "❌ 尚未正确：{given} 不是 {shown}（允许误差 {tolerance:.0%}）。请再检查一下公式和输入。"},
)
"""The answer check's verdicts in English and Chinese."""


def check_answer(answer: Any, expected: float, *, tolerance: float = 0.01, unit: str = "", lang: str = "en") -> None:
    """Compare a student's numeric answer with crmlab's and print a friendly verdict.

    ``tolerance`` is relative (0.01 = within 1 % of the expected value; for an
    expected value of 0 it is absolute). ``None`` (the placeholder in the
    notebooks) asks the reader to type an answer. It prints its verdict and
    returns nothing, so a notebook cell shows only the verdict.

    >>> check_answer(0.25, 0.25)
    ✅ Correct: 0.25.
    >>> check_answer(0.3, 0.25)
    ❌ Not yet: 0.3 is not 0.25 (within 1%). Look again at the formula and the inputs.
    >>> check_answer(0.3, 0.25, lang="zh")
    ❌ 尚未正确：0.3 不是 0.25（允许误差 1%）。请再检查一下公式和输入。
    """
    _lang.check(lang)
    expected = _checks.number("expected", expected)
    tolerance = _checks.number("tolerance", tolerance, low=0)
    if answer is None:
        print(TEXT("replace", lang))
        return
    try:
        given = _checks.number("answer", answer)
    except (TypeError, ValueError):
        print(TEXT("not_number", lang, answer=answer))
        return
    allowed = tolerance * abs(expected) if expected else tolerance
    shown = f"{expected:,.4g}{unit}"
    if abs(given - expected) <= allowed:
        print(TEXT("correct", lang, shown=shown))
        return
    print(TEXT("not_yet", lang, given=f"{given:,.4g}{unit}", shown=shown, tolerance=tolerance))
