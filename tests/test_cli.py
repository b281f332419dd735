"""The `crmlab` command: bad input gives a clear message, exit status 2 and no change; LMS zips are collected."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from crmlab import cli
from crmlab.grading import course, roster
from crmlab.grading.spec import load_spec


@pytest.fixture
def root(tmp_path) -> Path:
    return course.init_course(tmp_path / "course")


def _run(capsys, *argv: str) -> tuple[int, str]:
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _fake_release(root: Path, name: str = "value") -> None:
    """What collect needs of a release (the notebook names), without running nbgrader."""
    (root / "release" / name).mkdir(parents=True)
    shutil.copy(root / "source" / name / f"{name}.ipynb", root / "release" / name / f"{name}.ipynb")


def test_course_init_writes_the_course_id_that_fixes_the_numbers(tmp_path, capsys):
    status, out = _run(capsys, "course", "init", str(tmp_path / "crm-2026"))
    assert status == 0 and "course id 'crm-2026'" in out
    status, out = _run(capsys, "course", "init", str(tmp_path / "other"), "--id", "spring 2027")
    assert status == 2 and "course id must be" in out and not (tmp_path / "other").exists()


def test_key_prints_a_students_numbers_answers_and_rubrics(root, capsys):
    status, out = _run(capsys, "--course", str(root), "key", "value", "--student", "1001")
    assert status == 0 and "hotel_a = {" in out and "delivered_b = " in out and "Rubric" not in out
    assert "written advice (4 points)" in out and "recommends the cheapest combination" in out
    status, out = _run(capsys, "--course", str(root), "key", "value", "--student", "no id")
    assert status == 2 and "student_id must be your student id" in out


def test_key_gives_the_model_answers_in_the_language_of_the_release(tmp_path, capsys):
    root = course.init_course(tmp_path / "zh-course")
    assert _run(capsys, "--course", str(root), "release", "value", "--lang", "zh")[0] == 0
    status, out = _run(capsys, "--course", str(root), "key", "value", "--student", "1001")
    assert status == 0 and "hotel_a = {" in out and "recommends the cheapest combination" not in out
    assert "written advice (4 points): model answer: 建议采用" in out and "- 建议采用求出的最便宜的组合" in out


def test_roster_names_what_is_wrong_and_keeps_the_old_list(root, tmp_path, capsys):
    good = tmp_path / "class.csv"
    good.write_text("ID,Student\n1001,Li Lei\n1002,Han Meimei\n", encoding="utf-8")
    assert _run(capsys, "--course", str(root), "roster", str(good))[0] == 0
    twice = tmp_path / "twice.csv"
    twice.write_text("id\n1001\n1001\n", encoding="utf-8")
    status, out = _run(capsys, "--course", str(root), "roster", str(twice))
    assert status == 2 and "line 3" in out and "appears twice" in out
    no_ids = tmp_path / "no-ids.csv"
    no_ids.write_text("email\nli@example.edu\n", encoding="utf-8")
    status, out = _run(capsys, "--course", str(root), "roster", str(no_ids))
    assert status == 2 and "nor a CSV with an 'id' column" in out and "email" in out
    kept = [(s.id, s.name, s.first_name, s.last_name) for s in roster.load(root)]  # the good list, unchanged
    assert kept == [("1001", "Li Lei", "Li", "Lei"), ("1002", "Han Meimei", "Han", "Meimei")]


def test_course_init_copies_the_course_and_refuses_a_non_empty_folder(tmp_path, capsys):
    status, out = _run(capsys, "course", "init", str(tmp_path / "c"))
    assert status == 0 and (tmp_path / "c" / "nbgrader_config.py").is_file()
    assert (tmp_path / "c" / "source" / "value" / "value.ipynb").is_file()
    status, out = _run(capsys, "course", "init", str(tmp_path / "c"))
    assert status == 2 and "already exists and is not empty" in out


def test_missing_course_folder_and_unknown_assignment(tmp_path, root, capsys):
    status, out = _run(capsys, "--course", str(tmp_path / "nowhere"), "release", "value")
    assert status == 2 and "does not exist" in out and "crmlab course init" in out
    status, out = _run(capsys, "--course", str(tmp_path), "export")
    assert status == 2 and "is not a course folder" in out
    before = _tree(root)
    status, out = _run(capsys, "--course", str(root), "release", "nope")
    assert status == 2 and "unknown assignment 'nope'" in out and "value" in out
    assert _tree(root) == before


@pytest.mark.parametrize("step", ["autograde", "feedback", "report"])
def test_steps_out_of_order_say_what_to_run_first(root, capsys, step):
    status, out = _run(capsys, "--course", str(root), step, "value")
    assert status == 2 and "crmlab" in out


def test_bad_zips_change_nothing(root, tmp_path, capsys):
    _fake_release(root)
    not_zip = tmp_path / "download.zip"
    not_zip.write_bytes(b"<html>session expired</html>")
    truncated = tmp_path / "truncated.zip"
    with zipfile.ZipFile(truncated, "w") as archive:
        archive.writestr("doe_123_456_value.ipynb", "x" * 10_000)
    truncated.write_bytes(truncated.read_bytes()[:-60])
    corrupt = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(corrupt, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doe_123_456_value.ipynb", "y" * 10_000)
    data = bytearray(corrupt.read_bytes())
    data[60:70] = b"\x00" * 10  # inside the compressed member
    corrupt.write_bytes(bytes(data))
    unsafe = tmp_path / "unsafe.zip"
    with zipfile.ZipFile(unsafe, "w") as archive:
        archive.writestr("../../etc/doe_123_456_value.ipynb", "{}")
    before = _tree(root)
    for path, message in ((tmp_path / "absent.zip", "does not exist"), (not_zip, "is not a zip file"),
                          (truncated, "is not a zip file"), (corrupt, "corrupt"), (unsafe, "unsafe path")):
        status, out = _run(capsys, "--course", str(root), "collect", "value", str(path))
        assert status == 2 and message in out, out
    assert _tree(root) == before


def test_collect_before_release(root, tmp_path, capsys):
    archive = tmp_path / "s.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("doe_123_456_value.ipynb", "{}")
    status, out = _run(capsys, "--course", str(root), "collect", "value", str(archive))
    assert status == 2 and "crmlab release value" in out


@pytest.mark.slow
def test_collect_canvas_and_moodle_zips_and_never_overwrite(root, tmp_path, capsys):
    _fake_release(root)
    notebook = (root / "source" / "value" / "value.ipynb").read_text()
    canvas = tmp_path / "canvas.zip"
    with zipfile.ZipFile(canvas, "w") as archive:
        archive.writestr("doejane_1001_9001_value.ipynb", notebook)
        archive.writestr("roebob_LATE_1002_9002_value-1.ipynb", notebook)  # late, re-uploaded
        archive.writestr("roebob_LATE_1002_9003_data.csv", "a,b\n1,2\n")  # an extra file
        archive.writestr("readme.txt", "not a submission")
    status, out = _run(capsys, "--course", str(root), "collect", "value", str(canvas), "--lms", "canvas")
    assert status == 0, out
    assert (root / "submitted" / "1001" / "value" / "value.ipynb").read_text() == notebook
    assert (root / "submitted" / "1002" / "value" / "value.ipynb").is_file()
    assert (root / "submitted" / "1002" / "value" / "data.csv").is_file()
    assert "skipped" in out and "readme.txt" in out
    assert len(list((root / "downloaded" / "value").glob("*-canvas.zip"))) == 1  # the download is kept
    assert len(list((root / "downloaded" / "value").glob("collect-*.csv"))) == 1  # and what collect did with it

    before = _tree(root / "submitted")
    status, out = _run(capsys, "--course", str(root), "collect", "value", str(canvas), "--lms", "canvas")
    assert status == 2 and "already have a submission" in out and "--replace" in out
    assert _tree(root / "submitted") == before
    status, out = _run(capsys, "--course", str(root), "collect", "value", str(canvas), "--replace")
    assert status == 0
    kept = list((root / "replaced").glob("*/1001/value/value.ipynb"))
    assert len(kept) == 1 and kept[0].read_text() == notebook

    moodle = tmp_path / "moodle.zip"
    with zipfile.ZipFile(moodle, "w") as archive:
        archive.writestr("Li Lei_2001_assignsubmission_file_/value.ipynb", notebook)
        archive.writestr("Han Meimei_2002_assignsubmission_file_/value.ipynb", notebook)
    status, out = _run(capsys, "--course", str(root), "collect", "value", str(moodle), "--lms", "moodle")
    assert status == 0, out
    assert {p.parent.name for p in (root / "submitted").glob("*/value")} >= {"2001", "2002"}


@pytest.mark.slow
def test_the_readme_cycle_end_to_end(tmp_path, capsys):
    """init → release → collect (Canvas zip) → autograde → feedback → export → report, as the README says."""
    import csv

    import nbformat

    from crmlab.grading import samples

    root = tmp_path / "crm"
    assert cli.main(["course", "init", str(root)]) == 0
    assert cli.main(["--course", str(root), "release", "trust"]) == 0
    assert (root / "release" / "trust.zip").is_file()
    download = tmp_path / "submissions.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("lilei_3001_1_trust.ipynb", nbformat.writes(samples.submission(root, "trust", "solution")))
        archive.writestr("wangwei_3002_2_trust.ipynb", nbformat.writes(samples.submission(root, "trust", "wrong")))
    assert cli.main(["--course", str(root), "collect", "trust", str(download)]) == 0
    assert cli.main(["--course", str(root), "autograde", "trust", "--timeout", "60"]) == 0
    assert cli.main(["--course", str(root), "feedback", "trust"]) == 0  # held back: written answers not graded
    assert not list((root / "feedback").glob("*/trust/trust.html"))
    assert cli.main(["--course", str(root), "feedback", "trust", "--include-ungraded"]) == 0
    assert cli.main(["--course", str(root), "export"]) == 0
    assert cli.main(["--course", str(root), "report", "trust"]) == 0
    out = capsys.readouterr().out
    full = load_spec(root, "trust").ASSIGNMENT.auto_points
    assert f"3001: graded, {full}/{full} auto points" in out and f"3002: graded, 0/{full} auto points" in out, out
    rows = {row["student"]: row for row in csv.DictReader((root / "grades.csv").open())}
    assert rows["3001"]["status"] == rows["3002"]["status"] == "graded"
    assert float(rows["3001"]["auto_score"]) == full and float(rows["3002"]["auto_score"]) == 0
    assert (root / "feedback" / "3001" / "trust" / "trust.html").is_file()
    assert (root / "reports" / "trust.html").is_file()


def test_autograde_names_a_bad_memory_limit(root, capsys):
    _fake_release(root)
    status, out = _run(capsys, "--course", str(root), "autograde", "value", "--memory", "100")
    assert status == 2 and "memory must be a whole number of MiB ≥ 512" in out and "100" in out, out
