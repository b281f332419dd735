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

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nbformat
import numpy as np
import pandas as pd

from crmlab import _lang

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

    def describe(self, lang: str = "en") -> str:
        """What kind of answer is expected, in words (never the value itself)."""
        return describe(self.kind, self.tol, lang)


KINDS_TEXT = _lang.Messages(
    number={"en": "a number (checked to within ±{tol:g})", "zh": "一个数（误差在 ±{tol:g} 以内）"},
    numbers={"en": "one number per item (each checked to within ±{tol:g})", "zh": "每项一个数（每个误差在 ±{tol:g} 以"
                                                                                  "内）"},
    text={"en": "a word or phrase", "zh": "一个词或短语"},
    labels={"en": "one word or phrase per item", "zh": "每项一个词或短语"},
    flag={"en": "True or False", "zh": "真假值（True 或 False）"},
)
"""What each kind of answer looks like, in English and Chinese."""


def describe(kind: str, tol: float = 0.0, lang: str = "en") -> str:
    """What an answer of ``kind`` looks like, in words."""
    return KINDS_TEXT(kind, lang, tol=tol)


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
        return number if math.isfinite(number) else {"invalid": GIVEN("not_finite", "en", number=number)}
    if kind is str or kind is np.str_:
        return str(value)
    if kind is pd.Series:
        return {str(k): canonical(v) for k, v in value.items()}
    if kind is dict:
        return {str(k): canonical(v) for k, v in value.items()}
    if kind in (list, tuple) or kind is np.ndarray:
        return [canonical(v) for v in list(value)]
    return {"invalid": GIVEN("object_of", "en", kind=kind.__name__)}


GRID_STEPS = 10
"""A number is right when it is within ±tol of the key, judged on a grid of tol/10: the grader and the
students' self-checks (which see only a hash of the key's grid cell) then accept exactly the same answers."""


def grid_cell(number: float, tol: float) -> int:
    """The cell of the tol/10 grid that holds ``number``."""
    return math.floor(number / (tol / GRID_STEPS) + 0.5)


def _token(kind: str, value: Any, tol: float = 0.0) -> str:
    """One expected item as the text whose hash a self-check compares (number: its grid cell)."""
    if kind == "number":
        return repr(float(value)) if tol == 0 else str(grid_cell(float(value), tol))
    if kind == "text":
        return str(value).strip().lower()
    return str(bool(value))


def digest(salt: str, name: str, token: str) -> str:
    """A short hash of one expected item, salted per course, assignment, student and answer."""
    return hashlib.sha256(f"{salt}|{name}|{token}".encode()).hexdigest()[:16]


def _item_kind(kind: str) -> str:
    return {"numbers": "number", "labels": "text"}.get(kind, kind)


REASONS = _lang.Messages(
    expected={"en": "expected {describe}, got {got}", "zh": "应为{describe}，得到的是{got}"},
    wrong_value={"en": "wrong value (checked to within ±{tol:g})", "zh": "数值不对（误差在 ±{tol:g} 以内才算对）"},
    wrong_answer={"en": "wrong answer", "zh": "答案不对"},
    labelled={"en": "expected {describe} (labelled, e.g. a Series), got {got}",
              "zh": "应为{describe}（带标签，例如一个 Series），得到的是{got}"},
    listed={"en": "expected {describe} (a list or array), got {got}",
            "zh": "应为{describe}（一个列表或数组），得到的是{got}"},
    items={"en": "expected items {want}, got {got}", "zh": "应有的项是 {want}，得到的是 {got}"},
    count={"en": "expected {want} items, got {got}", "zh": "应有 {want} 项，得到的是 {got} 项"},
    some_wrong={"en": "{wrong} of {total} items wrong (first: {first!r})",
                "zh": "{total} 项中有 {wrong} 项不对（第一项：{first!r}）"},
    no_cell={"en": "the test cell is missing from the notebook", "zh": "笔记本中缺少这个测试单元"},
    no_receipt={"en": "no answer was recorded (the test did not run to the end)",
                "zh": "没有记录到答案（测试没有运行到最后）"},
)
"""Why an answer is not right, in English and Chinese (never naming the expected value)."""

GIVEN = _lang.Messages(
    bool={"en": "True/False", "zh": "真假值 True/False"},
    str={"en": "text", "zh": "文本"},
    list={"en": "a list", "zh": "一个列表"},
    dict={"en": "a mapping", "zh": "一个映射（dict）"},
    NoneType={"en": "None", "zh": "空值 None"},
    int={"en": "a number", "zh": "一个数"},
    float={"en": "a number", "zh": "一个数"},
    not_finite={"en": "not a finite number ({number})", "zh": "一个非有限的数（{number}）"},
    object_of={"en": "an object of type {kind}", "zh": "一个 {kind} 类型的对象"},
    too_large={"en": "a number too large to check", "zh": "一个大到无法检查的数"},
)
"""What a student handed in, named in a reason: a kind of plain JSON, or one of :func:`canonical`'s two
``invalid`` records."""

def _as_written(key: str, fields: dict[str, str]) -> re.Pattern:
    """GIVEN's English text ``key`` as a regular expression, each ``{field}`` a named group of ``fields``' form."""
    english = re.escape(GIVEN.entries[key]["en"])  # a field is escaped as \{name\}
    return re.compile(re.sub(r"\\\{(\w+)\\\}", lambda field: f"(?P<{field[1]}>{fields[field[1]]})", english))


_INVALID = (("not_finite", _as_written("not_finite", {"number": ".*"})),
            ("object_of", _as_written("object_of", {"kind": r"\w+"})))
""":func:`canonical`'s two ``invalid`` records as it writes them (GIVEN's English), to be read back and said in
the reader's language."""


def _invalid(record: dict, lang: str) -> str:
    """What :func:`canonical`'s ``{"invalid": ...}`` record says, in ``lang`` (it is written in English in the
    student's kernel)."""
    for key, form in _INVALID:
        found = form.fullmatch(str(record["invalid"]))
        if found:
            return GIVEN(key, lang, **found.groupdict())
    return str(record["invalid"])


def _type_problem(kind: str, got: Any, describe: str, lang: str) -> str | None:
    if type(got) is dict and set(got) == {"invalid"}:
        return REASONS("expected", lang, describe=describe, got=_invalid(got, lang))
    wanted = {"number": _REAL_TYPES, "text": (str,), "flag": (bool,)}[kind]
    if type(got) not in wanted:
        return REASONS("expected", lang, describe=describe, got=_kind_of(got, lang))
    if kind == "number" and not _finite(got):
        return REASONS("expected", lang, describe=describe, got=GIVEN("too_large", lang))
    return None


def judge(kind: str, tol: float, labels: list[str] | int | None, got: Any,
          matches: Callable[[Any, Any], bool], lang: str = "en") -> str | None:
    """None when ``got`` (plain JSON) is right, else why not in ``lang`` (never revealing the expected value).

    ``labels`` is the shape of the answer: None for one item, the labels of a mapping, or the length of a
    list; ``matches(label, item)`` says whether one item is right (against the key in the grader, against
    hashes in a self-check): the two judge alike by construction.
    """
    single = _item_kind(kind)
    what = describe(kind, tol, lang)
    if labels is None:
        return _type_problem(single, got, what, lang) or (
            None if matches(None, got) else
            REASONS("wrong_value", lang, tol=tol) if single == "number" else REASONS("wrong_answer", lang))
    if type(got) is dict and set(got) == {"invalid"}:
        return REASONS("expected", lang, describe=what, got=_invalid(got, lang))
    if isinstance(labels, list):
        if type(got) is not dict:
            return REASONS("labelled", lang, describe=what, got=_kind_of(got, lang))
        if set(got) != set(labels):
            return REASONS("items", lang, want=sorted(labels), got=sorted(got))
        pairs = [(label, got[label]) for label in labels]
    else:
        if type(got) is not list:
            return REASONS("listed", lang, describe=what, got=_kind_of(got, lang))
        if len(got) != labels:
            return REASONS("count", lang, want=labels, got=len(got))
        pairs = list(enumerate(got))
    wrong = [label for label, item in pairs
             if _type_problem(single, item, what, lang) is not None or not matches(label, item)]
    return REASONS("some_wrong", lang, wrong=len(wrong), total=len(pairs), first=wrong[0]) if wrong else None


def _shape(value: Any) -> list[str] | int | None:
    return list(value) if type(value) is dict else len(value) if type(value) is list else None


def _close(kind: str, want: Any, got: Any, tol: float) -> bool:
    if kind == "number":
        return float(got) == float(want) if tol == 0 else abs(grid_cell(got, tol) - grid_cell(want, tol)) <= GRID_STEPS
    return _token(kind, got) == _token(kind, want)


def compare(expect: Expect, got: Any, lang: str = "en") -> str | None:
    """None when ``got`` (plain JSON from a receipt) matches ``expect``; otherwise why not, in words (``lang``).

    The reason never reveals the expected value.
    """
    single = _item_kind(expect.kind)
    return judge(expect.kind, expect.tol, _shape(expect.value), got,
                 lambda label, item: _close(single, expect.value if label is None else expect.value[label], item,
                                            expect.tol), lang)


def fingerprint(expect: Expect, salt: str, name: str) -> Any:
    """What a self-check needs to judge an answer without knowing it: the hash of each expected item."""
    single = _item_kind(expect.kind)
    if type(expect.value) is dict:
        return {label: digest(salt, f"{name}|{label}", _token(single, v, expect.tol))
                for label, v in expect.value.items()}
    if type(expect.value) is list:
        return [digest(salt, f"{name}|{i}", _token(single, v, expect.tol)) for i, v in enumerate(expect.value)]
    return digest(salt, name, _token(single, expect.value, expect.tol))


def compare_with_fingerprint(kind: str, tol: float, prints: Any, got: Any, salt: str, name: str,
                             lang: str = "en") -> str | None:
    """:func:`compare`, for a self-check that has only :func:`fingerprint`'s hashes of the key."""
    single = _item_kind(kind)

    def matches(label: Any, item: Any) -> bool:
        stored, named = (prints, name) if label is None else (prints[label], f"{name}|{label}")
        if single == "number" and tol != 0:
            cell = grid_cell(item, tol)
            return any(digest(salt, named, str(cell + step)) == stored
                       for step in range(-GRID_STEPS, GRID_STEPS + 1))
        return digest(salt, named, _token(single, item, tol)) == stored

    return judge(kind, tol, _shape(prints), got, matches, lang)


def _finite(number: int | float) -> bool:
    """Whether ``number`` is a finite float (a receipt may hold an integer of any size: 10**400 is not)."""
    try:
        return math.isfinite(float(number))
    except OverflowError:
        return False


def _kind_of(got: Any, lang: str = "en") -> str:
    name = type(got).__name__
    return GIVEN(name, lang) if name in GIVEN else name


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
           points: dict[str, float], lang: str = "en") -> dict[str, dict[str, Any]]:
    """Per graded cell: passed, score, max, overridden, message (in ``lang``, but for the cell's own error).

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
                                 "message": REASONS("no_cell", lang)}
            continue
        error = cell_error(cell)
        recorded = receipts(cell)
        problem = ""
        for name, expect in answers.items():
            values = recorded.get(name)
            if not values:
                problem = f"{name}: {REASONS('no_receipt', lang)}"
            else:
                problem = next((f"{name}: {r}" for r in (compare(expect, value, lang) for value in values) if r), "")
            if problem:
                break
        passed = not error and not problem
        results[grade_id] = {"passed": passed, "score": points[grade_id] if passed else 0.0, "max": points[grade_id],
                             "overridden": bool(problem and not error), "message": error or problem}
    return results
