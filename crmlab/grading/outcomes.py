"""How each submission's grading ended, kept one record per submission as soon as it is known.

A status record ``crmlab-status/<assignment>/<student>.json`` says ``graded``
(verified score per cell, notes) or ``failed`` (a reason a person understands),
whether the sandbox was on, and a *fingerprint* of what was graded (the
submitted files, the assignment's spec and release, the sandbox setting): a
rerun of ``crmlab autograde`` grades only submissions without a record or
whose fingerprint changed. Records are written atomically (a crash leaves the
old record or the new one, never half of one); the export and the report read
them, so a submission that could not be graded never looks like a 0, and a
score nbgrader wrote for a submission that was never verified never shows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import nbformat

from crmlab.grading.answers import nbgrader_cells

STATUS_DIR = "crmlab-status"


@dataclass
class Outcome:
    """How one student's submission of one assignment ended."""

    student: str
    assignment: str
    status: str  # "graded" or "failed"
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    sandboxed: bool = True
    fingerprint: str = ""
    flags: list[str] = field(default_factory=list)
    """What an instructor should look at (e.g. "worked on 1002's variant")."""

    @property
    def auto_score(self) -> float:
        return sum(cell["score"] for cell in self.cells.values())

    @classmethod
    def from_record(cls, record: dict) -> Outcome:
        known = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in record.items() if name in known})


def status_path(course: Path, assignment: str, student: str) -> Path:
    return course / STATUS_DIR / assignment / f"{student}.json"


def save(course: Path, outcome: Outcome) -> Path:
    """Write ``outcome``'s status record atomically (a temporary file renamed over the old one)."""
    path = status_path(course, outcome.assignment, outcome.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{outcome.student}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as record:
        json.dump(asdict(outcome), record, indent=1, ensure_ascii=False)
        record.flush()
        os.fsync(record.fileno())
    os.replace(temporary, path)
    return path


def load(course: Path, assignment: str, student: str) -> Outcome | None:
    """The status record of a submission, or None (none yet, or unreadable)."""
    try:
        return Outcome.from_record(json.loads(status_path(course, assignment, student).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def records(course: Path, assignment: str) -> dict[str, Outcome]:
    """student → outcome, for every readable status record of ``assignment``."""
    found = {}
    for path in sorted((course / STATUS_DIR / assignment).glob("*.json")):
        outcome = load(course, assignment, path.stem)
        if outcome is not None:
            found[path.stem] = outcome
    return found


def fingerprint(course: Path, assignment: str, student: str, sandboxed: bool) -> str:
    """A digest of everything a grade depends on: the submitted files, the spec, the release, the sandbox."""
    digest = hashlib.sha256(f"sandbox={sandboxed}".encode())
    for folder in (course / "submitted" / student / assignment, course / "release" / assignment):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    spec = course / "assignments" / f"{assignment}.py"
    digest.update(spec.read_bytes() if spec.is_file() else b"")
    return digest.hexdigest()


def up_to_date(course: Path, assignment: str, student: str, sandboxed: bool) -> bool:
    """Whether the submission's record still describes what is there now (so a rerun may skip it)."""
    outcome = load(course, assignment, student)
    return (outcome is not None and not outcome.reason.startswith(("grader error", "the sandbox"))
            and outcome.fingerprint == fingerprint(course, assignment, student, sandboxed))


_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)
_NBGRADER_TYPES = {"grade_id": str, "grade": bool, "solution": bool, "locked": bool, "task": bool}


def precheck(folder: Path, assignment: str, release: nbformat.NotebookNode) -> tuple[str, list[str]]:
    """(fatal reason or '', notes) for the submission in ``folder``, before anything runs."""
    path = folder / f"{assignment}.ipynb"
    if not path.is_file() or path.is_symlink():
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        found = f"found {', '.join(others)}" if others else "no notebook at all"
        return f"no notebook named {assignment}.ipynb in the submission ({found}); rename it and grade again", []
    try:
        submitted = nbformat.read(path, as_version=4)
        nbformat.validate(submitted)
    except Exception as error:  # JSON errors, wrong nbformat, binary files, schema violations
        return f"{assignment}.ipynb is not a valid notebook ({type(error).__name__}: {str(error)[:200]})", []
    for number, cell in enumerate(submitted.cells, start=1):
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        bad = ([name for name, kind in _NBGRADER_TYPES.items() if name in meta and type(meta[name]) is not kind]
               if isinstance(meta, dict) else ["the whole nbgrader entry"])
        if bad or type(meta.get("points", 0)) not in (int, float):
            what = ", ".join(bad) or "points"
            return (f"the grading metadata of cell {number} was changed ({what} has the wrong type); download the "
                    "released notebook again and copy your answers into it"), []
    notes = []
    nbgraders = (path.name, "timestamp.txt", "submission_secret.txt")  # what nbgrader's exchange adds
    extra = sorted(p.name for p in folder.iterdir() if p.name not in nbgraders)
    if extra:
        notes.append(f"extra files in the submission (not used for grading): {', '.join(extra)}")
    mine = nbgrader_cells(submitted)
    for grade_id, cell in nbgrader_cells(release).items():
        if not cell.metadata["nbgrader"].get("locked"):
            continue
        theirs = mine.get(grade_id)
        if theirs is None:
            notes.append(f"locked cell {grade_id!r} was deleted; restored from the instructor's copy if it is graded")
        elif theirs.cell_type != cell.cell_type:
            notes.append(f"cell {grade_id!r} was changed from {cell.cell_type} to {theirs.cell_type}; restored")
        elif _without_hidden(theirs.source) != _without_hidden(cell.source):
            notes.append(f"locked cell {grade_id!r} was edited; restored from the instructor's copy")
    return "", notes


def _without_hidden(source: str) -> str:
    """A cell's source without its hidden-test block (the release has none, the instructor's copy has it)."""
    return _HIDDEN.sub("", source).strip()


def explain(run, log: str) -> str:
    """Why nbgrader could not grade a submission, in words."""
    if run is not None and run.ended == "sandbox failure":
        return "the sandbox failed while running this notebook: " + "; ".join(run.problems)
    errors = "\n".join([line for line in log.splitlines() if "ERROR" in line or "rror:" in line][-4:])
    return "nbgrader could not grade this notebook:\n" + (errors or log[-500:])
