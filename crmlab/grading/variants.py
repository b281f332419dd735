"""Per-student numbers: each student's inputs drawn from their id, the same on any machine, for good.

An assignment spec declares how its inputs vary with a function ``inputs(draw)``
that builds them from a :class:`Draw` (ranges, choices, samples of rows from a
real data set) and states its constraints with :meth:`Draw.require` (a defined
answer, a clear winner). :func:`draw_variant` runs it for one student: the
numbers are a pure function of (course, assignment, student id, attempt),
through SHA-256, never a random generator whose stream could change with a
library's version, so the same id gives the same numbers on the student's
laptop, on JupyterHub and in the grader, for the life of the course. A draw
that breaks a constraint is redrawn (next attempt) until one holds.

The function's source is copied into the released notebook (it is no secret:
how the numbers are chosen tells nobody the answers), where
:func:`your_variant` builds the student's inputs from ``student_id`` and says in
words which variant it is. The grader computes the key for the id of the
submission's folder and compares: a notebook set to another student's id is
flagged (:data:`VARIANT_ANSWER` is the receipt that tells it).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
from IPython.display import display

from crmlab import _lang
from crmlab.grading.answers import RECEIPT_MIME

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
VARIANT_ANSWER = "__student_id__"
"""The receipt name under which a notebook records the student id its numbers were drawn for."""
MAX_ATTEMPTS = 1000


class Redraw(Exception):
    """A draw broke a constraint of the assignment (raised by :meth:`Draw.require`): draw again."""


class StudentIdError(ValueError):
    """A missing or malformed student id; shown in a notebook as its message alone, without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of a traceback
        return [f"StudentIdError: {self}"]


class Draw:
    """The numbers of one variant: each call takes the next value of a stream fixed by the seed."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self._count = 0

    def _below(self, n: int) -> int:
        """A whole number in [0, n), from the next 64 bits of the stream."""
        self._count += 1
        digest = hashlib.sha256(f"{self.seed}|{self._count}".encode()).digest()
        return int.from_bytes(digest[:8], "big") % n

    def integer(self, low: int, high: int, step: int = 1) -> int:
        """A whole number among low, low + step, …, up to high (both ends included)."""
        if step <= 0 or high < low:
            raise ValueError(f"integer needs low <= high and step > 0, got {low}, {high}, {step}")
        return low + step * self._below((high - low) // step + 1)

    def number(self, low: float, high: float, step: float) -> float:
        """A number among low, low + step, …, up to high, rounded to ``step``'s decimals."""
        if step <= 0 or high < low:
            raise ValueError(f"number needs low <= high and step > 0, got {low}, {high}, {step}")
        decimals = max(0, -math.floor(math.log10(step)) + 1)
        count = int(round((high - low) / step)) + 1
        return round(low + step * self._below(count), decimals)

    def choice(self, options: Sequence[Any]) -> Any:
        """One of ``options``."""
        return options[self._below(len(options))]

    def sample(self, items: Sequence[Any], k: int) -> list[Any]:
        """``k`` different items of ``items``, in their original order."""
        if not 0 <= k <= len(items):
            raise ValueError(f"cannot sample {k} of {len(items)} items")
        ranked = sorted(range(len(items)), key=lambda i: hashlib.sha256(f"{self.seed}|sample{self._count}|{i}"
                                                                         .encode()).digest())
        self._count += 1
        return [items[i] for i in sorted(ranked[:k])]

    def rows(self, frame: pd.DataFrame, k: int) -> pd.DataFrame:
        """``k`` different rows of ``frame``, in their original order (a sample of a real data set)."""
        return frame.iloc[self.sample(range(len(frame)), k)]

    def require(self, condition: bool) -> None:
        """Keep this variant only if ``condition`` holds (a defined answer, a clear winner …)."""
        if not condition:
            raise Redraw


def check_student_id(student: Any) -> str:
    """The id, checked: 1 to 64 letters, digits and ``._@+-``, starting with a letter or digit."""
    if not isinstance(student, str) or not ID_PATTERN.match(student.strip()):
        raise StudentIdError(
            f"student_id must be your student id as your LMS shows it (letters and digits, e.g. \"1001\"), "
            f"between quotes; got {student!r}. Set it in the cell above and run both cells again.")
    return student.strip()


def draw_variant(inputs: Callable[[Draw], dict], course: str, assignment: str, student: str) -> dict:
    """The inputs of ``assignment`` for ``student`` in ``course``: ``inputs(draw)`` for the first attempt whose
    draw meets every constraint."""
    student = check_student_id(student)
    for attempt in range(MAX_ATTEMPTS):
        try:
            return inputs(Draw(f"crmlab-variant-1|{course}|{assignment}|{student}|{attempt}"))
        except Redraw:
            continue
    raise ValueError(f"no variant of {assignment} meets its constraints in {MAX_ATTEMPTS} draws for {student!r}: "
                     "the constraints of its inputs() are too strict")


def notebook_student_id(typed: Any, lang: str = "en") -> str:
    """The id a notebook works with: the one typed in ``student_id``; else JupyterHub's login; else, at grading
    time, the id of the submission being graded."""
    if isinstance(typed, str) and typed.strip():
        return check_student_id(typed)
    for name in ("JUPYTERHUB_USER", "CRMLAB_STUDENT_ID"):
        if os.environ.get(name):
            return check_student_id(os.environ[name])
    raise StudentIdError(TEXT("no_id", lang))


TEXT = _lang.Messages(
    table={"en": "  {name}: a table of {rows} rows", "zh": "  {name}：一个 {rows} 行的表"},
    yours={"en": "Your numbers are drawn from your student id {student!r} (the same id always gives the same numbers; "
                 "a classmate's are different):",
           "zh": "你的数据由你的学号 {student!r} 生成（同一学号总是得到同样的数据；同学的数据与你的不同）："},
    shared={"en": "Everyone in the class works with the same numbers:", "zh": "全班同学使用同样的数据："},
    no_id={
    "en": "set student_id in the cell above to your student id as your LMS shows it, between quotes (for example "
          "student_id = \"1001\"), then run that cell and this one again",
    "zh": "请在上面的单元中把 student_id 设为教学平台上显示的学号，写在引号中（例如 student_id = \"1001\"），"
          "然后重新运行那个单元和这个单元"},
)
"""What a notebook says about its numbers, in English and Chinese."""


def describe(values: dict[str, Any], lang: str = "en") -> str:
    """A student's inputs in words, one per line (tables by their size)."""
    return "\n".join(TEXT("table", lang, name=name, rows=len(v)) if isinstance(v, pd.DataFrame) else f"  {name} = {v!r}"
                     for name, v in values.items())


def _show(student: str, values: dict, sentence: str, lang: str = "en") -> None:
    display({RECEIPT_MIME: {"answer": VARIANT_ANSWER, "value": student},
             "text/plain": f"{sentence}\n{describe(values, lang)}"}, raw=True)


def your_variant(student_id: Any, course: str, assignment: str, inputs: Callable[[Draw], dict],
                 lang: str = "en") -> dict:
    """In a student's notebook: their inputs, said in words, recorded for the grader, set for self-checks."""
    from crmlab.grading import selfcheck

    _lang.check(lang)
    student = notebook_student_id(student_id, lang)
    values = draw_variant(inputs, course, assignment, student)
    selfcheck.use(assignment, student, lang)
    _show(student, values, TEXT("yours", lang, student=student), lang)
    return values


def shared_variant(course: str, assignment: str, inputs: Callable[[Draw], dict], lang: str = "en") -> dict:
    """In a notebook whose numbers do not vary: everyone's inputs."""
    from crmlab.grading.spec import EVERYONE

    values = draw_variant(inputs, course, assignment, EVERYONE)
    _show(EVERYONE, values, TEXT("shared", lang), lang)
    return values
