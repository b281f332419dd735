"""The hidden-test side of grading: record a student's answer as evidence for the grader.

Hidden test cells call ``check(assignment, name, value)``. It displays an
*answer receipt* (see :mod:`crmlab.grading.answers`): the answer turned into
plain JSON, in the cell's output. Nothing is decided here: the notebook runs in
the grading sandbox, where no answer key exists, and everything in it is the
student's to change. The grader reads the receipts after the run and compares
them with the key it computed in its own process.
"""

from __future__ import annotations

from typing import Any

from IPython.display import display

from crmlab.grading.answers import RECEIPT_MIME, canonical


def check(assignment: str, name: str, value: Any) -> None:
    """Record ``value`` as the answer ``name`` of ``assignment`` (a receipt in the cell's output)."""
    display({RECEIPT_MIME: {"answer": name, "value": canonical(value)}, "text/plain": f"answer recorded: {name}"},
            raw=True)
