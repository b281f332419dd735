"""The hidden-test side of grading: record a student's answer and check it in the notebook.

Hidden test cells call ``check(assignment, name, value)``. It displays an answer
receipt (see :mod:`crmlab.grading.answers`), which the grader verifies outside
the notebook, then compares the answer with the key (the JSON copy written by
``crmlab release``/``autograde``: quick to read in a kernel) so that the
student's feedback shows a clear message. The in-notebook comparison is only a courtesy:
student code runs in the same kernel and could subvert it, so the grade is
decided by the receipt check in the grader's own process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from IPython.display import display

from crmlab.grading.answers import RECEIPT_MIME, canonical, compare, key_file, read_key_file

_KEYS: dict[tuple[str, str], dict] = {}


def course_root() -> Path | None:
    """The course folder: ``$CRMLAB_COURSE``, else the nearest parent holding ``assignments/`` and
    ``nbgrader_config.py``."""
    if os.environ.get("CRMLAB_COURSE"):
        return Path(os.environ["CRMLAB_COURSE"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "assignments").is_dir():
            return folder
    return None


def check(assignment: str, name: str, value: Any) -> None:
    """Record ``value`` as the answer ``name`` and raise AssertionError (with a reason) if it is wrong."""
    answer = canonical(value)
    display({RECEIPT_MIME: {"answer": name, "value": answer}, "text/plain": f"answer recorded: {name}"}, raw=True)
    root = course_root()
    if root is None or not key_file(root, assignment).is_file():
        raise RuntimeError("the answer key is not available here: hidden tests run when the instructor grades")
    if (str(root), assignment) not in _KEYS:
        _KEYS[(str(root), assignment)] = read_key_file(root, assignment)
    expect = _KEYS[(str(root), assignment)][name]
    reason = compare(expect, answer)
    if reason is not None:
        raise AssertionError(f"{name}: {reason}")
