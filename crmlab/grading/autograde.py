"""Autograde submissions so that no submission can fool the grader, hurt a classmate or stop the run.

:func:`autograde`, for one assignment of a course:

1. takes the course's lock (a second ``crmlab autograde`` on the same course
   refuses, saying who holds it) and checks that the sandbox works here;
2. runs the instructor's own solution in the sandbox first: if it does not
   score full marks there (a missing package, a broken set-up cell), that is an
   environment problem and nothing is graded;
3. hands the submissions to ``jobs`` grading processes
   (:mod:`crmlab.grading.worker`), each with one warm sandbox. Each submission is
   checked first (:func:`~crmlab.grading.outcomes.precheck`), run in its own
   sandbox, scored from its answer receipts against the key computed in the
   grader, and its status record written at once
   (:mod:`crmlab.grading.outcomes`): a crash or Ctrl-C loses only the
   submissions in flight, and a rerun grades only what is missing or changed;
4. a grading process that dies (a bug of ours, never student code: it cannot
   reach it) costs only the submission it was grading, recorded as a grader
   error; the others go on.
"""

from __future__ import annotations

import contextlib
import json
import select
import subprocess
import sys
import threading
from pathlib import Path

import nbformat

from crmlab.executor import imported_modules
from crmlab.grading import outcomes, sandbox
from crmlab.grading.answers import points
from crmlab.grading.config import has_gradebook
from crmlab.grading.course import TEMPLATE, CourseError, check_assignment, course_env, course_lock, find_course
from crmlab.grading.outcomes import STATUS_DIR, Outcome, status_path  # noqa: F401 - re-exported for callers
from crmlab.grading.spec import answer_key

MEMORY_LIMIT = 2048
"""Default address-space limit of each process of a submission, in MiB: pandas, matplotlib and crmlab loaded
take about 400 MiB of address space; the course's largest data set (CDNOW) adds tens."""
MEMORY_FLOOR = 512


class EnvironmentProblem(CourseError):
    """The grader cannot grade anyone fairly here (the model solution fails in the sandbox): nothing graded."""


class _Worker:
    """One :mod:`crmlab.grading.worker` process; restarted if it dies."""

    def __init__(self, course: Path, assignment: str, options: dict) -> None:
        self.args = [sys.executable, "-m", "crmlab.grading.worker", str(course), assignment, json.dumps(options)]
        self.course = course
        self.log = course / STATUS_DIR / assignment / "worker.log"
        self.process: subprocess.Popen | None = None

    def ask(self, request: dict, cap: float) -> dict | None:
        """Send one request; its answer, or None if the worker died or did not answer within ``cap`` s."""
        if self.process is None or self.process.poll() is not None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log, "a", encoding="utf-8") as log:
                self.process = subprocess.Popen(self.args, cwd=self.course, env=course_env(self.course), text=True,
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except OSError:
            self.close()
            return None
        ready, _, _ = select.select([self.process.stdout], [], [], cap)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.close()
            return None
        return json.loads(line)

    def close(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def _check_options(timeout: int, memory: int, jobs: int) -> None:
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise CourseError(f"timeout must be a whole number of seconds ≥ 1, got {timeout!r}")
    if isinstance(memory, bool) or not isinstance(memory, int) or memory < MEMORY_FLOOR:
        raise CourseError(f"memory must be a whole number of MiB ≥ {MEMORY_FLOOR} (Python, numpy and pandas "
                          f"need about {MEMORY_FLOOR} to start), got {memory!r}")
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise CourseError(f"jobs must be a whole number ≥ 1, got {jobs!r}")


def autograde(course: Path | str, assignment: str, students: list[str] | None = None, timeout: int = 30,
              jobs: int = 2, memory: int = MEMORY_LIMIT, isolate: bool = True, force: bool = False) -> list[Outcome]:
    """Grade every (or the given) student's submission of ``assignment``; see the module docstring.

    ``timeout`` is the limit per cell in seconds; ``memory`` the address space each process of a submission
    may use, in MiB; ``isolate=False`` grades without the sandbox (student code then runs with your rights;
    every record says so). Submissions whose record is up to date are not graded again unless ``force``.
    Returns the outcome of every requested submission (those skipped: their existing record).
    """
    _check_options(timeout, memory, jobs)
    course = find_course(course)
    check_assignment(course, assignment)
    release_path = course / "release" / assignment / f"{assignment}.ipynb"
    if not release_path.is_file() or not has_gradebook(course):
        raise CourseError(f"{assignment} has not been released: run `crmlab release {assignment}` first")
    if isolate and (why := sandbox.problem()):
        raise sandbox.SandboxError(why)
    with course_lock(course, f"crmlab autograde {assignment}"):
        submitted = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())
        if students:
            unknown = sorted(set(students) - set(submitted))
            if unknown:
                raise CourseError(f"no submission of {assignment} from: {', '.join(unknown)}")
            submitted = sorted(set(students))
        release = nbformat.read(release_path, as_version=4)
        missing = sorted(set(points(release)) - set(answer_key(course, assignment, "instructor-check")))
        if missing:
            raise CourseError(f"the answer key of {assignment} has no entry for graded cell(s) {missing}")
        source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        options = {"timeout": timeout, "memory": memory, "isolate": isolate,
                   "modules": imported_modules([source]), "secrets": [str(course), str(TEMPLATE)],
                   "log_file": str(course / STATUS_DIR / assignment / "sandbox.log")}
        todo = [s for s in submitted if force or not outcomes.up_to_date(course, assignment, s, isolate)]
        done = {s: outcomes.load(course, assignment, s) for s in submitted if s not in todo}
        if todo:
            cap = timeout * (len(source.cells) + 4) + 120  # per submission: every cell at its limit, and slack
            done.update(_grade_all(course, assignment, todo, options, jobs, cap))
    return [done[student] for student in submitted]


def _grade_all(course: Path, assignment: str, todo: list[str], options: dict, jobs: int,
               cap: float) -> dict[str, Outcome]:
    workers = [_Worker(course, assignment, options) for _ in range(max(1, min(jobs, len(todo))))]
    try:
        answer = workers[0].ask({"check": True}, cap)
        if answer is None or answer["problem"]:
            why = answer["problem"] if answer else "the grading process died while checking the environment"
            raise EnvironmentProblem(f"environment problem, nothing was graded: {why}. Check that the grader's "
                                     "Python has crmlab and every package the notebooks import.")
        queue, lock, done = list(todo), threading.Lock(), {}

        def drain(worker: _Worker) -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    student = queue.pop(0)
                answer = worker.ask({"student": student}, cap)
                if answer is None:  # the worker died or hung: its submission alone is lost, as a grader error
                    outcome = Outcome(student, assignment, "failed", sandboxed=options["isolate"],
                                      reason="grader error (the grading process died or stopped answering while "
                                             "grading this submission); grade it again")
                    outcomes.save(course, outcome)
                else:
                    outcome = Outcome.from_record(answer)
                done[student] = outcome

        threads = [threading.Thread(target=drain, args=(worker,), daemon=True) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return done
    finally:
        for worker in workers:
            worker.close()
