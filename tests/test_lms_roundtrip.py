"""The instructor's round trip with Canvas and Moodle, end to end on a fresh course with generated downloads.

30 Canvas students (names with spaces, accents and Chinese characters), late uploads, re-uploads, a wrong file
name, a broken notebook, and every collect attack (a nested zip naming a classmate, unsafe paths, a symbolic
link, a file no layout knows, a student missing from the class list); then autograde, written answers graded
with the sheet, a regrade that keeps them, feedback (held back, then published; an LMS zip), every export, the
report. A smaller Moodle course checks Moodle's formats. Hand-made expectations throughout: the due date,
the upload times and the policy are set here, so how late each student is and what it costs is known.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import stat
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pytest

from crmlab.grading import autograde, collect, course, feedback, results, roster, samples, written
from crmlab.grading.collect import CollectError, Limits
from crmlab.grading.config import course_id, gradebook_url

pytestmark = pytest.mark.slow

NAME = "value"
DUE = datetime(2026, 10, 1, 15, 59, tzinfo=UTC)  # 23:59 in Beijing
FIRST = ["Lei", "Wěi", "Seán", "María José", "雷", "Anna", "Ōta", "Chloé", "Jun", "Mei"]
LAST = ["Li", "Zhāng", "O'Brien", "García Márquez", "李", "Smith", "Kenji", "Dubois", "Wang", "Chen"]


def _students() -> list[dict]:
    return [{"first": FIRST[n % 10] + ("" if n < 10 else f" {n}"), "last": LAST[n % 10], "canvas_id": str(700 + n),
             "sis_id": f"s2026{n:03d}", "section": "A" if n % 2 else "B"} for n in range(30)]


def _member(archive: zipfile.ZipFile, name: str, data: bytes | str, when: datetime, symlink: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    if symlink:
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive.writestr(info, data)


def _tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] not in skip}


@pytest.fixture(scope="module")
def canvas(tmp_path_factory):
    """A course after roster, release with a due date, and one Canvas collect (its report returned)."""
    base = tmp_path_factory.mktemp("canvas")
    root = course.init_course(base / "crm-2026", course_id="crm-2026")
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text(encoding="utf-8").replace("c.LatePolicy.penalty_per_day = 0.0",
                                                                 "c.LatePolicy.penalty_per_day = 0.10")
                      .replace("c.LatePolicy.extensions = {}", 'c.LatePolicy.extensions = {"s2026002": {"value": 48}}')
                      .replace("c.LatePolicy.grace_minutes = 0", "c.LatePolicy.grace_minutes = 15"),
                      encoding="utf-8")
    students = _students()
    (base / "gradebook-export.csv").write_text(samples.canvas_gradebook_csv(students), encoding="utf-8")
    listed, kind = roster.import_class_list(root, base / "gradebook-export.csv")
    course.release(root, NAME)
    from crmlab.grading import late

    late.set_due_date(root, NAME, DUE)
    download = base / "submissions.zip"
    on_time = DUE - timedelta(hours=5)
    with zipfile.ZipFile(download, "w") as archive:
        for n, s in enumerate(students):
            prefix = f"{samples.canvas_name(s)}_{'LATE_' if n in (1, 2, 3) else ''}{s['canvas_id']}_{5000 + n}_"
            answers = "wrong" if n % 7 == 6 else "solution"
            notebook = nbformat.writes(samples.submission(root, NAME, answers, student_id=s["sis_id"]))
            when = {1: DUE + timedelta(minutes=70), 2: DUE + timedelta(hours=26), 3: DUE + timedelta(days=3, hours=1)
                    }.get(n, on_time)
            if n == 4:  # a re-upload: the first try is wrong, the later one right; Canvas renamed it value-1.ipynb
                wrong = nbformat.writes(samples.submission(root, NAME, "wrong", student_id=s["sis_id"]))
                _member(archive, f"{prefix}{NAME}.ipynb", wrong, on_time - timedelta(hours=3))
                _member(archive, f"{prefix}{NAME}-1.ipynb", notebook, on_time)
            elif n == 5:
                _member(archive, f"{prefix}my homework.ipynb", notebook, on_time)  # the wrong file name
            elif n == 8:
                _member(archive, f"{prefix}{NAME}.ipynb", '{"cells": [ {"cell_type": "co', on_time)  # broken
            elif n == 9:  # an attacker: a zip whose member claims to be a classmate's (student 0's) submission
                inner = io.BytesIO()
                with zipfile.ZipFile(inner, "w") as nested:
                    nested.writestr(f"{samples.canvas_name(students[0])}_700_5000_{NAME}.ipynb", "{}")
                _member(archive, f"{prefix}{NAME}.ipynb", notebook, on_time)
                _member(archive, f"{prefix}stuff.zip", inner.getvalue(), on_time)
                _member(archive, f"{prefix}data.gz", b"not a gzip at all", on_time)
            else:
                _member(archive, f"{prefix}{NAME}.ipynb", notebook, when)
        _member(archive, "../../escaped_700_1_value.ipynb", "{}", on_time)
        _member(archive, "lilei_701_5001_link.ipynb", "/etc/passwd", on_time, symlink=True)
        _member(archive, "readme.txt", "Canvas notes", on_time)
        stranger = nbformat.writes(samples.submission(root, NAME, student_id="888"))
        _member(archive, f"stranger_888_6000_{NAME}.ipynb", stranger, on_time)
    before = _tree(root, skip=("submitted", "downloaded", "collected", "replaced", "gradebook.db", ".crmlab.lock"))
    done = collect.collect(root, NAME, download, lms="canvas")
    return root, students, done, download, before, base


def _lines(done, member_part: str):
    return [line for line in done.lines if member_part in line.member]


def test_the_class_list_gives_names_and_course_ids(canvas):
    root, students, *_ = canvas
    listed = roster.load(root)
    assert len(listed) == 30  # Points Possible and the test student left out
    first = listed[0]
    assert (first.id, first.lms_id, first.first_name, first.last_name) == ("s2026000", "700", "Lei", "Li")
    assert {s.name for s in listed} >= {"雷 李", "María José García Márquez", "Seán O'Brien"}


def test_collect_reports_every_file(canvas):
    root, students, done, *_ = canvas
    assert len(done.students) == 31 and done.unknown == ["888"]
    assert [line.action for line in _lines(done, "_704_")] == ["replaced", "kept"]  # the later upload wins
    kept = next(line for line in _lines(done, "_704_") if line.action == "kept")
    assert kept.member.endswith("value-1.ipynb") and kept.student == "s2026004"
    assert (root / "submitted" / "s2026004" / NAME / "value.ipynb").read_text(encoding="utf-8") == \
        nbformat.writes(samples.submission(root, NAME, student_id="s2026004"))
    lateness = {line.student: line.late for line in done.lines if line.action == "collected"}
    assert lateness["s2026001"] == "late by 1 h 10 min" and lateness["s2026002"] == "late by 1 d 2 h"
    assert lateness["s2026003"] == "late by 3 d 1 h" and lateness["s2026000"] == ""
    why = {line.member: line.why for line in done.skipped}
    assert why["../../escaped_700_1_value.ipynb"] == "unsafe path"
    assert why["lilei_701_5001_link.ipynb"] == "a symbolic link"
    assert why["readme.txt"] == "name not in the canvas layout"
    report = list(csv.DictReader(done.report.open(encoding="utf-8")))
    assert len(report) == len(done.lines) and {row["action"] for row in report} >= {"collected", "kept", "skipped"}


def test_collect_attacks_change_no_classmate_and_nothing_outside(canvas):
    root, students, done, download, before, base = canvas
    victim = (root / "submitted" / "s2026000" / NAME / "value.ipynb").read_text(encoding="utf-8")
    assert victim == nbformat.writes(samples.submission(root, NAME, student_id="s2026000"))
    attacker = root / "submitted" / "s2026009" / NAME
    assert sorted(p.name for p in attacker.iterdir()) == ["data.gz", "stuff.zip", "timestamp.txt", "value.ipynb"]
    assert not list(base.rglob("escaped_*")) and not list(root.rglob("link.ipynb"))
    assert _tree(root, skip=("submitted", "downloaded", "collected", "replaced", "gradebook.db", ".crmlab.lock")) \
        == before


def test_a_second_collect_refuses_then_replaces_keeping_the_old(canvas):
    root, students, done, download, before, base = canvas
    snapshot = _tree(root / "submitted")
    with pytest.raises(CollectError, match="already have a submission"):
        collect.collect(root, NAME, download, lms="canvas")
    assert _tree(root / "submitted") == snapshot


def test_bad_downloads_change_nothing(canvas, tmp_path):
    root, *_ = canvas
    snapshot = _tree(root)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("li_700_1_value.ipynb", b"0" * (8 * 1024 * 1024))
    with pytest.raises(CollectError, match="would unpack to 8 MiB, more than the limit of 1 MiB"):
        collect.collect(root, NAME, bomb, limits=Limits(total_mib=1))
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for n in range(30):
            archive.writestr(f"x_{n}_1_value.ipynb", "{}")
    with pytest.raises(CollectError, match="30 members, more than the limit of 10"):
        collect.collect(root, NAME, many, limits=Limits(members=10))
    not_zip = tmp_path / "page.zip"
    not_zip.write_text("<html>session expired</html>")
    with pytest.raises(CollectError, match="not a zip file"):
        collect.collect(root, NAME, not_zip)
    with pytest.raises(CollectError, match="unknown LMS layout 'blackboard'"):
        collect.collect(root, NAME, not_zip, lms="blackboard")
    assert _tree(root) == snapshot


@pytest.fixture(scope="module")
def graded(canvas):
    root, students, *_ = canvas
    outcomes = {o.student: o for o in autograde.autograde(root, NAME, jobs=2)}
    return root, students, outcomes


def test_names_and_lateness_reach_the_long_export(graded):
    root, students, outcomes = graded
    rows = {r["student"]: r for r in results.grade_rows(root) if r["assignment"] == NAME}
    assert rows["s2026000"]["name"] == "Lei Li" and rows["s2026004"]["name"] == "雷 李"
    assert rows["s2026000"]["status"] == "graded" and rows["s2026000"]["late"] == ""
    # 70 min late, 15 min grace: 55 min counted, one started day at 10 %: 17 × 0.9 = 15.3 before written points
    one = rows["s2026001"]
    assert one["late"] == "1 h 10 min" and one["penalty"] == pytest.approx(0.10)
    assert float(one["score"]) == pytest.approx(float(one["score_before_penalty"]) - 0.10 * 17)
    assert rows["s2026002"]["late"] == "" and rows["s2026002"]["penalty"] == 0.0  # 48 h extension
    assert rows["s2026003"]["penalty"] == pytest.approx(0.40)  # 3 d 1 h: four started days
    assert rows["s2026005"]["status"] == "failed to grade" and "my homework.ipynb" in rows["s2026005"]["reason"]
    assert rows["s2026008"]["status"] == "failed to grade" and "not a valid notebook" in rows["s2026008"]["reason"]
    assert rows["888"]["status"] == "graded" and rows["888"]["name"] == "stranger"


def test_written_answers_graded_once_survive_a_regrade(graded, tmp_path):
    root, students, outcomes = graded
    page, sheet = written.write_sheet(root, NAME)
    text = page.read_text(encoding="utf-8")
    assert "Model answer." in text and "names the components where the winner" in text and "雷 李" in text
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert {r["part"] for r in rows} == {"memo", "advice"} and all(r["score"] == "" for r in rows)
    bad = tmp_path / "bad.csv"
    bad.write_text("student,part,score\ns2026000,memo,9\n", encoding="utf-8")
    with pytest.raises(course.CourseError, match="line 2: score 9 is outside 0–3 for memo"):
        written.import_scores(root, NAME, bad)
    for row in rows:
        row["score"], row["comment"] = ("2" if row["part"] == "memo" else "3"), "clear and to the point"
    with open(sheet, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=written.COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    assert written.import_scores(root, NAME, sheet) == len(rows)
    regraded = autograde.autograde(root, NAME, force=True, jobs=2)
    assert all(o.status == outcomes[o.student].status for o in regraded)
    rows = {r["student"]: r for r in results.grade_rows(root) if r["assignment"] == NAME}
    assert rows["s2026000"]["manual_grading_pending"] is False and rows["s2026000"]["manual_score"] == 5.0
    assert rows["s2026000"]["score"] == 10 + 5


def test_feedback_never_shows_an_ungraded_zero(graded):
    root, students, outcomes = graded
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root), course_id(root)) as gradebook:  # one written answer not graded yet
        grade = gradebook.find_grade("advice", NAME, NAME, "s2026010")
        grade.manual_score, grade.needs_manual_grade = None, True
        gradebook.db.commit()
    held = feedback.generate_feedback(root, NAME)
    assert held.pending == ["s2026010"] and not list((root / "feedback" / "s2026010").glob("*/*.html"))
    shown = feedback.generate_feedback(root, NAME, include_ungraded=True, lms="canvas")
    page = (root / "feedback" / "s2026010" / NAME / f"{NAME}.html").read_text(encoding="utf-8")
    assert "Not graded yet (out of 4.0)" in page and "Score: 0.0 / 4.0" not in page
    assert "written answers not graded yet" in page
    graded_page = (root / "feedback" / "s2026000" / NAME / f"{NAME}.html").read_text(encoding="utf-8")
    assert "Score: 2.0 / 3.0" in graded_page and "For the grader" not in graded_page
    members = zipfile.ZipFile(shown.zip).namelist()
    assert f"lilei_700_5000_{NAME}-feedback.html" in members and len(members) == len(shown.pages)


def test_exports_for_canvas_and_a_wide_gradebook(graded):
    root, students, outcomes = graded
    path = results.export(root, form="canvas")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    title = "Exercise 1: Customer delivered value (顾客让渡价值)"
    assert list(rows[0]) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title]
    assert rows[0]["Student"] == "Points Possible" and rows[0][title] == "17"
    li = next(r for r in rows if r["ID"] == "700")
    assert li["Student"] == "Li, Lei" and li["SIS User ID"] == "s2026000" and li[title] == "15"
    wide = list(csv.DictReader(results.export(root, form="wide").open(encoding="utf-8")))
    assert {r["student"] for r in wide} >= {s["sis_id"] for s in students}
    assert next(r for r in wide if r["student"] == "s2026005")[NAME] == "failed to grade"


def test_the_report_counts_full_points_lateness_and_wrong_answers(graded):
    root, students, outcomes = graded
    page = results.report(root, NAME).read_text(encoding="utf-8")
    assert "Out of 17 points" in page and "Late submissions" in page and "3 d 1 h" in page
    assert "Most common wrong answers" in page and "total_value_a" in page
    assert "María José García Márquez" in page or "s2026003" in page


def test_moodle_round_trip(tmp_path):
    root = course.init_course(tmp_path / "moodle-course")
    people = [{"first": f, "last": last, "participant": str(3100 + n), "email": f"s{n}@uni.example",
               "sis_id": f"m{n:02d}"} for n, (f, last) in enumerate(zip(FIRST[:6], LAST[:6]))]
    (tmp_path / "worksheet.csv").write_text(samples.moodle_worksheet_csv(people), encoding="utf-8")
    listed, kind = roster.import_class_list(root, tmp_path / "worksheet.csv")
    assert kind == "moodle" and [s.lms_id for s in listed][:2] == ["3100", "3101"] and listed[0].id == "m00"
    course.release(root, NAME)
    download = tmp_path / "moodle.zip"
    when = datetime(2026, 9, 30, 8, tzinfo=UTC)
    with zipfile.ZipFile(download, "w") as archive:
        for person in people:
            folder = f"{person['first']} {person['last']}_{person['participant']}_assignsubmission_file_/"
            nb = nbformat.writes(samples.submission(root, NAME, student_id=f"m{int(person['participant']) - 3100:02d}"))
            _member(archive, folder + f"{NAME}.ipynb", nb, when)
        twice = f"{people[0]['first']} {people[0]['last']}_{people[0]['participant']}_assignsubmission_file_/"
        _member(archive, twice + "notes.md", "my notes", when)  # the same student again, in another entry
    done = collect.collect(root, NAME, download, lms="moodle")
    assert sorted(done.students) == [f"m{n:02d}" for n in range(6)]
    assert sorted(p.name for p in (root / "submitted" / "m00" / NAME).iterdir()) == ["notes.md", "timestamp.txt",
                                                                                      "value.ipynb"]
    autograde.autograde(root, NAME)
    worksheet = list(csv.DictReader(results.export(root, form="moodle", assignment=NAME).open(encoding="utf-8")))
    assert worksheet[0]["Identifier"] == "Participant 3100" and worksheet[0]["Grade"] == "10"
    assert worksheet[0]["Maximum Grade"] == "17" and worksheet[0]["Email address"] == "s0@uni.example"
    shown = feedback.generate_feedback(root, NAME, include_ungraded=True, lms="moodle")
    assert f"Lei Li_3100_assignsubmission_file_/{NAME}-feedback.html" in zipfile.ZipFile(shown.zip).namelist()
    json.loads((root / collect.COLLECTED / f"{NAME}.json").read_text(encoding="utf-8"))
