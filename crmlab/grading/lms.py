"""Grades and feedback back to the LMS, in the files Canvas's and Moodle's own import steps accept.

- :func:`canvas_gradebook`: Canvas's gradebook CSV (*Grades → Import*): ``Student`` ("Last, First"), ``ID``,
  ``SIS User ID``, ``SIS Login ID``, ``Section``, a ``Points Possible`` row, then one column per assignment
  (Canvas matches it by name, or creates it);
- :func:`moodle_worksheet`: Moodle's offline grading worksheet for one assignment (*Upload grading worksheet*):
  ``Identifier`` ("Participant 123456"), ``Full name``, ``Email address``, ``Grade``, ``Maximum Grade``,
  ``Feedback comments``…;
- :func:`feedback_zip`: every published feedback page, named as the LMS named the student's download, so that
  Moodle's *Upload multiple feedback files in a zip* and Canvas's *Re-upload submissions* put each page with
  its student.

Students the LMS does not know (no LMS id from the class list or a collect) are left out, and said so.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from crmlab.grading import collect as collecting
from crmlab.grading import roster
from crmlab.grading.course import CourseError


def _number(value) -> str:
    return f"{float(value):g}" if value not in ("", None) else ""


def canvas_gradebook(course: Path, rows: list[dict]) -> tuple[list[str], list[dict]]:
    """(columns, rows) of Canvas's gradebook import: one row per student with a Canvas id."""
    from crmlab.grading.spec import load_spec

    listed = {s.id: s for s in roster.load(course)}
    assignments = list(dict.fromkeys(row["assignment"] for row in rows))
    titles = {a: load_spec(course, a).ASSIGNMENT.title for a in assignments}
    columns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *titles.values()]
    points = {"Student": "Points Possible", **{titles[r["assignment"]]: _number(r["max_score"]) for r in rows}}
    table: dict[str, dict] = {}
    for row in rows:
        student = listed.get(row["student"])
        lms_id = student.lms_id if student else _collected_lms_id(course, row)
        if not lms_id:
            continue
        line = table.setdefault(row["student"], {
            "Student": f"{student.last_name}, {student.first_name}" if student and student.last_name
            else row["name"], "ID": lms_id, "SIS User ID": student.sis_id if student else "",
            "SIS Login ID": student.login if student else "", "Section": student.section if student else ""})
        line[titles[row["assignment"]]] = _number(row["score"]) if row["status"] == "graded" else ""
    return columns, [points, *table.values()]


def _collected_lms_id(course: Path, row: dict) -> str:
    return collecting.collected(course, row["assignment"]).get(row["student"], {}).get("lms_id", "")


def moodle_worksheet(course: Path, assignment: str, rows: list[dict]) -> tuple[list[str], list[dict]]:
    """(columns, rows) of Moodle's grading worksheet for ``assignment``: one row per participant."""
    listed = {s.id: s for s in roster.load(course)}
    columns = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
               "Grade can be changed", "Feedback comments"]
    lines = []
    for row in (r for r in rows if r["assignment"] == assignment):
        student = listed.get(row["student"])
        participant = (student.lms_id if student else "") or _collected_lms_id(course, row)
        if not participant:
            continue
        graded = row["status"] == "graded"
        lines.append({"Identifier": f"Participant {participant}", "Full name": row["name"],
                      "Email address": student.email if student else "", "Status": row["status"],
                      "Grade": _number(row["score"]) if graded else "", "Maximum Grade": _number(row["max_score"]),
                      "Grade can be changed": "Yes",
                      "Feedback comments": "; ".join(p for p in (row["late"] and f"late by {row['late']}",
                                                                  row["flags"]) if p)})
    return columns, lines


def feedback_zip(course: Path, assignment: str, pages: list[Path], lms: str) -> tuple[Path, list[str]]:
    """A zip of ``pages`` (feedback/<student>/<assignment>/*.html) named as the LMS's download named each
    student's files; returns it and the students left out (never collected from this LMS)."""
    if lms not in collecting.LMS_LAYOUTS:
        raise CourseError(f"unknown LMS {lms!r}; use one of {', '.join(collecting.LMS_LAYOUTS)}")
    known = collecting.collected(course, assignment)
    target = course / "feedback" / f"{assignment}-{lms}-feedback.zip"
    left_out = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for page in pages:
            student = page.parent.parent.name
            info = known.get(student)
            if not info or not info.get("prefix"):
                left_out.append(student)
                continue
            # Canvas: lastfirst_userid_submissionid_<file>; Moodle: Full Name_participant_assignsubmission_file_/<file>
            archive.write(page, f"{info['prefix']}{assignment}-feedback.html")
    return target, left_out
