"""A long-lived grading process: sets up nbgrader and a warm sandbox once, then grades one submission per line.

``python -m crmlab.grading.worker COURSE ASSIGNMENT OPTIONS_JSON`` reads requests
from stdin, one JSON object per line: ``{"student": ID}`` grades that student's
submission (:func:`grade`) and writes its status record; ``{"check": true}``
runs the instructor's own solution instead (:func:`check_environment`). It
answers each with one JSON line on stdout. Student code never runs in this
process: nbgrader's pipeline here hands each notebook to the sandbox
(:class:`~crmlab.grading.preprocessors.SandboxedExecute`) and scores what comes back
(:class:`~crmlab.grading.preprocessors.SaveVerifiedGrades`).

``python -m crmlab.grading.worker --release COURSE A B …`` generates several
assignments in one process the same way.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

import nbformat

from crmlab.grading import outcomes
from crmlab.grading.answers import cell_error, nbgrader_cells, points, verify
from crmlab.grading.outcomes import Outcome
from crmlab.grading.preprocessors import SandboxedExecute, SaveVerifiedGrades, run_notebook, sandbox_for
from crmlab.grading.sandbox import Run
from crmlab.grading.spec import EVERYONE, answer_key


def _api(course: str, options: dict | None = None):
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    os.chdir(course)
    config = PyFileConfigLoader("nbgrader_config.py", path=course).load_config()
    for name, value in (options or {}).items():
        setattr(config.SandboxedExecute, name, value)
    config.SaveVerifiedGrades.course = course
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def release(course: str, assignments: list[str]) -> int:
    """``nbgrader generate_assignment`` for several assignments in one process; prints failures."""
    api = _api(course)
    failed = 0
    for assignment in assignments:
        result = api.generate_assignment(assignment, force=True)
        if not result.get("success"):
            failed += 1
            print(f"{assignment}: {result.get('error') or result.get('log')}", file=sys.stderr)
    return 1 if failed else 0


def notes_of(run: Run, nb: nbformat.NotebookNode, timeout: int, memory: int) -> list[str]:
    """What a person should know about how the run went: limits reached, how it ended."""
    notes = list(run.problems)
    def cells_where(prefix: str) -> list[str]:
        return [str(cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {number}"))
                for number, cell in enumerate(nb.cells, start=1) if cell_error(cell).startswith(prefix)]
    if timeouts := cells_where("CellTimeoutError"):
        notes.append(f"time limit ({timeout} s per cell) reached in: {', '.join(timeouts)}")
    if too_big := cells_where("MemoryError"):
        notes.append(f"memory limit ({memory} MiB) reached in: {', '.join(too_big)}")
    if run.ended not in ("finished", "time limit", "output limit"):
        unrun = [str(cell.metadata.get("nbgrader", {}).get("grade_id", f"cell {number}"))
                 for number, cell in enumerate(nb.cells, start=1)
                 if cell.cell_type == "code" and cell.execution_count is None and not cell.outputs]
        notes.append(f"the notebook's process {run.ended} (os._exit, a crash or a signal)"
                     + (f"; these cells did not run and score nothing: {', '.join(unrun)}" if unrun else ""))
    return notes


def grade(api, course: Path, assignment: str, student: str, options: dict) -> Outcome:
    """Grade one submission with nbgrader's pipeline; the outcome is also saved as its status record."""
    start = time.perf_counter()
    release_nb = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    folder = course / "submitted" / student / assignment
    outcome = Outcome(student, assignment, "failed", sandboxed=options["isolate"],
                      fingerprint=outcomes.fingerprint(course, assignment, student, options["isolate"]))
    fatal, outcome.notes = outcomes.precheck(folder, assignment, release_nb)
    if fatal:
        outcome.reason = fatal
    else:
        try:
            SaveVerifiedGrades.previous_answers[(assignment, student)] = written_answers(
                course / "autograded" / student / assignment / f"{assignment}.ipynb")
            result = api.autograde(assignment, student, force=True, create=True)
            run = SandboxedExecute.runs.pop((assignment, student), None)
            verdicts, used = SaveVerifiedGrades.verdicts.pop((assignment, student), (None, ""))
            graded = course / "autograded" / student / assignment / f"{assignment}.ipynb"
            if not result.get("success") or verdicts is None or run is None or not graded.is_file():
                outcome.reason = outcomes.explain(run, (result.get("log") or "") + (result.get("error") or ""))
            else:
                outcome.status, outcome.cells = "graded", verdicts
                if used and used not in (student, EVERYONE):
                    outcome.flags.append(f"worked on {used}'s variant (answers checked against {student}'s own)")
                outcome.notes += notes_of(run, nbformat.read(graded, as_version=4), options["timeout"],
                                          options["memory"])
        except Exception as error:  # noqa: BLE001 - a bug of ours must cost one submission, never the run
            outcome.reason = f"grader error ({type(error).__name__}: {error}); this is a bug in crmlab"
            print(traceback.format_exc(), file=sys.stderr)
    outcome.seconds = round(time.perf_counter() - start, 2)
    outcomes.save(course, outcome)
    return outcome


def written_answers(graded: Path) -> dict[str, str]:
    """grade id → text of each written answer in an autograded notebook (the one a grader saw), or {}."""
    if not graded.is_file():
        return {}
    try:
        nb = nbformat.read(graded, as_version=4)
    except Exception:  # noqa: BLE001 - an unreadable old copy: its answers count as changed
        return {}
    return {gid: cell.source for gid, cell in nbgrader_cells(nb).items()
            if cell.cell_type == "markdown" and cell.metadata["nbgrader"].get("solution")}


CHECK_STUDENT = "instructor-check"


def check_environment(course: Path, assignment: str, options: dict) -> str:
    """Run the instructor's source notebook (model solutions and hidden tests) in the sandbox; '' if it
    scores full marks, else why not: then no student could be graded fairly here."""
    source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    sandbox = sandbox_for(**options)
    run = run_notebook(source, course / "source" / assignment, f"{assignment}.ipynb", CHECK_STUDENT, sandbox)
    if run.ended != "finished":
        return f"the model solution's run {run.ended}: {'; '.join(run.problems)}"
    setup_error = next((cell_error(c) for c in source.cells if c.cell_type == "code" and cell_error(c)), "")
    key = answer_key(course, assignment, CHECK_STUDENT)
    failing = {gid: v["message"] for gid, v in verify(source, key, points(source)).items() if not v["passed"]}
    if not failing:
        return ""
    first = next(iter(failing.items()))
    return (f"the model solution of {assignment} does not pass in the sandbox ({len(failing)} cell(s), first "
            f"{first[0]}: {first[1]})" + (f"; first error in the notebook: {setup_error}" if setup_error else ""))


def main(course: str, assignment: str, options: dict) -> None:
    api = _api(course, options)
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but result lines on the real stdout
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("check"):
            try:
                answer = {"problem": check_environment(Path(course), assignment, options)}
            except Exception as error:  # noqa: BLE001 - said to the instructor as an environment problem
                answer = {"problem": f"{type(error).__name__}: {error}"}
                print(traceback.format_exc(), file=sys.stderr)
        else:
            answer = asdict(grade(api, Path(course), assignment, request["student"], options))
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    if sys.argv[1] == "--release":
        sys.exit(release(sys.argv[2], sys.argv[3:]))
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
