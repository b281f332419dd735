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
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from crmlab.grading import outcomes
from crmlab.grading.config import course_id, gradebook_url, has_gradebook
from crmlab.grading.course import CourseError, check_assignment, find_course

EXPORT_COLUMNS = ("student", "assignment", "status", "score", "max_score", "auto_score", "manual_grading_pending",
                  "sandbox", "flags", "reason")


def _statuses(course: Path, assignment: str) -> dict[str, dict]:
    return {student: asdict(outcome) for student, outcome in outcomes.records(course, assignment).items()}


def _manual_score(submission, auto_cells: dict) -> float:
    """The points of the manually graded (written) cells, from the gradebook."""
    return sum(grade.score or 0.0 for notebook in submission.notebooks for grade in notebook.grades
               if grade.name not in auto_cells)


def grade_rows(course: Path | str) -> list[dict]:
    """One row per student × assignment in the gradebook (see :data:`EXPORT_COLUMNS`)."""
    from nbgrader.api import Gradebook, MissingEntry

    course = find_course(course)
    if not has_gradebook(course):
        raise CourseError(f"{course} has no gradebook yet: release an assignment first (`crmlab release NAME`)")
    rows = []
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        released = [a.name for a in gradebook.assignments]
        students = {s.id for s in gradebook.students}
        statuses = {a: _statuses(course, a) for a in released}
        for a in released:
            students |= set(statuses[a]) | {p.parent.name for p in (course / "submitted").glob(f"*/{a}")}
        for assignment in released:
            max_score = gradebook.find_assignment(assignment).max_score
            for student in sorted(students):
                row = dict.fromkeys(EXPORT_COLUMNS, "")
                row.update(student=student, assignment=assignment, max_score=max_score)
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
                    notes = status["notes"] + ([] if status["sandboxed"] else ["graded without the sandbox"])
                    row.update(status="graded", score=auto + _manual_score(submission, status["cells"]),
                               auto_score=auto, manual_grading_pending=submission.needs_manual_grade,
                               sandbox="on" if status["sandboxed"] else "off", flags="; ".join(status["flags"]),
                               reason="; ".join(notes))
                else:
                    try:
                        gradebook.find_submission(assignment, student)
                        submitted = True
                    except MissingEntry:
                        submitted = (course / "submitted" / student / assignment).is_dir()
                    row["status"] = "not graded yet" if submitted else "missing"
                rows.append(row)
    return rows


def export(course: Path | str, output: Path | str | None = None) -> Path:
    """Write :func:`grade_rows` as CSV (default ``<course>/grades.csv``)."""
    course = find_course(course)
    rows = grade_rows(course)
    path = Path(output) if output else course / "grades.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _figure_html(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return f'<img alt="" src="data:image/png;base64,{base64.b64encode(buffer.getvalue()).decode()}">'


def report(course: Path | str, assignment: str, output: Path | str | None = None) -> Path:
    """An HTML report: score distribution, each question's pass rate, the commonest failing messages, failures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import crmlab.plots  # noqa: F401  (the course style)

    course = find_course(course)
    check_assignment(course, assignment)
    statuses = _statuses(course, assignment)
    if not statuses:
        raise CourseError(f"nothing graded for {assignment} yet: run `crmlab autograde {assignment}` first")
    graded = [s for s in statuses.values() if s["status"] == "graded"]
    failed = [s for s in statuses.values() if s["status"] == "failed"]
    questions = list(graded[0]["cells"]) if graded else []
    parts = [f"<h1>Report: {html.escape(assignment)}</h1>",
             f"<p>{len(statuses)} submissions: {len(graded)} graded, {len(failed)} failed to grade "
             "(not counted as 0 below; see the last table).</p>"]
    if graded:
        scores = [sum(c["score"] for c in s["cells"].values()) for s in graded]
        top = sum(c["max"] for c in graded[0]["cells"].values())
        figure, ax = plt.subplots(figsize=(7, 3.5))
        ax.hist(scores, bins=[x - 0.5 for x in range(int(top) + 2)], color="#3572a5", edgecolor="white")
        ax.set(xlabel=f"auto-graded score (out of {top:g})", ylabel="students", title="Score distribution")
        parts += ["<h2>Score distribution</h2>", _figure_html(figure),
                  f"<p>Mean {sum(scores) / len(scores):.2f}, min {min(scores):g}, max {max(scores):g}.</p>"]
        plt.close(figure)
        rates = [sum(s["cells"][q]["passed"] for s in graded) / len(graded) for q in questions]
        figure, ax = plt.subplots(figsize=(7, 0.45 * len(questions) + 1))
        ax.barh(questions[::-1], [r * 100 for r in rates[::-1]], color="#4c9f70")
        ax.set(xlim=(0, 100), xlabel="% of graded submissions passing", title="Pass rate per question")
        parts += ["<h2>Pass rate per question</h2>", _figure_html(figure), "<table><tr><th>question</th>"
                  "<th>pass rate</th></tr>"]
        parts += [f"<tr><td>{html.escape(q)}</td><td>{r:.0%}</td></tr>" for q, r in zip(questions, rates)]
        parts.append("</table>")
        plt.close(figure)
        messages = Counter((q, s["cells"][q]["message"]) for s in graded for q in questions
                           if not s["cells"][q]["passed"])
        parts += ["<h2>Most common failing test messages</h2>",
                  "<table><tr><th>students</th><th>question</th><th>message</th></tr>"]
        parts += [f"<tr><td>{n}</td><td>{html.escape(q)}</td><td><code>{html.escape(m[:300])}</code></td></tr>"
                  for (q, m), n in messages.most_common(15)]
        parts.append("</table>")
    flagged = [s for s in graded if s["flags"]]
    parts += ["<h2>To look at</h2>", "<table><tr><th>student</th><th>flag</th></tr>"]
    parts += [f"<tr><td>{html.escape(s['student'])}</td><td>{html.escape('; '.join(s['flags']))}</td></tr>"
              for s in flagged] or ["<tr><td colspan=2>nothing flagged</td></tr>"]
    parts.append("</table>")
    parts += ["<h2>Failed to grade</h2>", "<table><tr><th>student</th><th>reason</th></tr>"]
    parts += [f"<tr><td>{html.escape(s['student'])}</td><td>{html.escape(s['reason'].splitlines()[0])}</td></tr>"
              for s in failed] or ["<tr><td colspan=2>none</td></tr>"]
    parts.append("</table>")
    style = ("body{font-family:sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
             "img{max-width:100%}")
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report: {html.escape(assignment)}'
            f"</title><style>{style}</style></head><body>{''.join(parts)}</body></html>")
    path = Path(output) if output else course / "reports" / f"{assignment}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
