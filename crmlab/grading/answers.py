"""Answer keys and answer receipts: how an exercise states, records and checks an answer.

A course's assignment specs (``<course>/assignments/<name>.py``) give, for each
auto-graded cell, the answers it expects as :class:`Expect` objects whose values
are computed with :mod:`crmlab` (so an exercise cannot drift from the book).

At grading time the hidden test of a cell calls :func:`crmlab.grading.check.check`,
which turns the student's answer into plain JSON with :func:`canonical` and
displays it as an *answer receipt* (MIME type :data:`RECEIPT_MIME`) in the cell's
output. The grader then re-checks every receipt with :func:`compare` in its own
process, against expected values it computed before any student code ran: the
verdict cannot be changed by a notebook that redefines builtins, patches
``crmlab``, ``math`` or ``numpy``, or hands back objects that equal anything.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd

RECEIPT_MIME = "application/vnd.crmlab.answer+json"
KINDS = ("number", "numbers", "text", "labels", "flag")


@dataclass(frozen=True)
class Expect:
    """One expected answer: its kind, its value and (for numbers) the absolute tolerance."""

    kind: str
    value: Any
    tol: float = 0.0

    @staticmethod
    def number(value: Any, tol: float = 0.01) -> Expect:
        """A real number, right to within ``tol`` (absolute)."""
        return Expect("number", float(value), float(tol))

    @staticmethod
    def numbers(values: Any, tol: float = 0.01) -> Expect:
        """One number per label (a Series or mapping) or per position (a sequence), each to within ``tol``."""
        return Expect("numbers", _plain(values), float(tol))

    @staticmethod
    def text(value: str) -> Expect:
        """A word or phrase (compared ignoring case and surrounding spaces)."""
        return Expect("text", str(value))

    @staticmethod
    def labels(values: Any) -> Expect:
        """One word or phrase per label (a Series or mapping), e.g. a segment per customer."""
        return Expect("labels", _plain(values))

    @staticmethod
    def flag(value: bool) -> Expect:
        """True or False."""
        return Expect("flag", bool(value))

    def describe(self) -> str:
        """What kind of answer is expected, in words (never the value itself)."""
        return {"number": f"a number (checked to within ±{self.tol:g})",
                "numbers": f"one number per item (each checked to within ±{self.tol:g})",
                "text": "a word or phrase", "labels": "one word or phrase per item",
                "flag": "True or False"}[self.kind]


def _plain(values: Any) -> Any:
    if isinstance(values, pd.Series):
        return {str(k): v.item() if hasattr(v, "item") else v for k, v in values.items()}
    if isinstance(values, dict):
        return {str(k): v.item() if hasattr(v, "item") else v for k, v in values.items()}
    return [v.item() if hasattr(v, "item") else v for v in values]


_REAL_TYPES = (int, float)


def canonical(value: Any) -> Any:
    """The student's answer as plain JSON (numbers, strings, booleans, lists, string-keyed dicts).

    Only genuine types are accepted: a subclass of ``float`` with its own ``__eq__``
    or an object that merely converts to a number becomes an ``{"invalid": ...}``
    record that no key accepts.
    """
    kind = type(value)
    if kind is bool or kind is np.bool_:
        return bool(value)
    if kind in _REAL_TYPES or kind in (np.float64, np.float32, np.int64, np.int32):
        number = float(value)
        return number if math.isfinite(number) else {"invalid": f"not a finite number ({number})"}
    if kind is str or kind is np.str_:
        return str(value)
    if kind is pd.Series:
        return {str(k): canonical(v) for k, v in value.items()}
    if kind is dict:
        return {str(k): canonical(v) for k, v in value.items()}
    if kind in (list, tuple) or kind is np.ndarray:
        return [canonical(v) for v in list(value)]
    return {"invalid": f"an object of type {kind.__name__}"}


def compare(expect: Expect, got: Any) -> str | None:
    """None when ``got`` (plain JSON from a receipt) matches ``expect``; otherwise why not, in words.

    The reason never reveals the expected value.
    """
    if type(got) is dict and set(got) == {"invalid"}:
        return f"expected {expect.describe()}, got {got['invalid']}"
    if expect.kind == "number":
        if type(got) not in _REAL_TYPES:
            return f"expected {expect.describe()}, got {_kind_of(got)}"
        if not _finite(got):
            return f"expected {expect.describe()}, got a number too large to check"
        return None if abs(got - expect.value) <= expect.tol else f"wrong value (checked to within ±{expect.tol:g})"
    if expect.kind == "text":
        if type(got) is not str:
            return f"expected {expect.describe()}, got {_kind_of(got)}"
        return None if got.strip().lower() == expect.value.strip().lower() else "wrong answer"
    if expect.kind == "flag":
        if type(got) is not bool:
            return f"expected {expect.describe()}, got {_kind_of(got)}"
        return None if got is expect.value else "wrong answer"
    return _compare_many(expect, got)


def _compare_many(expect: Expect, got: Any) -> str | None:
    wanted = expect.value
    if type(wanted) is dict:
        if type(got) is not dict:
            return f"expected {expect.describe()} (labelled, e.g. a Series), got {_kind_of(got)}"
        if set(got) != set(wanted):
            return (f"expected items {sorted(wanted)}, got {sorted(got)}")
        pairs = [(k, wanted[k], got[k]) for k in wanted]
    else:
        if type(got) is not list:
            return f"expected {expect.describe()} (a list or array), got {_kind_of(got)}"
        if len(got) != len(wanted):
            return f"expected {len(wanted)} items, got {len(got)}"
        pairs = [(i, w, g) for i, (w, g) in enumerate(zip(wanted, got))]
    single = Expect("number", 0.0, expect.tol) if expect.kind == "numbers" else Expect("text", "")
    wrong = [label for label, w, g in pairs if compare(Expect(single.kind, w, single.tol), g) is not None]
    if wrong:
        return f"{len(wrong)} of {len(pairs)} items wrong (first: {wrong[0]!r})"
    return None


def _finite(number: int | float) -> bool:
    """Whether ``number`` is a finite float (a receipt may hold an integer of any size: 10**400 is not)."""
    try:
        return math.isfinite(float(number))
    except OverflowError:
        return False


def _kind_of(got: Any) -> str:
    return {bool: "True/False", str: "text", list: "a list", dict: "a mapping", type(None): "None",
            int: "a number", float: "a number"}.get(type(got), type(got).__name__)


def load_spec(course: Path | str, assignment: str) -> Any:
    """Import ``<course>/assignments/<assignment>.py`` as a fresh module (not cached in ``sys.modules``)."""
    path = Path(course) / "assignments" / f"{assignment}.py"
    if not path.is_file():
        raise FileNotFoundError(f"no assignment spec {path}; every assignment needs one (see exercises/README.md)")
    spec = importlib.util.spec_from_file_location(f"_crmlab_assignment_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop(spec.name, None)
    spec.loader.exec_module(module)
    return module


def answer_key(course: Path | str, assignment: str) -> dict[str, dict[str, Expect]]:
    """grade cell id → {answer name → Expect} for every auto-graded cell of the assignment."""
    module = load_spec(course, assignment)
    return {part.grade_id: dict(part.answers) for part in module.ASSIGNMENT.parts}


def nbgrader_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    """grade id → cell, for the cells nbgrader knows (well-formed ones: a text ``grade_id``)."""
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nb.cells
            if isinstance(cell.get("metadata", {}).get("nbgrader"), dict)
            and type(cell.metadata["nbgrader"].get("grade_id")) is str}


def points(release: nbformat.NotebookNode) -> dict[str, float]:
    """grade id → points, for the auto-graded (code) cells of the instructor's release."""
    return {gid: float(cell.metadata["nbgrader"].get("points", 0)) for gid, cell in nbgrader_cells(release).items()
            if cell.metadata["nbgrader"].get("grade") and cell.cell_type == "code"}


def receipts(cell: nbformat.NotebookNode) -> dict[str, list[Any]]:
    """Answer name → every value recorded for it in the cell's outputs."""
    found: dict[str, list[Any]] = {}
    for output in cell.get("outputs", []):
        record = output.get("data", {}).get(RECEIPT_MIME) if output.get("output_type") != "stream" else None
        if isinstance(record, dict) and isinstance(record.get("answer"), str):
            found.setdefault(record["answer"], []).append(_json(record.get("value")))
    return found


def _json(value: Any) -> Any:
    """A receipt's value as plain JSON types (nbformat hands back NotebookNode, a dict subclass)."""
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def cell_error(cell: nbformat.NotebookNode) -> str:
    """The cell's first error as 'Name: message' (no traceback), or ''."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()
    return ""


def verify(nb: nbformat.NotebookNode, key: dict[str, dict[str, Expect]],
           points: dict[str, float]) -> dict[str, dict[str, Any]]:
    """Per graded cell: passed, score, max, overridden, message.

    A cell passes only if it ran without error AND every answer receipt in its outputs matches the key
    (a missing receipt fails). ``overridden``: the cell raised nothing, yet its answers are wrong (the
    notebook's own tests were fooled or skipped).
    """
    cells = nbgrader_cells(nb)
    results = {}
    for grade_id, answers in key.items():
        cell = cells.get(grade_id)
        if cell is None or cell.cell_type != "code":
            results[grade_id] = {"passed": False, "score": 0.0, "max": points[grade_id], "overridden": False,
                                 "message": "the test cell is missing from the notebook"}
            continue
        error = cell_error(cell)
        recorded = receipts(cell)
        problem = ""
        for name, expect in answers.items():
            values = recorded.get(name)
            if not values:
                problem = f"{name}: no answer was recorded (the test did not run to the end)"
            else:
                problem = next((f"{name}: {r}" for r in (compare(expect, value) for value in values) if r), "")
            if problem:
                break
        passed = not error and not problem
        results[grade_id] = {"passed": passed, "score": points[grade_id] if passed else 0.0, "max": points[grade_id],
                             "overridden": bool(problem and not error), "message": error or problem}
    return results
