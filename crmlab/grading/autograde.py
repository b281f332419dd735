"""Autograde submissions so that every one ends graded or flagged with a reason, and no grade can be faked.

For each student, :func:`autograde`:

1. checks the submission before running it (:func:`precheck`): the notebook is
   there under its name and is valid JSON; locked cells the student edited,
   deleted or changed the type of are noted (nbgrader restores them);
2. runs nbgrader's autograde for that student in a worker process
   (:mod:`crmlab.grading.worker`) with a per-cell time limit, a wall-clock
   cap and a memory limit per process (the worker and the kernels it starts):
   an infinite loop, ``sys.exit()``, a kernel crash, a notebook that asks for
   more memory than the machine has or one that kills the worker affects only
   this student (the worker is restarted);
3. verifies the answer receipts of every auto-graded cell outside the notebook
   (:func:`verify`) against an answer key computed before any student code ran,
   and sets the gradebook's score of a cell to 0 when the receipts do not hold
   the right answers — whatever the notebook's own tests said;
4. writes a status record ``crmlab-status/<assignment>/<student>.json``:
   ``graded`` (with per-cell results and notes) or ``failed`` (and why). The
   export and the report read these, so a failed notebook never looks like 0.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import select
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import psutil

from crmlab.grading.answers import RECEIPT_MIME, Expect, answer_key, compare, write_key_file
from crmlab.grading.course import CourseError, check_assignment, course_env, find_course

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

    @property
    def auto_score(self) -> float:
        return sum(cell["score"] for cell in self.cells.values())


def _nbgrader_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nb.cells
            if "nbgrader" in cell.get("metadata", {}) and "grade_id" in cell.metadata["nbgrader"]}


def precheck(folder: Path, assignment: str, release: nbformat.NotebookNode) -> tuple[str, list[str]]:
    """(fatal reason or '', notes) for the submission in ``folder``, before anything runs."""
    path = folder / f"{assignment}.ipynb"
    if not path.is_file():
        others = sorted(p.name for p in folder.glob("*.ipynb"))
        found = f"found {', '.join(others)}" if others else "no notebook at all"
        return f"no notebook named {assignment}.ipynb in the submission ({found}); rename it and grade again", []
    try:
        submitted = nbformat.read(path, as_version=4)
    except Exception as error:  # JSON errors, wrong nbformat, binary files
        return f"{assignment}.ipynb is not a valid notebook ({type(error).__name__}: {str(error)[:200]})", []
    notes = []
    extra = sorted(p.name for p in folder.iterdir() if p.name not in (path.name, "timestamp.txt"))
    if extra:
        notes.append(f"extra files in the submission (not used for grading): {', '.join(extra)}")
    mine = _nbgrader_cells(submitted)
    for grade_id, cell in _nbgrader_cells(release).items():
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


_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)


def _without_hidden(source: str) -> str:
    """A cell's source without its hidden-test block (the release has none, the instructor's copy has it)."""
    return _HIDDEN.sub("", source).strip()


def receipts(cell: nbformat.NotebookNode) -> dict[str, list[Any]]:
    """Answer name → every value recorded for it in the cell's outputs."""
    found: dict[str, list[Any]] = {}
    for output in cell.get("outputs", []):
        record = output.get("data", {}).get(RECEIPT_MIME) if output.get("output_type") != "stream" else None
        if isinstance(record, dict) and isinstance(record.get("answer"), str):
            # Through JSON again: nbformat hands back NotebookNode (a dict subclass); compare wants plain JSON.
            found.setdefault(record["answer"], []).append(json.loads(json.dumps(record.get("value"))))
    return found


def cell_error(cell: nbformat.NotebookNode) -> str:
    """The cell's first error as 'Name: message' (no traceback), or ''."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()
    return ""


def verify(nb: nbformat.NotebookNode, key: dict[str, dict[str, Expect]],
           points: dict[str, float]) -> dict[str, dict[str, Any]]:
    """Per graded cell: passed, score, message. A cell passes only if it ran without error AND every answer
    receipt in its outputs matches the key (a missing receipt fails)."""
    cells = _nbgrader_cells(nb)
    results = {}
    for grade_id, answers in key.items():
        cell = cells.get(grade_id)
        if cell is None:
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
                reasons = [compare(expect, value) for value in values]
                problem = next((f"{name}: {r}" for r in reasons if r), "")
            if problem:
                break
        passed = not error and not problem
        results[grade_id] = {"passed": passed, "score": points[grade_id] if passed else 0.0, "max": points[grade_id],
                             "overridden": bool(problem and not error), "message": error or problem}
    return results


def _points(release: nbformat.NotebookNode) -> dict[str, float]:
    return {gid: float(cell.metadata["nbgrader"].get("points", 0)) for gid, cell in _nbgrader_cells(release).items()
            if cell.metadata["nbgrader"].get("grade") and cell.cell_type == "code"}


def _save_scores(course: Path, assignment: str, student: str, cells: dict[str, dict[str, Any]]) -> None:
    """Write the verified auto scores into nbgrader's gradebook (the feedback and nbgrader's export read them)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "crmlab") as gradebook:
        for grade_id, result in cells.items():
            grade = gradebook.find_grade(grade_id, assignment, assignment, student)
            grade.auto_score = result["score"]
            grade.needs_manual_grade = False
        gradebook.db.commit()


def _annotate(path: Path, cells: dict[str, dict[str, Any]]) -> None:
    """Add the grader's verdict to overridden cells of the autograded notebook, so the feedback shows it."""
    nb = nbformat.read(path, as_version=4)
    for grade_id, cell in _nbgrader_cells(nb).items():
        result = cells.get(grade_id)
        if result and result["overridden"]:
            cell.outputs.append(nbformat.v4.new_output(
                "stream", name="stderr", text=f"Answer check failed: {result['message']}\n"))
    nbformat.write(nb, path)


def _fingerprint(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


def status_path(course: Path, assignment: str, student: str) -> Path:
    return course / STATUS_DIR / assignment / f"{student}.json"


MEMORY_LIMIT = 2048
"""Default address-space limit of each grading process and kernel, in MiB: a kernel with pandas, matplotlib
and crmlab loaded uses about 320 MiB of address space; the course's largest data set (CDNOW) adds tens."""
MEMORY_FLOOR = 512


class _Worker:
    """One :mod:`crmlab.grading.worker` process; restarted after a student's notebook kills it."""

    def __init__(self, course: Path, assignment: str, timeout: int, memory: int) -> None:
        self.args = [sys.executable, "-m", "crmlab.grading.worker", str(course), assignment, str(timeout),
                     str(memory)]
        self.course = course
        self.log = course / STATUS_DIR / assignment / "worker.log"
        self.process: subprocess.Popen | None = None

    def grade(self, student: str, cap: float) -> dict[str, Any]:
        if self.process is None or self.process.poll() is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log, "a", encoding="utf-8") as log:
                self.process = subprocess.Popen(self.args, cwd=self.course, env=course_env(self.course), text=True,
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        self.process.stdin.write(student + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], cap)
        line = self.process.stdout.readline() if ready else None
        if not line:
            self.close()
            why = (f"grading took longer than {cap:.0f} s and was stopped" if line is None
                   else "the grading process died while running this notebook (it may have killed its parent)")
            return {"success": False, "log": "", "reason": why}
        return json.loads(line)

    def close(self) -> None:
        """Stop the worker and every process it started (kernels run in their own sessions)."""
        if self.process is None:
            return
        try:
            family = psutil.Process(self.process.pid).children(recursive=True) + [psutil.Process(self.process.pid)]
        except psutil.NoSuchProcess:
            family = []
        for member in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                member.kill()
        self.process.wait()
        self.process = None


def _grade_one(course: Path, assignment: str, student: str, release: nbformat.NotebookNode,
               key: dict[str, dict[str, Expect]], timeout: int, memory: int, worker: _Worker) -> Outcome:
    start = time.perf_counter()
    folder = course / "submitted" / student / assignment
    fatal, notes = precheck(folder, assignment, release)
    outcome = Outcome(student, assignment, "failed", fatal, notes)
    if not fatal:
        # A generous wall-clock cap on top of nbgrader's per-cell limit: a hung kernel cannot stall the run.
        result = worker.grade(student, cap=timeout * (len(release.cells) + 4) + 120)
        graded = course / "autograded" / student / assignment / f"{assignment}.ipynb"
        if not result["success"] or not graded.is_file():
            outcome.reason = result.get("reason") or _explain(result["log"])
        else:
            nb = nbformat.read(graded, as_version=4)
            outcome.cells = verify(nb, key, _points(release))
            outcome.status = "graded"
            # Nobody can press Ctrl-C during grading: a KeyboardInterrupt is the time limit interrupting the kernel.
            timeouts = [str(cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {number}"))
                        for number, cell in enumerate(nb.cells, start=1)
                        if cell_error(cell).startswith(("CellTimeoutError", "KeyboardInterrupt"))]
            if timeouts:
                outcome.notes.append(f"time limit ({timeout} s per cell) reached in: {', '.join(timeouts)}")
            too_big = [str(cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {number}"))
                       for number, cell in enumerate(nb.cells, start=1) if cell_error(cell).startswith("MemoryError")]
            if too_big:
                outcome.notes.append(f"memory limit ({memory} MiB) reached in: {', '.join(too_big)}")
    outcome.seconds = round(time.perf_counter() - start, 2)
    return outcome


def _explain(log: str) -> str:
    errors = "\n".join([line for line in log.splitlines() if "ERROR" in line or "rror:" in line][-4:])
    if "kernel died" in log.lower() or "DeadKernelError" in log:
        return "the notebook crashed its Python kernel (e.g. os._exit or a segfault); no grade\n" + errors
    return "nbgrader could not grade this notebook:\n" + (errors or log[-500:])


def autograde(course: Path | str, assignment: str, students: list[str] | None = None, timeout: int = 30,
              jobs: int = 1, memory: int = MEMORY_LIMIT) -> list[Outcome]:
    """Grade every (or the given) student's submission of ``assignment``; see the module docstring.

    ``timeout`` is the limit per cell in seconds; ``memory`` the address space each grading process and
    kernel may use, in MiB (a cell that asks for more gets a ``MemoryError``, noted in the outcome).
    """
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise CourseError(f"timeout must be a whole number of seconds ≥ 1, got {timeout!r}")
    if isinstance(memory, bool) or not isinstance(memory, int) or memory < MEMORY_FLOOR:
        raise CourseError(f"memory must be a whole number of MiB ≥ {MEMORY_FLOOR} (Python, numpy and nbgrader "
                          f"need about {MEMORY_FLOOR} to start), got {memory!r}")
    course = find_course(course)
    check_assignment(course, assignment)
    release_path = course / "release" / assignment / f"{assignment}.ipynb"
    if not release_path.is_file() or not (course / "gradebook.db").is_file():
        raise CourseError(f"{assignment} has not been released: run `crmlab release {assignment}` first")
    submitted = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())
    if students:
        unknown = sorted(set(students) - set(submitted))
        if unknown:
            raise CourseError(f"no submission of {assignment} from: {', '.join(unknown)}")
        submitted = sorted(students)
    release = nbformat.read(release_path, as_version=4)
    key = answer_key(course, assignment)  # computed here, before any student code runs
    write_key_file(course, assignment, key)  # for the notebooks' own courtesy check
    missing = sorted(set(_points(release)) - set(key))
    if missing:
        raise CourseError(f"the answer key of {assignment} has no entry for graded cell(s) {missing}")
    guarded = [course / "source", course / "assignments"]
    before = _fingerprint(*guarded)

    queue = list(submitted)
    lock = threading.Lock()
    done: dict[str, Outcome] = {}

    def drain() -> None:
        worker = _Worker(course, assignment, timeout, memory)
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    student = queue.pop(0)
                done[student] = _grade_one(course, assignment, student, release, key, timeout, memory, worker)
        finally:
            worker.close()

    threads = [threading.Thread(target=drain) for _ in range(max(1, min(jobs, len(submitted))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = [done[student] for student in submitted]
    for outcome in outcomes:
        if outcome.status == "graded":
            _save_scores(course, assignment, outcome.student, outcome.cells)
            _annotate(course / "autograded" / outcome.student / assignment / f"{assignment}.ipynb", outcome.cells)
        path = status_path(course, assignment, outcome.student)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(outcome), indent=1, ensure_ascii=False), encoding="utf-8")
    if _fingerprint(*guarded) != before:
        raise CourseError("source/ or assignments/ changed while grading: a submission may have tampered with the "
                          "course; restore them from version control and grade again")
    return outcomes
