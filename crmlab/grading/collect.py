"""Collect an LMS download into ``submitted/``: safely, all or nothing, with a line for every file.

:func:`collect` reads the zip an LMS gives ("Download submissions" in Canvas, "Download all submissions" in
Moodle) without trusting anything in it but its layout:

- the student comes only from the *outer* name of each member, as the LMS wrote it (Canvas:
  ``lastfirst_[LATE_]userid_submissionid_file``; Moodle: ``Full Name_participant_assignsubmission_file_/file``)
  and is mapped to the course id through the class list; a student missing from the list is collected
  under the LMS's id and reported;
- nothing inside is unpacked: an archive a student uploaded stays a file in their own folder;
- limits on the download's size, the number of members, each member's size and its compression ratio; a
  symbolic link, an unsafe path or a file type the course does not take is skipped, with the reason;
- two uploads of the same file: the later one (by the time in the zip) is kept, and the report says which;
- everything is written to a staging folder first and swapped in only when all of it succeeded (earlier
  submissions, with ``replace``, move to ``replaced/<time>/``): a failure changes nothing.

The report (:class:`Collected`, and ``downloaded/<assignment>/collect-<time>.csv``) has one line per file of
the download: collected, kept (a later re-upload), replaced by a later upload, or skipped, and why; with how
late each submission is. Submission times (from the zip) go into nbgrader's ``timestamp.txt``.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import shutil
import stat
import time
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from crmlab.grading import late, roster

LMS_LAYOUTS = {
    # Canvas "Download submissions": lastfirst_[LATE_]userid_submissionid_file[-n].ext, flat.
    "canvas": re.compile(r"^(?P<name>[^/_]+)_(?P<late>LATE_|late_)?(?P<lms_id>\d+)_(?P<submission>\d+)_"
                         r"(?P<file>[^/]+)$"),
    # Moodle "Download all submissions": Full Name_participant_assignsubmission_file_/file (or flat, without "/").
    "moodle": re.compile(r"^(?P<name>[^/]+?)_(?P<lms_id>\d+)_assignsubmission_(?:file|onlinetext)_/?"
                         r"(?P<file>[^/].*)$"),
}
TAKEN = (".ipynb", ".py", ".csv", ".txt", ".md", ".png", ".jpg", ".jpeg", ".json", ".xlsx", ".pdf",
         ".zip", ".tar", ".gz", ".tgz", ".7z", ".rar")
"""File types collect takes (archives are kept as files, never unpacked)."""
ARCHIVES = (".zip", ".tar", ".gz", ".tgz", ".7z", ".rar")


@dataclass(frozen=True)
class Limits:
    """What one download may hold."""

    download_mib: int = 2048
    members: int = 20_000
    member_mib: int = 100
    total_mib: int = 4096
    ratio: int = 200


class CollectError(ValueError):
    """The download cannot be collected (the message says why); nothing was changed."""


@dataclass
class FileLine:
    """What collect did with one member of the download."""

    member: str
    student: str = ""
    name: str = ""
    action: str = "skipped"  # collected, kept, replaced, skipped
    why: str = ""
    submitted: str = ""
    late: str = ""


@dataclass
class Collected:
    """What :func:`collect` did."""

    assignment: str
    students: list[str] = field(default_factory=list)
    lines: list[FileLine] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    report: Path | None = None

    @property
    def skipped(self) -> list[FileLine]:
        return [line for line in self.lines if line.action == "skipped"]


def _open(path: Path, limits: Limits) -> zipfile.ZipFile:
    if not path.is_file():
        raise CollectError(f"zip file {path} does not exist")
    if path.stat().st_size > limits.download_mib * 1024 * 1024:
        raise CollectError(f"{path} is larger than {limits.download_mib} MiB; collect it in parts")
    if not zipfile.is_zipfile(path):
        raise CollectError(f"{path} is not a zip file (is the download complete?)")
    archive = zipfile.ZipFile(path)
    try:
        broken = archive.testzip()
    except Exception as error:  # noqa: BLE001 - zlib errors, truncated members, unsupported compression …
        raise CollectError(f"{path} is corrupt: {error}") from None
    if broken is not None:
        raise CollectError(f"{path} is corrupt: member {broken!r} fails its checksum")
    members = archive.infolist()
    if len(members) > limits.members:
        raise CollectError(f"{path} has {len(members)} members, more than the limit of {limits.members}")
    total = sum(member.file_size for member in members)
    if total > limits.total_mib * 1024 * 1024:
        raise CollectError(f"{path} would unpack to {total / 2**20:.0f} MiB, more than the limit of "
                           f"{limits.total_mib} MiB (a zip bomb?)")
    return archive


def _unsafe(member: zipfile.ZipInfo) -> str:
    """Why a member must not be written anywhere, or '' (checked before its name is even read as a student's)."""
    path = PurePosixPath(member.filename)
    if member.filename.startswith("/") or ".." in path.parts or "\\" in member.filename or "\0" in member.filename:
        return "unsafe path"
    if stat.S_ISLNK(member.external_attr >> 16):
        return "a symbolic link"
    return ""


def _problem(member: zipfile.ZipInfo, limits: Limits) -> str:
    """Why a member is not taken, or ''."""
    path = PurePosixPath(member.filename)
    if member.file_size > limits.member_mib * 1024 * 1024:
        return f"larger than {limits.member_mib} MiB"
    if member.compress_size and member.file_size / member.compress_size > limits.ratio:
        return f"compressed more than {limits.ratio} to 1 (a zip bomb?)"
    if path.suffix.lower() not in TAKEN:
        return f"not a file type the course takes ({path.suffix or 'no extension'})"
    return ""


def _time(member: zipfile.ZipInfo) -> datetime:
    """When the LMS says the file was submitted (the member's time in the zip, read as UTC)."""
    return datetime(*member.date_time, tzinfo=UTC)


def collect(course: Path, assignment: str, zip_path: Path | str, lms: str = "canvas", replace: bool = False,
            limits: Limits = Limits()) -> Collected:
    """Collect ``zip_path`` into ``submitted/<student>/<assignment>/``; see the module docstring."""
    if lms not in LMS_LAYOUTS:
        raise CollectError(f"unknown LMS layout {lms!r}; use one of {', '.join(LMS_LAYOUTS)}")
    if not (course / "release" / assignment).is_dir():
        raise CollectError(f"{assignment} has not been released yet: run `crmlab release {assignment}` first")
    zip_path = Path(zip_path).expanduser().resolve()
    layout, listed = LMS_LAYOUTS[lms], roster.by_lms_id(course)
    result = Collected(assignment)
    chosen: dict[tuple[str, str], tuple[zipfile.ZipInfo, FileLine]] = {}
    people: dict[str, dict] = {}
    with _open(zip_path, limits) as archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            line = FileLine(member.filename)
            result.lines.append(line)
            if unsafe := _unsafe(member):
                line.why = unsafe
                continue
            match = layout.match(member.filename)
            if not match:
                line.why = f"name not in the {lms} layout"
                continue
            student = listed.get(match["lms_id"])
            line.student = student.id if student else match["lms_id"]
            line.name = student.name if student else match["name"]
            if student is None and listed and match["lms_id"] not in result.unknown:
                result.unknown.append(match["lms_id"])
            if problem := _problem(member, limits):
                line.why = problem
                continue
            target = re.sub(rf"^{re.escape(assignment)}-\d+\.ipynb$", f"{assignment}.ipynb", match["file"])
            line.action, line.submitted = "collected", _time(member).isoformat()
            if PurePosixPath(target).suffix.lower() in ARCHIVES:
                line.why = "an archive: kept as a file in the student's own folder, not unpacked"
            people.setdefault(line.student, {"lms_id": match["lms_id"], "name": line.name, "late_marker": False,
                                             "prefix": member.filename[: match.start("file")], "files": {}})
            people[line.student]["late_marker"] |= bool(match.groupdict().get("late"))
            earlier = chosen.get((line.student, target))
            if earlier is not None:
                first, second = sorted([earlier, (member, line)], key=lambda pair: (_time(pair[0]), pair[0].filename))
                first[1].action, first[1].why = "replaced", f"replaced by a later upload ({second[0].filename})"
                second[1].action, second[1].why = "kept", f"the later of two uploads of {target}"
                chosen[(line.student, target)] = second
            else:
                chosen[(line.student, target)] = (member, line)
        result.students = sorted(people)
        if not result.students:
            seen = "; ".join(f"{line.member}: {line.why}" for line in result.lines[:3])
            raise CollectError(f"nothing to collect in {zip_path.name} (is this the right LMS, {lms}?): {seen}")
        existing = [s for s in result.students if (course / "submitted" / s / assignment).is_dir()
                    and any((course / "submitted" / s / assignment).iterdir())]
        if existing and not replace:
            raise CollectError(f"{len(existing)} student(s) already have a submission for {assignment} "
                               f"({', '.join(existing[:5])}); nothing was changed. Use --replace to take the new "
                               "ones (the old ones are kept in replaced/)")
        due = late.due_dates(course).get(assignment)
        stage = course / f".collect-{assignment}-{os.getpid()}-{time.time_ns()}"
        try:
            for (student, target), (member, _) in chosen.items():
                destination = stage / student / target
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(destination, "wb") as sink:
                    shutil.copyfileobj(source, sink)
                people[student]["files"][target] = member.filename
            for student, info in people.items():
                submitted = max(_time(m) for (s, _), (m, _) in chosen.items() if s == student)
                info["submitted"] = submitted.isoformat()
                (stage / student).mkdir(parents=True, exist_ok=True)
                (stage / student / "timestamp.txt").write_text(submitted.strftime("%Y-%m-%d %H:%M:%S.%f UTC"),
                                                               encoding="utf-8")
                lateness = late.describe(submitted, due, info["late_marker"])
                for line in result.lines:
                    if line.student == student and line.action in ("collected", "kept"):
                        line.late = lateness
            stamp = time.strftime("%Y%m%d-%H%M%S")
            result.replaced = _swap_in(course, assignment, stage, result.students, stamp)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    _remember(course, assignment, people)
    _names_to_gradebook(course, people)
    result.report = _save_report(course, assignment, zip_path, result, stamp)
    return result


def _swap_in(course: Path, assignment: str, stage: Path, students: list[str], stamp: str) -> list[str]:
    """Move each staged submission into ``submitted/`` (an earlier one to ``replaced/``); undo all on failure."""
    done: list[tuple[Path, Path]] = []
    replaced = []
    try:
        for student in students:
            final = course / "submitted" / student / assignment
            if final.exists():
                keep = course / "replaced" / stamp / student / assignment
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.replace(final, keep)
                done.append((keep, final))
                replaced.append(student)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / student, final)
            done.append((final, stage / student))
    except OSError as error:
        for moved, back in reversed(done):
            with contextlib.suppress(OSError):
                os.replace(moved, back)
        raise CollectError(f"could not move the collected submissions into place ({error}); nothing was "
                           "changed") from None
    return replaced


COLLECTED = "collected"
"""``collected/<assignment>.json``: per student, what the LMS said (its id, the name, the file-name prefix the
feedback zip must use, the submission time, the LMS's late marker)."""


def _remember(course: Path, assignment: str, people: dict[str, dict]) -> None:
    path = course / COLLECTED / f"{assignment}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    known.update(people)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(known, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def collected(course: Path, assignment: str) -> dict[str, dict]:
    """What collect remembered of each student of ``assignment`` ({} if it was never collected)."""
    path = course / COLLECTED / f"{assignment}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _names_to_gradebook(course: Path, people: dict[str, dict]) -> None:
    from nbgrader.api import Gradebook

    from crmlab.grading.config import course_id, gradebook_url, has_gradebook

    if not has_gradebook(course):
        return
    listed = {s.id: s for s in roster.load(course)}
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        for student, info in people.items():
            known = listed.get(student)
            first, last = (known.first_name, known.last_name) if known else roster._split_name(info["name"], False)
            gradebook.update_or_create_student(student, first_name=first or None, last_name=last or None,
                                               email=(known.email or None) if known else None)


def _save_report(course: Path, assignment: str, zip_path: Path, result: Collected, stamp: str) -> Path:
    folder = course / "downloaded" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(zip_path, folder / f"{stamp}-{zip_path.name}")
    path = folder / f"collect-{stamp}.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(asdict(FileLine(""))))
        writer.writeheader()
        writer.writerows(asdict(line) for line in result.lines)
    return path
