"""Self-checks say "correct" exactly for the answers the grader accepts, and never give an answer away."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlab.grading import selfcheck
from crmlab.grading.answers import Expect, compare, compare_with_fingerprint, fingerprint
from crmlab.grading.course import TEMPLATE
from crmlab.grading.spec import load_spec

SALT = "course|assignment|1001"


def _agree(expect: Expect, got) -> None:
    for lang in ("en", "zh"):
        by_key = compare(expect, got, lang)
        by_hash = compare_with_fingerprint(expect.kind, expect.tol, fingerprint(expect, SALT, "x"), got, SALT, "x",
                                           lang)
        assert (by_key is None) == (by_hash is None), (expect, got, by_key, by_hash)
        assert by_key == by_hash  # the same reason, word for word


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e6, 1e6), st.sampled_from([0.001, 0.01, 0.05, 0.5, 1.0]), st.floats(-3, 3))
def test_numbers_near_the_edge_of_the_tolerance(expected, tol, offset_in_tols):
    _agree(Expect.number(expected, tol=tol), expected + offset_in_tols * tol)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=5), st.floats(-2, 2))
def test_lists_and_labelled_numbers(values, offset):
    _agree(Expect.numbers(values, tol=0.01), [v + offset * 0.01 for v in values])
    labelled = {f"k{i}": v for i, v in enumerate(values)}
    _agree(Expect.numbers(labelled, tol=0.01), {k: v + offset * 0.01 for k, v in labelled.items()})


@pytest.mark.parametrize(("expect", "got"), [
    (Expect.text("Urgent improvement"), " urgent improvement "), (Expect.text("B"), "A"),
    (Expect.flag(True), True), (Expect.flag(True), False), (Expect.flag(False), 0),
    (Expect.labels({"a": "x", "b": "y"}), {"a": "X", "b": "y"}), (Expect.labels({"a": "x"}), {"b": "x"}),
    (Expect.labels(["p", "q"]), ["p", "q"]), (Expect.labels(["p", "q"]), ["q", "p"]),
    (Expect.number(3, tol=0), 3), (Expect.number(3, tol=0), 3.5), (Expect.number(3), "3"),
    (Expect.number(3), {"invalid": "an object of type Anything"}), (Expect.number(3), 10**400),
])
def test_words_flags_and_bad_types(expect, got):
    _agree(expect, got)


@pytest.fixture
def value_checks():
    assignment = load_spec(TEMPLATE, "value").ASSIGNMENT
    selfcheck.register("value", selfcheck.table(assignment, "crmlab", ["1001", "1002"]))
    selfcheck.use("value", "1001")
    yield assignment.key("crmlab", "1001")
    selfcheck._TABLES.pop("value", None)
    selfcheck._STUDENTS.pop("value", None)


def test_a_right_answer_is_correct_and_a_wrong_one_not_yet_with_a_hint(value_checks, capsys):
    right = value_checks["delivered"]
    selfcheck.check("value", delivered_a=right["delivered_a"].value, delivered_b=right["delivered_b"].value)
    assert "Correct: delivered_a, delivered_b." in capsys.readouterr().out
    with pytest.raises(selfcheck.NotYet) as caught:
        selfcheck.check("value", delivered_a=right["delivered_a"].value + 0.5)
    message = str(caught.value)
    assert "wrong value (checked to within ±0.01)" in message and "Hint: delivered value =" in message
    assert f"{right['delivered_a'].value:g}" not in message  # the expected value is not given away


def test_each_student_is_checked_against_their_own_numbers(value_checks):
    theirs = load_spec(TEMPLATE, "value").ASSIGNMENT.key("crmlab", "1002")["total-value-a"]["total_value_a"].value
    mine = value_checks["total-value-a"]["total_value_a"].value
    assert theirs != mine
    with pytest.raises(selfcheck.NotYet):
        selfcheck.check("value", total_value_a=theirs)


def test_the_table_holds_hashes_only(value_checks):
    def leaves(node):
        if isinstance(node, dict):
            return [leaf for child in node.values() for leaf in leaves(child)]
        if isinstance(node, list):
            return [leaf for child in node for leaf in leaves(child)]
        return [node]

    table = selfcheck._TABLES["value"]
    hashes = leaves(table["students"])
    assert len(hashes) >= 2 * 10 and all(isinstance(h, str) and len(h) == 16 and int(h, 16) >= 0 for h in hashes)
    assert set(table) == {"salt", "answers", "students"}  # kinds, tolerances and hints besides: nothing else


def test_unknown_id_missing_data_and_grading(value_checks, monkeypatch, capsys):
    selfcheck.use("value", "9999")
    with pytest.raises(selfcheck.NotYet, match="no self-check data for student id '9999'"):
        selfcheck.check("value", total_value_a=1.0)
    with pytest.raises(selfcheck.NotYet, match="run the cell \"Self-check data\""):
        selfcheck.check("trust", level="cognitive")
    monkeypatch.setenv("CRMLAB_GRADING", "1")
    selfcheck.check("value", total_value_a=1.0)  # the grader decides, from the receipts: no verdict here
    assert capsys.readouterr().out == ""


@pytest.mark.slow
def test_nbgrader_validate_says_success_only_when_the_answers_are_right(tmp_path):
    """The Validate button runs the same checks: a notebook with one wrong answer does not pass."""
    import subprocess
    import sys

    import nbformat

    from crmlab.grading import course, roster, samples

    root = course.init_course(tmp_path / "course")
    (tmp_path / "class.csv").write_text("id\n1001\n1002\n", encoding="utf-8")
    roster.import_class_list(root, tmp_path / "class.csv")
    course.release(root, "value")
    right = samples.submission(root, "value", student_id="1001")
    wrong = samples.submission(root, "value", student_id="1001")
    answer = next(c for c in wrong.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ratio-b-answer")
    answer.source = "ratio_b = 1.0  # the right type, the wrong value: the old type-only tests passed it"
    results = {}
    for name, nb in (("right", right), ("wrong", wrong)):
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(nb, path)
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], capture_output=True,
                              text=True, cwd=tmp_path, timeout=300)
        results[name] = done.stdout + done.stderr
    assert "Success! Your notebook passes all the tests." in results["right"]
    assert "VALIDATION FAILED ON 1 CELL(S)" in results["wrong"] and "Not yet: ratio_b: wrong value" in results["wrong"]


def test_on_jupyterhub_the_id_comes_from_the_login(monkeypatch):
    from crmlab.grading.variants import StudentIdError, notebook_student_id

    monkeypatch.delenv("CRMLAB_STUDENT_ID", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with pytest.raises(StudentIdError, match="set student_id in the cell above"):
        notebook_student_id("")
    monkeypatch.setenv("JUPYTERHUB_USER", "li.lei")
    assert notebook_student_id("") == "li.lei" and notebook_student_id(" 1001 ") == "1001"
