"""Made-up student submissions, for tests of the grading pipeline and for ``bench/autograde.py``.

Each starts from the *release* notebook (what a student downloads) and fills its
answer cells: with the model solution, with wrong answers, or with a solution
plus extra code (an attack, a crash, a long loop) inserted before it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from crmlab.grading.answers import Expect
from crmlab.grading.config import course_id
from crmlab.grading.spec import EVERYONE, STUDENT_ID_LINE, load_spec


def _wrong(name: str, expect: Expect) -> str:
    if expect.kind == "number":
        return f"{name} = {expect.value + 1000 + 10 * expect.tol!r}"
    if expect.kind == "text":
        return f"{name} = 'not the answer'"
    if expect.kind == "flag":
        return f"{name} = None  # neither True nor False: wrong whatever the student's numbers"
    labels = expect.value if isinstance(expect.value, dict) else dict(enumerate(expect.value))
    filler = -1000.0 if expect.kind == "numbers" else "not the answer"
    values = {k: filler for k in labels}
    return f"{name} = {values!r}" if isinstance(expect.value, dict) else f"{name} = {list(values.values())!r}"


def submission(course: Path | str, assignment: str, answers: str = "solution", before: str = "",
               student_id: str = "", values: dict | None = None) -> nbformat.NotebookNode:
    """A student notebook: ``answers`` is ``"solution"``, ``"wrong"`` or ``"blank"`` (the release untouched),
    or ``"values"``: each answer set to a literal from ``values`` (name → value: a classmate's copied answers);
    ``before`` is code put in a new cell before the first answer cell; ``student_id`` is typed in the id cell
    (left empty, the grader supplies the submitter's id, as JupyterHub does)."""
    course = Path(course)
    nb = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    spec = load_spec(course, assignment).ASSIGNMENT
    parts = {f"{part.grade_id}-answer": part for part in spec.parts}
    key = spec.key(course_id(course), EVERYONE)
    first = None
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        part = parts.get(grade_id)
        if part is not None:
            first = index if first is None else first
            if answers == "solution":
                cell.source = part.solution
            elif answers == "wrong":
                cell.source = "\n".join(_wrong(name, expect) for name, expect in key[part.grade_id].items())
            elif answers == "values":
                cell.source = "\n".join(f"{name} = {values[name]!r}" for name in key[part.grade_id])
        elif answers != "blank" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "The figures say the customer picks the offer with the larger delivered value."
        elif cell.cell_type == "code" and cell.source.rstrip().endswith(STUDENT_ID_LINE):
            cell.source = cell.source.replace('student_id = ""', f"student_id = {student_id!r}")
    if before:
        nb.cells.insert(first, nbformat.v4.new_code_cell(before))
    return nb


def canvas_name(student: dict) -> str:
    """How Canvas writes a student's name at the front of a download's file names: last and first, lower case,
    letters only (accents and Chinese kept)."""
    return "".join(ch for ch in f"{student['last']}{student['first']}".lower() if ch.isalnum())


def canvas_gradebook_csv(students: list[dict]) -> str:
    """A Canvas gradebook export (the class list) for ``students`` (dicts: first, last, canvas_id, sis_id, …)."""
    lines = ["Student,ID,SIS User ID,SIS Login ID,Section,Exercise 1 (4401)",
             "    Points Possible,,,,,17"]
    for s in students:
        lines.append(f'"{s["last"]}, {s["first"]}",{s["canvas_id"]},{s["sis_id"]},{s.get("login", "")},'
                     f'{s.get("section", "A")},')
    lines.append("\"Student, Test\",9999999,,,A,")
    return "\n".join(lines) + "\n"


def moodle_worksheet_csv(students: list[dict]) -> str:
    """A Moodle grading worksheet (the class list) for ``students`` (dicts: first, last, participant, email, …)."""
    lines = ["Identifier,Full name,Email address,ID number,Status,Grade,Maximum Grade,Grade can be changed,"
             "Last modified (submission),Last modified (grade),Feedback comments"]
    for s in students:
        lines.append(f'Participant {s["participant"]},"{s["first"]} {s["last"]}",{s["email"]},{s.get("sis_id", "")},'
                     "No submission,,17.00,Yes,-,-,")
    return "\n".join(lines) + "\n"
