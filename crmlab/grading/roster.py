"""The class list: who is in the course, by which ids, under which names (``roster.csv`` in the course folder).

``crmlab roster FILE`` imports the class list an LMS exports:

- Canvas's gradebook export (*Grades → Export*): ``Student`` ("Last, First"), ``ID`` (the Canvas user id that
  submission file names carry), ``SIS User ID``, ``SIS Login ID``, ``Section``; its "Points Possible" row and
  Canvas's test student are skipped;
- Moodle's grading worksheet (*Assignment → Download grading worksheet*): ``Identifier`` ("Participant
  123456": the number submission folders carry), ``Full name``, ``Email address``, ``ID number``;
- any CSV with a column ``id`` (or ``student_id``, ``ID``) and, optionally, ``name``, ``email``, ``section``.

Each student gets a course id (:attr:`Student.id`): the id they type in their notebooks, that names their
folder in ``submitted/`` and the gradebook's row. It is their SIS id (student number) when the list gives every
student one, otherwise the LMS's own id; ``--id-column`` chooses another column. ``lms_id`` is the id in the
LMS's file names, which ``crmlab collect`` maps to the course id.
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from crmlab.grading.variants import StudentIdError, check_student_id

ROSTER = "roster.csv"


class RosterError(ValueError):
    """A class list that cannot be read (the message names the file, the row and what is wrong)."""


@dataclass(frozen=True)
class Student:
    """One student of the class list."""

    id: str
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_id: str = ""
    sis_id: str = ""
    login: str = ""
    section: str = ""


_CANVAS = ("Student", "ID", "SIS User ID")
_MOODLE = ("Identifier", "Full name")
_PARTICIPANT = re.compile(r"^\s*(?:Participant|参与者|Teilnehmer/in)\s*(\d+)\s*$")


def _split_name(name: str, last_first: bool) -> tuple[str, str]:
    if last_first and "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return first, last
    parts = name.split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (name, "")


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise RosterError(f"class list {path} does not exist")
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]
    except (UnicodeDecodeError, csv.Error) as error:
        raise RosterError(f"{path} is not a CSV file in UTF-8 ({error})") from None


def _from_canvas(row: dict[str, str]) -> Student | None:
    if row["Student"].strip() in ("Points Possible", "Student, Test", "Test Student") or not row["ID"]:
        return None
    first, last = _split_name(row["Student"], last_first=True)
    return Student(id="", name=f"{first} {last}".strip(), first_name=first, last_name=last, lms_id=row["ID"],
                   sis_id=row.get("SIS User ID", ""), login=row.get("SIS Login ID", ""), section=row.get("Section", ""))


def _from_moodle(row: dict[str, str]) -> Student | None:
    match = _PARTICIPANT.match(row["Identifier"])
    if not match:
        return None
    first, last = _split_name(row["Full name"], last_first=False)
    return Student(id="", name=row["Full name"], first_name=first, last_name=last, lms_id=match.group(1),
                   sis_id=row.get("ID number", ""), email=row.get("Email address", ""))


_PLAIN_IDS = ("id", "student_id", "ID", "Student ID")
_PLAIN_NAMES = ("name", "Name", "Student", "Full name")


def _from_plain(row: dict[str, str], column: str) -> Student | None:
    name = next((row[c] for c in _PLAIN_NAMES if row.get(c)), "")
    first, last = _split_name(name, last_first="," in name)
    return Student(id="", name=name, first_name=first, last_name=last, lms_id=row[column],
                   email=row.get("email", ""), section=row.get("section", ""), sis_id=row.get("sis_id", ""))


def read_class_list(path: Path | str, id_column: str | None = None) -> tuple[list[Student], str]:
    """The students of a class list CSV and the format it was read as ("canvas", "moodle" or "plain").

    Raises :class:`RosterError` naming the file, the line and what is wrong.
    """
    path = Path(path)
    rows = _rows(path)
    columns = list(rows[0]) if rows else []
    if all(c in columns for c in _CANVAS):
        kind, parse = "canvas", _from_canvas
    elif all(c in columns for c in _MOODLE):
        kind, parse = "moodle", _from_moodle
    elif plain := next((c for c in _PLAIN_IDS if c in columns), None):
        kind, parse = "plain", lambda row: _from_plain(row, plain)
    else:
        raise RosterError(f"{path} is neither a Canvas gradebook export, a Moodle grading worksheet nor a CSV with "
                          f"an 'id' column; its columns are {', '.join(columns) or 'none'}")
    read = [(number, row, student) for number, row in enumerate(rows, start=2) if (student := parse(row)) is not None]
    if id_column is not None and id_column not in columns:
        raise RosterError(f"{path} has no column {id_column!r}; its columns are {', '.join(columns)}")
    students, seen = [], {}
    by_sis = bool(read) and all(student.sis_id for _, _, student in read)
    for number, row, student in read:
        raw = row[id_column] if id_column else (student.sis_id if by_sis else student.lms_id)
        try:
            identity = check_student_id(raw)
        except StudentIdError as error:
            raise RosterError(f"{path}, line {number}: {error}") from None
        if identity in seen:
            raise RosterError(f"{path}, line {number}: student id {identity!r} appears twice (also line "
                              f"{seen[identity]})")
        seen[identity] = number
        students.append(Student(**{**asdict(student), "id": identity}))
    if not students:
        raise RosterError(f"{path} lists no student")
    return students, kind


def import_class_list(course: Path, source: Path | str, id_column: str | None = None) -> tuple[list[Student], str]:
    """Check ``source`` and save it as the course's ``roster.csv`` (the old one is replaced only if it reads);
    the names go into nbgrader's gradebook too, when there is one."""
    students, kind = read_class_list(source, id_column)
    write(course, students)
    _names_to_gradebook(course, students)
    return students, kind


def write(course: Path, students: list[Student]) -> Path:
    path = course / ROSTER
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(Student)])
        writer.writeheader()
        writer.writerows(asdict(s) for s in students)
    return path


def load(course: Path) -> list[Student]:
    """The course's class list ([] when there is none)."""
    path = course / ROSTER
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return [Student(**{f.name: row.get(f.name, "") for f in fields(Student)}) for row in csv.DictReader(handle)]


def student_ids(course: Path) -> list[str]:
    """The ids on the course's class list ([] when there is none)."""
    return [student.id for student in load(course)]


def by_lms_id(course: Path) -> dict[str, Student]:
    """The students of the class list by the id the LMS puts in file names."""
    return {student.lms_id: student for student in load(course) if student.lms_id}


def names(course: Path) -> dict[str, str]:
    """Course id → name, for everything an instructor reads."""
    return {student.id: student.name for student in load(course)}


def _names_to_gradebook(course: Path, students: list[Student]) -> None:
    """First and last names and emails in nbgrader's gradebook (formgrader shows them), if it exists."""
    from nbgrader.api import Gradebook

    from crmlab.grading.config import course_id, gradebook_url, has_gradebook

    if not has_gradebook(course):
        return
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        for student in students:
            gradebook.update_or_create_student(student.id, first_name=student.first_name or None,
                                               last_name=student.last_name or None, email=student.email or None)
