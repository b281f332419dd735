"""The class list: who is in the course (``roster.csv`` in the course folder).

``crmlab roster FILE`` imports a CSV with one row per student and a column of
student ids: ``id``, ``student_id``, Canvas's ``ID`` or Moodle's ``ID number``
(the id the LMS puts in submission file names), and optionally a name. Release
uses it to give every student on the list their self-check data.
"""

from __future__ import annotations

import csv
from pathlib import Path

from crmlab.grading.variants import StudentIdError, check_student_id

ROSTER = "roster.csv"
ID_COLUMNS = ("id", "student_id", "ID", "ID number", "Student ID")
NAME_COLUMNS = ("name", "Student", "Full name", "Name")


class RosterError(ValueError):
    """A class list that cannot be read (the message names the file, the row and what is wrong)."""


def read_class_list(path: Path | str) -> list[dict[str, str]]:
    """Rows (id, name) of a class list CSV; raises :class:`RosterError` naming what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"class list {path} does not exist")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    columns = rows[0].keys() if rows else []
    id_column = next((c for c in ID_COLUMNS if c in columns), None)
    if id_column is None:
        raise RosterError(f"{path} has no column of student ids (one of {', '.join(ID_COLUMNS)}); "
                          f"its columns are {', '.join(columns) or 'none'}")
    name_column = next((c for c in NAME_COLUMNS if c in columns), None)
    students, seen = [], set()
    for number, row in enumerate(rows, start=2):
        raw = (row.get(id_column) or "").strip()
        if not raw or raw.lower() in ("points possible", "student, test"):  # Canvas's extra rows
            continue
        try:
            student = check_student_id(raw)
        except StudentIdError as error:
            raise RosterError(f"{path}, line {number}: {error}") from None
        if student in seen:
            raise RosterError(f"{path}, line {number}: student id {student!r} appears twice")
        seen.add(student)
        students.append({"id": student, "name": (row.get(name_column) or "").strip() if name_column else ""})
    return students


def import_class_list(course: Path, source: Path | str) -> list[dict[str, str]]:
    """Check ``source`` and save it as the course's ``roster.csv`` (replacing the old one only if it reads)."""
    students = read_class_list(source)
    with open(course / ROSTER, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "name"])
        writer.writeheader()
        writer.writerows(students)
    return students


def student_ids(course: Path) -> list[str]:
    """The ids on the course's class list ([] when there is none)."""
    path = course / ROSTER
    return [row["id"] for row in read_class_list(path)] if path.is_file() else []
