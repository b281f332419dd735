"""A corpus of awkward and dishonest submissions, graded in one run on a temporary copy of the course.

Every submission must end graded (with the right score) or flagged with a clear
reason; the run must finish; the other students must be unaffected; no
submitted file may change (hashed before and after). The cheating cases each
hand in WRONG answers plus a trick that fools tests running inside the
notebook; none may score a point for the attacked parts.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from crmlab.grading import autograde, course, feedback, results, samples

pytestmark = pytest.mark.slow

ASSIGNMENT = "value"
FULL = 10.0  # value's auto-graded points: 1 + 1 + 2 + 1 + 1 + 1 + 3
TIMEOUT = 20  # seconds per cell: enough for a heavily loaded 2-core machine, short enough for the loop cases

# Tricks a student can play inside the notebook before the tests run (each with wrong answers).
ATTACKS = {
    "cheat-builtins": """
        # Names the tests use, redefined in the notebook's namespace (where test cells run) and in libraries.
        import builtins, math, numpy
        isinstance = lambda *args: True
        float = lambda *args: 0.0
        abs = lambda x: 0
        builtins.abs = lambda x: 0
        math.isclose = lambda *args, **kwargs: True
        numpy.isclose = lambda *args, **kwargs: True
        numpy.allclose = lambda *args, **kwargs: True
        """,
    "cheat-patch-crmlab": """
        import crmlab.grading.answers as answers, crmlab.value as value
        answers.compare = lambda expect, got: None          # the in-notebook check now accepts anything
        value.delivered_value = lambda **kwargs: None
        """,
    "cheat-always-equal": """
        # After every cell, swap each answer for a float that equals anything.
        class Anything(float):
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            def __abs__(self): return 0.0
            def __sub__(self, other): return Anything(0.0)
            __rsub__ = __sub__
            __hash__ = float.__hash__
        ANSWERS = ["total_value_a", "total_cost_a", "delivered_a", "delivered_b", "ratio_b", "choice",
                   "new_customer_value_a"]
        def _swap(result):
            namespace = get_ipython().user_ns
            for name in ANSWERS:
                if name in namespace and type(namespace[name]) is not Anything:
                    namespace[name] = Anything(-1.0)
        get_ipython().events.register("post_run_cell", _swap)
        """,
    "cheat-no-tracebacks": """
        get_ipython().showtraceback = lambda *args, **kwargs: None
        get_ipython().showsyntaxerror = lambda *args, **kwargs: None
        """,
    "cheat-skip-tests": """
        # Blank every cell that calls the grader: the notebook's tests then never fail.
        def _drop(lines):
            return [] if any("check(" in line for line in lines) else lines
        get_ipython().input_transformers_cleanup.append(_drop)
        """,
    "cheat-noop-check": """
        import crmlab.grading.check as grader
        grader.check = lambda *args: None
        """,
}


def _write(folder: Path, nb: nbformat.NotebookNode | str, name: str = f"{ASSIGNMENT}.ipynb") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, str):
        (folder / name).write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, folder / name)


def _corpus(root: Path) -> None:
    def sub(answers="solution", before=""):
        return samples.submission(root, ASSIGNMENT, answers, textwrap.dedent(before).strip())

    submitted = root / "submitted"
    cases = {
        "correct": sub(),
        "untouched": sub("blank"),
        "wrong": sub("wrong"),
        "sys-exit": sub(before="import sys\nsys.exit()"),
        "kernel-crash": sub(before="import os\nos._exit(1)"),
        "kill-grader": sub(before="import os, signal\nos.kill(os.getppid(), signal.SIGKILL)  # the grading process"),
        "huge-output": sub(before="print('x' * 3_000_000)\nfor i in range(20_000):\n    print(i)"),
        "widget": sub(before="import ipywidgets\ndisplay(ipywidgets.IntSlider(value=3))"),
        "loop-ungraded": sub(before="while True:\n    pass"),
        # 3 GiB reserved, never touched: harmless without a limit, refused under the 2 GiB default.
        "memory-hog": sub(before="import numpy\nhog = numpy.empty(3 * 1024**3, dtype=numpy.uint8)"),
    }
    cases.update({name: sub("wrong", before) for name, before in ATTACKS.items()})
    looping = sub()
    answer = next(c for c in looping.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "total-value-a-answer")
    answer.source = "while True:\n    pass\n" + answer.source
    cases["infinite-loop"] = looping
    deleted = sub()
    deleted.cells = [c for c in deleted.cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") not in ("delivered", "delivered-answer")]
    cases["deleted-cells"] = deleted
    edited = sub("wrong")
    test = next(c for c in edited.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "total-value-a")
    test.source = "pass  # my answer is fine"
    cases["edited-test"] = edited
    retyped = sub()
    index = next(i for i, c in enumerate(retyped.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "choice")
    retyped.cells[index] = nbformat.v4.new_markdown_cell(retyped.cells[index].source,
                                                         metadata=retyped.cells[index].metadata)
    cases["changed-type"] = retyped
    for student, nb in cases.items():
        _write(submitted / student / ASSIGNMENT, nb)
    _write(submitted / "invalid-json" / ASSIGNMENT, '{"cells": [ {"cell_type": "code", ')
    _write(submitted / "wrong-name" / ASSIGNMENT, sub(), name="Value (1).ipynb")
    _write(submitted / "extra-files" / ASSIGNMENT, sub())
    (submitted / "extra-files" / ASSIGNMENT / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (submitted / "extra-files" / ASSIGNMENT / "helper.py").write_text("X = 1\n", encoding="utf-8")


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = course.init_course(tmp_path_factory.mktemp("course") / "course")
    course.release(root, ASSIGNMENT)
    _corpus(root)
    before = _hashes(root / "submitted")
    outcomes = {o.student: o for o in autograde.autograde(root, ASSIGNMENT, timeout=TIMEOUT, jobs=2)}
    return root, outcomes, before


def _score(outcome) -> float:
    return outcome.auto_score


def test_every_submission_is_graded_or_flagged_and_files_are_untouched(graded):
    root, outcomes, before = graded
    assert set(outcomes) == {p.name for p in (root / "submitted").iterdir()}
    for outcome in outcomes.values():
        assert outcome.status in ("graded", "failed")
        assert outcome.status == "graded" or outcome.reason, outcome.student
        status = json.loads(autograde.status_path(root, ASSIGNMENT, outcome.student).read_text())
        assert status["status"] == outcome.status
    assert _hashes(root / "submitted") == before


def test_correct_solution_scores_full_marks_and_the_release_zero(graded):
    _, outcomes, _ = graded
    assert _score(outcomes["correct"]) == FULL
    assert outcomes["correct"].notes == []
    assert _score(outcomes["untouched"]) == 0


def test_wrong_answers_score_zero_with_a_reason_that_hides_the_answer(graded):
    root, outcomes, _ = graded
    wrong = outcomes["wrong"]
    assert _score(wrong) == 0
    assert "wrong value (checked to within ±0.01)" in wrong.cells["total-value-a"]["message"]
    from crmlab.grading.spec import answer_key

    total_value = answer_key(root, ASSIGNMENT, "wrong")["total-value-a"]["total_value_a"].value
    assert f"{total_value:g}" not in json.dumps(wrong.cells)  # hotel A's total value is not revealed


@pytest.mark.parametrize("student", ["sys-exit", "huge-output", "widget", "loop-ungraded", "extra-files",
                                     "memory-hog"])
def test_disruptive_but_correct_notebooks_still_get_full_marks(graded, student):
    _, outcomes, _ = graded
    assert outcomes[student].status == "graded", outcomes[student].reason
    assert _score(outcomes[student]) == FULL


def test_time_limit_stops_an_infinite_loop_and_is_reported(graded):
    _, outcomes, _ = graded
    looping, ungraded = outcomes["infinite-loop"], outcomes["loop-ungraded"]
    assert looping.status == "graded"
    assert looping.cells["total-value-a"]["score"] == 0  # the loop stopped the cell before total_value_a was set
    assert _score(looping) == FULL - 1
    assert any("time limit" in note and "total-value-a-answer" in note for note in looping.notes)
    assert any("time limit" in note for note in ungraded.notes)


def test_memory_limit_stops_a_memory_hog_and_is_reported(graded):
    _, outcomes, _ = graded
    hog = outcomes["memory-hog"]
    assert any(note.startswith(f"memory limit ({autograde.MEMORY_LIMIT} MiB) reached in: cell") for note in hog.notes)
    assert not any("memory limit" in note for note in outcomes["correct"].notes)


def test_huge_output_is_cut(graded):
    root, _, _ = graded
    assert (root / "autograded" / "huge-output" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").stat().st_size < 1_000_000


def test_a_notebook_that_ends_its_own_process_is_graded_for_what_ran(graded):
    _, outcomes, _ = graded
    crash = outcomes["kernel-crash"]  # os._exit(1) before the first answer: no later cell ran
    assert crash.status == "graded" and _score(crash) == 0
    assert any("ended with exit status 1" in note and "did not run" in note and "total-value-a" in note
               for note in crash.notes), crash.notes


def test_a_notebook_cannot_reach_the_grader(graded):
    _, outcomes, _ = graded
    # Its parent is outside its PID namespace (getppid() is 0): the kill hits nothing; its answers count.
    assert outcomes["kill-grader"].status == "graded" and _score(outcomes["kill-grader"]) == FULL
    assert sum(o.status == "graded" for o in outcomes.values()) == len(outcomes) - 2  # the JSON and the name


def test_invalid_json_and_wrong_name_fail_with_reasons(graded):
    _, outcomes, _ = graded
    assert outcomes["invalid-json"].status == "failed"
    assert "not a valid notebook" in outcomes["invalid-json"].reason
    assert outcomes["wrong-name"].status == "failed"
    assert "no notebook named value.ipynb" in outcomes["wrong-name"].reason
    assert "Value (1).ipynb" in outcomes["wrong-name"].reason


def test_deleted_edited_and_retyped_cells(graded):
    _, outcomes, _ = graded
    deleted = outcomes["deleted-cells"]
    assert deleted.cells["delivered"]["score"] == 0 and _score(deleted) == FULL - 2
    assert any("'delivered' was deleted" in note for note in deleted.notes)
    edited = outcomes["edited-test"]
    assert edited.cells["total-value-a"]["score"] == 0  # the instructor's test was restored and fails
    assert any("'total-value-a' was edited" in note for note in edited.notes)
    retyped = outcomes["changed-type"]
    assert any("'choice' was changed from code to markdown" in note for note in retyped.notes)
    assert retyped.status == "graded" and _score(retyped) == FULL  # restored as code, the right answer passes


@pytest.mark.parametrize("student", sorted(ATTACKS))
def test_cheating_with_wrong_answers_scores_nothing(graded, student):
    root, outcomes, _ = graded
    outcome = outcomes[student]
    assert outcome.status == "graded", outcome.reason
    assert _score(outcome) == 0, outcome.cells
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "crmlab") as gradebook:
        assert gradebook.find_submission(ASSIGNMENT, student).score == 0


def test_tricks_that_fool_in_notebook_tests_are_caught_outside(graded):
    """Without the receipt check these would have scored: their own test cells raised nothing."""
    _, outcomes, _ = graded
    for student in ("cheat-patch-crmlab", "cheat-skip-tests", "cheat-noop-check"):
        assert any(cell["overridden"] for cell in outcomes[student].cells.values()), student


def test_export_distinguishes_graded_failed_and_missing(graded):
    root, _, _ = graded
    rows = {(r["student"], r["assignment"]): r for r in results.grade_rows(root)}
    assert rows[("correct", ASSIGNMENT)]["status"] == "graded"
    assert rows[("correct", ASSIGNMENT)]["auto_score"] == FULL
    broken = rows[("invalid-json", ASSIGNMENT)]
    assert broken["status"] == "failed to grade" and broken["score"] == ""
    assert "not a valid notebook" in broken["reason"]
    assert rows[("correct", ASSIGNMENT)]["sandbox"] == "on"
    path = results.export(root)
    assert "failed to grade" in path.read_text()


def test_report_has_plots_pass_rates_and_failing_messages(graded):
    root, _, _ = graded
    page = results.report(root, ASSIGNMENT).read_text()
    assert page.count("data:image/png;base64,") == 2
    assert "Most common failing test messages" in page and "wrong value" in page
    assert "invalid-json" in page and "http" not in page.replace("http-equiv", "")


def test_feedback_hides_hidden_tests_and_loads_nothing_external(graded):
    root, _, _ = graded
    pages = feedback.generate_feedback(root, ASSIGNMENT, include_ungraded=True).pages
    assert {p.parent.parent.name for p in pages} >= {"correct", "wrong", "cheat-skip-tests"}
    source = nbformat.read(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    hidden = {line.strip() for cell in source.cells for block in re.findall(
        r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", cell.source, re.S) for line in block.splitlines()}
    assert len(hidden) >= 7  # an import and one check per answer
    for page in pages:
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))  # the text a student reads
        assert "BEGIN HIDDEN TESTS" not in text and not [line for line in hidden if line in text], page
        raw = page.read_text()
        assert "cdnjs" not in raw and not any(f'src="{s}' in raw for s in ("http:", "https:", "//"))
    skipped = (root / "feedback" / "cheat-skip-tests" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "Answer check failed" in skipped
