"""The nbgrader course folder: find it, copy it, release assignments and collect LMS zips.

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
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import crmlab.course
from crmlab.grading import config, roster, selfcheck, spec

TEMPLATE = Path(crmlab.course.__file__).resolve().parent
"""The course shipped with CRM Lab: ``crmlab.course`` (``exercises/`` in the repository)."""

COURSE_FILES = ("nbgrader_config.py", "assignments")
"""What ``crmlab course init`` copies; the source notebooks are written from the specs (:func:`write_sources`)."""

LMS_LAYOUTS = {
    # Canvas "Download submissions": name_[LATE_]userid_submissionid_file[-n].ipynb (Canvas adds -n on re-upload)
    "canvas": (r"^.*/(?P<name>[^/_]+)_(?:LATE_|late_)?(?P<student_id>\d+)_\d+_"
               r"(?P<file_id>[^/]+?)(?:-\d+)?(?P<ext>\.\w+)$"),
    # Moodle "Download all submissions": one folder "Full Name_userid_assignsubmission_file_" per student
    "moodle": r"^.*/(?P<name>[^/]+?)_(?P<student_id>\d+)_assignsubmission_file_/(?P<file_id>[^/]+?)(?P<ext>\.\w+)$",
}
COLLECTED_EXTENSIONS = (".ipynb", ".py", ".csv", ".txt", ".md", ".png", ".jpg", ".json", ".xlsx")
"""What collect takes from a zip (nbgrader_config.py sets FileNameCollectorPlugin.valid_ext to the same list)."""


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


def write_sources(course: Path, names: list[str] | None = None, practice: bool = False) -> None:
    """Write ``source/<name>/<name>.ipynb`` from each assignment's spec (only files whose text changes)."""
    identity = config.course_id(course)
    for name in names or assignments(course):
        text = nbformat.writes(spec.notebook(load_assignment(course, name, practice), identity)) + "\n"
        path = course / "source" / name / f"{name}.ipynb"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def run_nbgrader(course: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course folder (own process: a crash there cannot take the caller down)."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=course_env(course),
                          capture_output=True, text=True, timeout=timeout)


def course_env(course: Path) -> dict[str, str]:
    """The environment nbgrader runs in: this Python's scripts first on PATH (nbgrader calls its ``alembic``
    script by name). Student code never sees it: it runs in the sandbox, with an environment of its own."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return dict(os.environ, PATH=path)


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


def release(course: Path, *names: str, practice: bool = False) -> list[Released]:
    """Write the source notebooks from the specs, generate the student versions (``release/<name>/``, nbgrader
    generate_assignment), add each notebook's self-check data for the class list, and zip each for the LMS.

    ``practice``: every reader gets the same numbers and self-checks (the book's edition; not for grading).
    """
    for name in names:
        check_assignment(course, name)
    with course_lock(course, f"crmlab release {' '.join(names)}"):
        write_sources(course, list(names), practice)
        result = subprocess.run([sys.executable, "-m", "crmlab.grading.worker", "--release", str(course), *names],
                                cwd=course, env=course_env(course), capture_output=True, text=True)
        if result.returncode != 0:
            raise CourseError(f"nbgrader generate_assignment failed:\n{result.stderr[-2000:]}")
        done = []
        for name in names:
            assignment = load_assignment(course, name, practice)
            warnings = selfcheck.add_to_release(course, assignment, roster.student_ids(course))
            archive = Path(shutil.make_archive(str(course / "release" / name), "zip", course / "release" / name))
            done.append(Released(name, archive, warnings))
    return done


@dataclass
class Collected:
    """What :func:`collect` did: students collected, files it skipped, submissions it replaced."""

    students: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


def _check_zip(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise CourseError(f"zip file {path} does not exist")
    if not zipfile.is_zipfile(path):
        raise CourseError(f"{path} is not a zip file (is the download complete?)")
    archive = zipfile.ZipFile(path)
    try:
        broken = archive.testzip()
    except Exception as error:  # zlib errors, truncated members, …
        raise CourseError(f"{path} is corrupt: {error}") from None
    if broken is not None:
        raise CourseError(f"{path} is corrupt: member {broken!r} fails its checksum")
    for name in archive.namelist():
        if name.startswith("/") or ".." in Path(name).parts:
            raise CourseError(f"{path} has an unsafe member name {name!r}; refusing to extract it")
    return archive


def _match_students(folder: Path, pattern: str) -> dict[str, list[str]]:
    """student id → files, for the files under ``folder`` that the LMS pattern recognises ('' → skipped)."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        match = re.match(pattern, path.as_posix())
        student = match["student_id"] if match and match["ext"] in COLLECTED_EXTENSIONS else ""
        found.setdefault(student, []).append(path.relative_to(folder).as_posix())
    return found


def collect(course: Path, assignment: str, zip_path: Path | str, lms: str = "canvas",
            replace: bool = False) -> Collected:
    """Collect the submissions in an LMS zip into ``submitted/<student>/<assignment>/`` (nbgrader zip_collect).

    The zip is checked first (exists, is a zip, passes its checksums, has no unsafe paths). A student who
    already has a submission keeps it unless ``replace``; replaced submissions are moved to
    ``replaced/<time>/``, never deleted. The zip itself is kept in ``downloaded/<assignment>/archive/``.
    """
    check_assignment(course, assignment)
    if lms not in LMS_LAYOUTS:
        raise CourseError(f"unknown LMS layout {lms!r}; use one of {', '.join(LMS_LAYOUTS)}")
    if not (course / "release" / assignment).is_dir():
        raise CourseError(f"{assignment} has not been released yet: run `crmlab release {assignment}` first")
    zip_path = Path(zip_path).expanduser().resolve()
    pattern = LMS_LAYOUTS[lms]
    with _check_zip(zip_path) as archive, tempfile.TemporaryDirectory() as scratch:
        archive.extractall(Path(scratch) / zip_path.stem)
        found = _match_students(Path(scratch), pattern)
    skipped = found.pop("", [])
    if not found:
        raise CourseError(f"no file in {zip_path.name} matches the {lms} layout; is this the right LMS? "
                          f"(first files: {', '.join(skipped[:3])})")
    existing = [s for s in found if any((course / "submitted" / s / assignment).glob("*"))]
    if existing and not replace:
        raise CourseError(f"{len(existing)} student(s) already have a submission for {assignment} "
                          f"({', '.join(existing[:5])}); nothing was changed. Use --replace to take the new ones "
                          "(the old ones are kept in replaced/)")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for student in existing:
        target = course / "replaced" / stamp / student
        target.mkdir(parents=True, exist_ok=True)
        shutil.move(str(course / "submitted" / student / assignment), str(target / assignment))
    downloaded = course / "downloaded" / assignment
    archive_dir = downloaded / "archive"
    if archive_dir.is_dir() and any(archive_dir.iterdir()):
        shutil.move(str(archive_dir), str(downloaded / f"archive-{stamp}"))
    archive_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(zip_path, archive_dir / zip_path.name)
    result = run_nbgrader(course, "zip_collect", assignment, "--force",
                          f"--FileNameCollectorPlugin.named_regexp={pattern}")
    if result.returncode != 0:
        raise CourseError(f"nbgrader zip_collect failed:\n{nbgrader_errors(result)}")
    return Collected(students=sorted(found), skipped=skipped, replaced=existing)
