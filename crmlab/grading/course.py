"""The nbgrader course folder: find it, copy it, lock it, release its assignments.

Every function takes the course folder (the one holding ``nbgrader_config.py``)
and raises :class:`CourseError` with a message an instructor can act on when
the input is wrong; nothing is deleted or overwritten on the way to that error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import crmlab.course
from crmlab import _lang
from crmlab.grading import config, roster, selfcheck, spec

TEMPLATE = Path(crmlab.course.__file__).resolve().parent
"""The course shipped with CRM Lab: ``crmlab.course`` (``exercises/`` in the repository)."""

COURSE_FILES = ("nbgrader_config.py", "assignments")
"""What ``crmlab course init`` copies; the source notebooks are written from the specs (:func:`write_sources`)."""

class CourseError(Exception):
    """Bad input from the instructor (missing folder, unknown assignment, corrupt zip …): nothing was changed."""


def find_course(path: Path | str = ".") -> Path:
    """The course folder ``path``, checked: it must hold ``nbgrader_config.py`` and ``source/``."""
    root = Path(path).expanduser().resolve()
    if not root.is_dir():
        raise CourseError(f"course folder {root} does not exist; create one with `crmlab course init {path}`")
    if not (root / "nbgrader_config.py").is_file() or not (root / "assignments").is_dir():
        raise CourseError(f"{root} is not a course folder (it needs nbgrader_config.py and assignments/); "
                          "pass --course DIR or create one with `crmlab course init DIR`")
    return root


def assignments(course: Path) -> list[str]:
    """The assignments of the course: one spec ``assignments/<name>.py`` each."""
    return sorted(p.stem for p in (course / "assignments").glob("*.py") if not p.name.startswith("_"))


def check_assignment(course: Path, assignment: str) -> str:
    known = assignments(course)
    if assignment not in known:
        raise CourseError(f"unknown assignment {assignment!r}; this course has: {', '.join(known) or 'none'}")
    return assignment


_COURSE_ID_LINE = re.compile(r"^c\.CourseDirectory\.course_id = .*$", re.M)


def init_course(destination: Path | str, template: Path = TEMPLATE, course_id: str | None = None) -> Path:
    """Copy the course (configuration and assignment specs) into a new or empty folder and write its source
    notebooks. ``course_id`` (default: the folder's name) goes into ``nbgrader_config.py``: with each student's
    id it fixes their numbers, so give each run of a course its own."""
    destination = Path(destination).expanduser().resolve()
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise CourseError(f"{destination} already exists and is not empty; choose a new folder")
    name = course_id if course_id is not None else re.sub(r"[^A-Za-z0-9._-]+", "-", destination.name).strip("-")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name or ""):
        raise CourseError(f"course id must be 1 to 64 letters, digits, '.', '_' or '-', got {name!r}")
    destination.mkdir(parents=True, exist_ok=True)
    for item in COURSE_FILES:
        source = template / item
        if source.is_dir():
            shutil.copytree(source, destination / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, destination / item)
    config = destination / "nbgrader_config.py"
    config.write_text(_COURSE_ID_LINE.sub(f"c.CourseDirectory.course_id = {name!r}", config.read_text("utf-8")),
                      encoding="utf-8")
    write_sources(destination)
    return destination


def load_assignment(course: Path, name: str, practice: bool = False) -> spec.Assignment:
    """The spec of assignment ``name`` (a spec that cannot be loaded is the instructor's to fix: said so).

    ``practice``: the same numbers for everyone (the book's edition, whose self-checks serve any reader).
    """
    try:
        assignment = spec.load_spec(course, name).ASSIGNMENT
    except Exception as error:  # noqa: BLE001 - any error in the instructor's spec file, named for them
        raise CourseError(f"assignments/{name}.py cannot be loaded ({type(error).__name__}: {error})") from None
    return dataclasses.replace(assignment, vary=False) if practice else assignment


def write_sources(course: Path, names: list[str] | None = None, practice: bool = False, lang: str = "en") -> None:
    """Write ``source/<name>/<name>.ipynb`` from each assignment's spec (only files whose text changes), in
    ``lang`` (the spec's texts in that language; the code, tests and grade ids are the same in every one)."""
    identity = config.course_id(course)
    for name in names or assignments(course):
        text = nbformat.writes(spec.notebook(load_assignment(course, name, practice), identity, lang)) + "\n"
        path = course / "source" / name / f"{name}.ipynb"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def run_nbgrader(course: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course folder (own process: a crash there cannot take the caller down)."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=course_env(course),
                          capture_output=True, text=True, timeout=timeout)


def course_env(course: Path) -> dict[str, str]:
    """The environment nbgrader (and formgrader) run in: this Python's scripts first on PATH (nbgrader calls
    its ``alembic`` script by name), and crmlab's Jupyter data first on JUPYTER_PATH (MathJax without a CDN).
    Student code never sees it: it runs in the sandbox, with an environment of its own."""
    from crmlab.grading.feedback import JUPYTER_DATA

    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    jupyter = os.pathsep.join(p for p in (str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH", "")) if p)
    return dict(os.environ, PATH=path, JUPYTER_PATH=jupyter)


LOCK_FILE = ".crmlab.lock"


@contextlib.contextmanager
def course_lock(course: Path, command: str) -> Iterator[None]:
    """Hold the course's lock while ``command`` changes the gradebook; refuse, naming the holder, if another
    command holds it (two grading runs at once would overwrite each other's results)."""
    path = course / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until the end of the with block
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another crmlab command"
        handle.close()
        raise CourseError(f"{holder} is running on this course; wait until it ends (or stop it) and try again; "
                          "nothing was changed") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{command} (process {os.getpid()} on {socket.gethostname()}, since "
                     f"{time.strftime('%Y-%m-%d %H:%M:%S')})\n")
        handle.flush()
        yield
    finally:
        handle.truncate(0)
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def nbgrader_errors(result: subprocess.CompletedProcess) -> str:
    """The ERROR/CRITICAL lines of an nbgrader run, or its last lines."""
    lines = (result.stdout + result.stderr).splitlines()
    errors = [line for line in lines if "ERROR" in line or "CRITICAL" in line]
    return "\n".join(errors[-5:] or lines[-5:])


@dataclass
class Released:
    """One released assignment: the zip to upload to the LMS, and what the instructor should know."""

    name: str
    zip: Path
    warnings: list[str] = field(default_factory=list)


def release_lang(course: Path, assignment: str) -> str:
    """The language ``assignment`` was released in (``crmlab release NAME --lang``: its release notebook's),
    English if it has not been released."""
    path = course / "release" / assignment / f"{assignment}.ipynb"
    return _lang.notebook_lang(nbformat.read(path, as_version=4)) if path.is_file() else "en"


def release(course: Path, *names: str, practice: bool = False, lang: str = "en") -> list[Released]:
    """Write the source notebooks from the specs, generate the student versions (``release/<name>/``, nbgrader
    generate_assignment), add each notebook's self-check data for the class list, and zip each for the LMS.

    ``practice``: every reader gets the same numbers and self-checks (the book's edition; not for grading).
    ``lang``: the language of the student version ("zh": Chinese texts, hints and messages, graded with the
    same key as the English one).
    """
    _lang.check(lang)
    for name in names:
        check_assignment(course, name)
        try:
            load_assignment(course, name, practice).text("title", lang)
        except ValueError as error:
            raise CourseError(str(error)) from None
    with course_lock(course, f"crmlab release {' '.join(names)}"):
        write_sources(course, list(names), practice, lang)
        result = subprocess.run([sys.executable, "-m", "crmlab.grading.worker", "--release", str(course), *names],
                                cwd=course, env=course_env(course), capture_output=True, text=True)
        if result.returncode != 0:
            raise CourseError(f"nbgrader generate_assignment failed:\n{result.stderr[-2000:]}")
        done = []
        for name in names:
            assignment = load_assignment(course, name, practice)
            warnings = selfcheck.add_to_release(course, assignment, roster.student_ids(course), lang)
            archive = Path(shutil.make_archive(str(course / "release" / name), "zip", course / "release" / name))
            done.append(Released(name, archive, warnings))
    return done
