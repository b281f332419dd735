"""Grade export and the instructor's per-assignment report.

Both read the status records that :func:`crmlab.grading.autograde.autograde`
writes and nbgrader's gradebook, so that every student × assignment is
``graded`` (with its score), ``failed to grade`` (with the reason),
``not graded yet`` (submitted, not autograded) or ``missing`` — a notebook
that could not be graded never appears as a score of 0.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
from collections import Counter
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from crmlab.grading import collect as collecting
from crmlab.grading import late, outcomes, roster
from crmlab.grading.answers import nbgrader_cells, receipts
from crmlab.grading.config import course_id, gradebook_url, has_gradebook
from crmlab.grading.course import CourseError, check_assignment, find_course

EXPORT_COLUMNS = ("student", "name", "sis_id", "section", "assignment", "status", "score", "max_score",
                  "score_before_penalty", "auto_score", "manual_score", "manual_grading_pending", "submitted",
                  "late", "penalty", "sandbox", "flags", "reason")
STATES = ("graded", "failed to grade", "not graded yet", "not submitted", "not collected yet")
"""What a row's status can say: a failed or ungraded submission never shows as a score, and "not submitted"
only for an assignment that was collected (before that: "not collected yet")."""


def _statuses(course: Path, assignment: str) -> dict[str, dict]:
    return {student: asdict(outcome) for student, outcome in outcomes.records(course, assignment).items()}


def _manual_score(submission, auto_cells: dict) -> float:
    """The points of the manually graded (written) cells, from the gradebook."""
    return sum(grade.score or 0.0 for notebook in submission.notebooks for grade in notebook.grades
               if grade.name not in auto_cells)


def _submitted_at(course: Path, assignment: str, student: str) -> datetime | None:
    stamp = course / "submitted" / student / assignment / "timestamp.txt"
    if not stamp.is_file():
        return None
    text = stamp.read_text(encoding="utf-8").strip().removesuffix(" UTC")
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return None


def grade_rows(course: Path | str) -> list[dict]:
    """One row per student × released assignment (see :data:`EXPORT_COLUMNS` and :data:`STATES`), with the
    class list's names and the late policy applied."""
    from nbgrader.api import Gradebook

    course = find_course(course)
    if not has_gradebook(course):
        raise CourseError(f"{course} has no gradebook yet: release an assignment first (`crmlab release NAME`)")
    listed = {student.id: student for student in roster.load(course)}
    rules, dues = late.policy(course), late.due_dates(course)
    rows = []
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        released = [a.name for a in gradebook.assignments]
        students = set(listed) | {s.id for s in gradebook.students}
        statuses = {a: _statuses(course, a) for a in released}
        for a in released:
            students |= set(statuses[a]) | {p.parent.name for p in (course / "submitted").glob(f"*/{a}")}
        for assignment in released:
            max_score = gradebook.find_assignment(assignment).max_score
            was_collected = bool(collecting.collected(course, assignment)) or any(
                (course / "submitted").glob(f"*/{assignment}"))
            for student in sorted(students):
                known = listed.get(student)
                row = dict.fromkeys(EXPORT_COLUMNS, "")
                row.update(student=student, assignment=assignment, max_score=max_score,
                           name=known.name if known else _gradebook_name(gradebook, student),
                           sis_id=known.sis_id if known else "", section=known.section if known else "")
                submitted = _submitted_at(course, assignment, student)
                if submitted is not None:
                    row["submitted"] = submitted.isoformat()
                    due = dues.get(assignment)
                    if due is not None:
                        seconds = (submitted - due - rules.extension(student, assignment)).total_seconds()
                        row["late"] = late.duration(seconds) if seconds > 0 else ""
                        row["penalty"] = rules.penalty(seconds) if seconds > 0 else 0.0
                status = statuses[assignment].get(student)
                if status and not outcomes.up_to_date(course, assignment, student, status["sandboxed"]):
                    row.update(status="not graded yet", reason="the submission changed after it was graded")
                elif status and status["status"] == "failed":
                    row.update(status="failed to grade", reason=status["reason"].splitlines()[0],
                               sandbox="on" if status["sandboxed"] else "off")
                elif status:
                    # The auto score is the verified one of the record; the written parts come from the gradebook.
                    submission = gradebook.find_submission(assignment, student)
                    auto = sum(c["score"] for c in status["cells"].values())
                    manual = _manual_score(submission, status["cells"])
                    before = auto + manual
                    notes = status["notes"] + ([] if status["sandboxed"] else ["graded without the sandbox"])
                    row.update(status="graded", score_before_penalty=before, auto_score=auto, manual_score=manual,
                               score=round(before - (row["penalty"] or 0.0) * max_score, 2) if row["penalty"]
                               else before, manual_grading_pending=submission.needs_manual_grade,
                               sandbox="on" if status["sandboxed"] else "off", flags="; ".join(status["flags"]),
                               reason="; ".join(notes))
                elif (course / "submitted" / student / assignment).is_dir():
                    row["status"] = "not graded yet"
                else:
                    row["status"] = "not submitted" if was_collected else "not collected yet"
                rows.append(row)
    return rows


def _gradebook_name(gradebook, student: str) -> str:
    found = next((s for s in gradebook.students if s.id == student), None)
    return " ".join(p for p in (found.first_name, found.last_name) if p) if found else ""


def wide_rows(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """The long rows as a gradebook: one row per student (names, ids), one column per assignment (the score
    after late penalties, or the state when there is none), and the total."""
    assignments = list(dict.fromkeys(row["assignment"] for row in rows))
    table: dict[str, dict] = {}
    for row in rows:
        line = table.setdefault(row["student"], {"student": row["student"], "name": row["name"],
                                                 "sis_id": row["sis_id"], "section": row["section"], "total": 0.0})
        line[row["assignment"]] = row["score"] if row["status"] == "graded" else row["status"]
        if row["status"] == "graded":
            line["total"] += float(row["score"])
    return ["student", "name", "sis_id", "section", *assignments, "total"], list(table.values())


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


EXPORT_FORMATS = ("long", "wide", "canvas", "moodle")


def export(course: Path | str, output: Path | str | None = None, form: str = "long",
           assignment: str | None = None) -> Path:
    """Write the grades as CSV: ``long`` (one row per student × assignment, default ``<course>/grades.csv``),
    ``wide`` (a gradebook), ``canvas`` (Canvas's gradebook import) or ``moodle`` (one assignment's grading
    worksheet, for Moodle's "Upload grading worksheet")."""
    course = find_course(course)
    if form not in EXPORT_FORMATS:
        raise CourseError(f"unknown export format {form!r}; use one of {', '.join(EXPORT_FORMATS)}")
    rows = grade_rows(course)
    default = {"long": "grades.csv", "wide": "grades-wide.csv", "canvas": "grades-canvas.csv",
               "moodle": f"grades-moodle-{assignment}.csv"}[form]
    path = Path(output) if output else course / default
    if form == "long":
        return write_csv(path, list(EXPORT_COLUMNS), rows)
    if form == "wide":
        return write_csv(path, *wide_rows(rows))
    from crmlab.grading import lms

    if form == "canvas":
        return write_csv(path, *lms.canvas_gradebook(course, rows))
    if assignment is None:
        raise CourseError("a Moodle grading worksheet is for one assignment: pass --assignment NAME")
    check_assignment(course, assignment)
    return write_csv(path, *lms.moodle_worksheet(course, assignment, rows))


def _figure_html(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return f'<img alt="" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def _table(headers: list[str], rows: list[list], empty: str = "none") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body or f'<tr><td colspan={len(headers)}>{empty}</td></tr>'}</table>"


def _wrong_answers(course: Path, assignment: str, graded: list[dict]) -> Counter:
    """(part, answer name, the wrong value as recorded) → how many students gave it."""
    wrong: Counter = Counter()
    for status in graded:
        path = course / "autograded" / status["student"] / assignment / f"{assignment}.ipynb"
        if not path.is_file():
            continue
        cells = nbgrader_cells(nbformat.read(path, as_version=4))
        for part, verdict in status["cells"].items():
            if verdict["passed"] or part not in cells:
                continue
            for name, values in receipts(cells[part]).items():
                wrong[(part, name, json.dumps(values[0], ensure_ascii=False)[:80])] += 1
    return wrong


def report(course: Path | str, assignment: str, output: Path | str | None = None) -> Path:
    """An HTML report of one assignment: scores over its full points, each part's pass rate, the commonest wrong
    answers and failing messages per part, written answers still to grade, late submissions, flags, failures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import crmlab.plots  # noqa: F401  (the course style)

    course = find_course(course)
    check_assignment(course, assignment)
    statuses = _statuses(course, assignment)
    if not statuses:
        raise CourseError(f"nothing graded for {assignment} yet: run `crmlab autograde {assignment}` first")
    rows = [row for row in grade_rows(course) if row["assignment"] == assignment]
    by_student = {row["student"]: row for row in rows}
    graded = [s for s in statuses.values() if s["status"] == "graded"]
    failed = [s for s in statuses.values() if s["status"] == "failed"]
    questions = list(graded[0]["cells"]) if graded else []
    counted = [row for row in rows if row["status"] == "graded"]
    pending = [row for row in counted if row["manual_grading_pending"]]
    parts = [f"<h1>Report: {html.escape(assignment)}</h1>",
             f"<p>{len(statuses)} submissions: {len(graded)} graded, {len(failed)} failed to grade "
             "(not counted as 0 below; see the last table); written answers graded for "
             f"{len(counted) - len(pending)} of {len(counted)}.</p>"]
    if counted:
        top = float(counted[0]["max_score"])
        scores = [float(row["score"]) for row in counted]
        figure, ax = plt.subplots(figsize=(7, 3.5))
        ax.hist(scores, bins=[x - 0.5 for x in range(int(top) + 2)], color="#3572a5", edgecolor="white")
        ax.set(xlabel=f"score (out of {top:g}: auto-graded and written, after late penalties)", ylabel="students",
               title="Score distribution")
        parts += ["<h2>Score distribution</h2>", _figure_html(figure),
                  f"<p>Out of {top:g} points. Mean {sum(scores) / len(scores):.2f}, min {min(scores):g}, max "
                  f"{max(scores):g}" + (f"; {len(pending)} still have written answers to grade, so their scores "
                                        "are partial" if pending else "") + ".</p>"]
        plt.close(figure)
    if graded:
        rates = [sum(s["cells"][q]["passed"] for s in graded) / len(graded) for q in questions]
        figure, ax = plt.subplots(figsize=(7, 0.45 * len(questions) + 1))
        ax.barh(questions[::-1], [r * 100 for r in rates[::-1]], color="#4c9f70")
        ax.set(xlim=(0, 100), xlabel="% of graded submissions passing", title="Pass rate per question")
        parts += ["<h2>Pass rate per question</h2>", _figure_html(figure),
                  _table(["question", "pass rate"], [[q, f"{r:.0%}"] for q, r in zip(questions, rates)])]
        plt.close(figure)
        wrong = _wrong_answers(course, assignment, graded)
        parts += ["<h2>Most common wrong answers</h2>",
                  _table(["students", "question", "answer", "recorded value"],
                         [[n, q, name, value] for (q, name, value), n in wrong.most_common(15)])]
        messages = Counter((q, s["cells"][q]["message"]) for s in graded for q in questions
                           if not s["cells"][q]["passed"])
        parts += ["<h2>Most common failing test messages</h2>",
                  _table(["students", "question", "message"],
                         [[n, q, m[:300]] for (q, m), n in messages.most_common(15)])]
    parts += ["<h2>Written answers to grade</h2>",
              _table(["student", "name"], [[row["student"], row["name"]] for row in pending], "all graded")]
    parts += ["<h2>Late submissions</h2>",
              _table(["student", "name", "late by", "penalty"],
                     [[r["student"], r["name"], r["late"], f"{float(r['penalty'] or 0):.0%}"]
                      for r in rows if r["late"]])]
    parts += ["<h2>To look at</h2>",
              _table(["student", "name", "flag"], [[s["student"], by_student.get(s["student"], {}).get("name", ""),
                                                    "; ".join(s["flags"])] for s in graded if s["flags"]],
                     "nothing flagged")]
    parts += ["<h2>Failed to grade</h2>",
              _table(["student", "name", "reason"], [[s["student"], by_student.get(s["student"], {}).get("name", ""),
                                                      s["reason"].splitlines()[0]] for s in failed])]
    style = ("body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
             "img{max-width:100%}")
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report: {html.escape(assignment)}'
            f"</title><style>{style}</style></head><body>{''.join(parts)}</body></html>")
    path = Path(output) if output else course / "reports" / f"{assignment}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
