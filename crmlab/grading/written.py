"""Grading the written answers without JupyterLab: one sheet to read, one CSV to fill, then import.

``crmlab written NAME`` writes ``written/NAME.html`` (every student's answer to each written part beside its
rubric and model answer, the student's HTML shown as text) and ``written/NAME.csv`` (a row per student and
written part: student, name, part, points, score, comment; scores already given are filled in).
``crmlab written NAME --import FILE`` checks every row first (known student and part, a score between 0 and
the part's points) and records them all in nbgrader's gradebook, or none: a bad row is named with its line.
The sheet is in the release's language (``crmlab release NAME --lang zh``: the Chinese prompts, model answers
and rubrics); the CSV's columns are the same in every language.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path

import nbformat

from crmlab import _lang
from crmlab.grading import roster
from crmlab.grading.answers import nbgrader_cells
from crmlab.grading.config import course_id, gradebook_url
from crmlab.grading.course import CourseError, check_assignment, find_course, release_lang
from crmlab.grading.spec import _points, load_spec

COLUMNS = ("student", "name", "part", "points", "score", "comment")

TEXT = _lang.Messages(
    title={"en": "Written answers: {assignment}", "zh": "书面作答：{assignment}"},
    part={"en": "{part} ({points})", "zh": "{part}（{points}）"},
    question={"en": "Question.", "zh": "题目。"},
    model={"en": "Model answer.", "zh": "参考答案。"},
    no_answer={"en": "(no answer)", "zh": "（未作答）"},
)
"""The sheet's headings, in the release's language."""


def _answers(course: Path, assignment: str) -> dict[str, dict[str, str]]:
    """student → written part → the text they handed in (as graded: the autograded notebook)."""
    found = {}
    for path in sorted((course / "autograded").glob(f"*/{assignment}/{assignment}.ipynb")):
        cells = nbgrader_cells(nbformat.read(path, as_version=4))
        found[path.parent.parent.name] = {gid: cell.source for gid, cell in cells.items()
                                          if cell.cell_type == "markdown" and cell.metadata["nbgrader"].get("solution")}
    return found


def write_sheet(course: Path | str, assignment: str) -> tuple[Path, Path]:
    """The HTML sheet and the CSV to fill, in ``written/``."""
    from nbgrader.api import Gradebook

    course = find_course(course)
    check_assignment(course, assignment)
    spec = load_spec(course, assignment).ASSIGNMENT
    answers = _answers(course, assignment)
    if not answers:
        raise CourseError(f"nothing autograded for {assignment} yet: run `crmlab autograde {assignment}` first")
    names = roster.names(course)
    lang = release_lang(course, assignment)
    folder = course / "written"
    folder.mkdir(exist_ok=True)
    rows, sections = [], []
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        for part in spec.written:
            heading = TEXT("part", lang, part=part.grade_id, points=_points(part.points, lang))
            sections.append(f"<h2>{html.escape(heading)}</h2>"
                            f"<p><strong>{TEXT('question', lang)}</strong> "
                            f"{html.escape(spec.written_prompt(part, lang).strip())}</p>"
                            f"<p><strong>{TEXT('model', lang)}</strong> "
                            f"{html.escape(spec.model_answer(part, lang).strip())}</p>"
                            f"<pre>{html.escape(spec.rubric_text(part, lang))}</pre>")
            for student, theirs in answers.items():
                grade = gradebook.find_grade(part.grade_id, assignment, assignment, student)
                comment = gradebook.find_comment(part.grade_id, assignment, assignment, student)
                rows.append({"student": student, "name": names.get(student, ""), "part": part.grade_id,
                             "points": part.points, "score": "" if grade.manual_score is None else grade.manual_score,
                             "comment": comment.manual_comment or ""})
                sections.append(f"<h3>{html.escape(student)} {html.escape(names.get(student, ''))}</h3>"
                                f"<blockquote>{html.escape(theirs.get(part.grade_id, TEXT('no_answer', lang)))}"
                                "</blockquote>")
    page = folder / f"{assignment}.html"
    title = html.escape(TEXT("title", lang, assignment=assignment))
    page.write_text(f'<!DOCTYPE html><html lang="{_lang.HTML_LANG[lang]}"><head><meta charset="utf-8"><title>'
                    f"{title}</title><style>body{{font-family:sans-serif;max-width:52rem;margin:"
                    "2rem auto}blockquote{border-left:4px solid #ccc;margin:0;padding:.25rem 1rem;white-space:"
                    f"pre-wrap}}</style></head><body><h1>{title}</h1>"
                    f"{''.join(sections)}</body></html>", encoding="utf-8")
    sheet = folder / f"{assignment}.csv"
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return page, sheet


def import_scores(course: Path | str, assignment: str, sheet: Path | str) -> int:
    """Record the filled sheet's scores and comments in the gradebook (all rows, or none); returns how many."""
    from nbgrader.api import Gradebook, MissingEntry

    course = find_course(course)
    check_assignment(course, assignment)
    points = {part.grade_id: part.points for part in load_spec(course, assignment).ASSIGNMENT.written}
    sheet = Path(sheet)
    if not sheet.is_file():
        raise CourseError(f"sheet {sheet} does not exist")
    with open(sheet, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    missing = [c for c in ("student", "part", "score") if rows and c not in rows[0]]
    if missing or not rows:
        raise CourseError(f"{sheet} needs the columns student, part and score (the sheet `crmlab written "
                          f"{assignment}` writes); nothing was recorded")
    checked = []
    for number, row in enumerate(rows, start=2):
        part, text = row["part"].strip(), row["score"].strip()
        if part not in points:
            raise CourseError(f"{sheet}, line {number}: no written part {part!r} in {assignment} (it has "
                              f"{', '.join(points)}); nothing was recorded")
        if not text:
            continue  # not graded yet: left as it is
        try:
            score = float(text.replace(",", "."))
        except ValueError:
            raise CourseError(f"{sheet}, line {number}: score {text!r} is not a number; nothing was recorded") from None
        if not 0 <= score <= points[part]:
            raise CourseError(f"{sheet}, line {number}: score {score:g} is outside 0–{points[part]} for {part}; "
                              "nothing was recorded")
        checked.append((number, row["student"].strip(), part, score, (row.get("comment") or "").strip()))
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        grades = []
        for number, student, part, score, comment in checked:
            try:
                grades.append((gradebook.find_grade(part, assignment, assignment, student),
                               gradebook.find_comment(part, assignment, assignment, student), score, comment))
            except MissingEntry:
                raise CourseError(f"{sheet}, line {number}: student {student!r} has no graded submission of "
                                  f"{assignment}; nothing was recorded") from None
        for grade, note, score, comment in grades:
            grade.manual_score, grade.needs_manual_grade = score, False
            note.manual_comment = comment or None
        gradebook.db.commit()
    return len(checked)
