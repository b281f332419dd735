"""A class of 50 simulated students on every assignment: numbers nobody can copy, checks that agree with the grader.

For every assignment, 50 student ids:

- every student's numbers differ from every other's (the spec varies them);
- every student's own model solution, run in the grading sandbox on their own numbers, scores full marks;
- a neighbour's answers, copied as values, score nothing on every part where the two keys differ;
- the self-check data of the release says "correct" exactly for the answers the grader accepts;

and, through the whole grader (nbgrader, sandbox, status records, export), on one assignment: 50 students
handing in their own work, 50 handing in a neighbour's values, a few who typed a neighbour's id (flagged).
"""

from __future__ import annotations

import copy

import nbformat
import pytest

from crmlab.grading import autograde, course, results, samples, selfcheck
from crmlab.grading.answers import compare, points, verify
from crmlab.grading.config import course_id
from crmlab.grading.preprocessors import run_notebook, sandbox_for
from crmlab.grading.spec import load_spec

pytestmark = pytest.mark.slow

STUDENTS = [f"{1001 + n}" for n in range(50)]
ASSIGNMENTS = course.assignments(course.TEMPLATE)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return course.init_course(tmp_path_factory.mktemp("class") / "course", course_id="crm-class-test")


def _spec(root, name):
    return load_spec(root, name).ASSIGNMENT


def _values(key: dict) -> dict:
    return {n: e.value for answers in key.values() for n, e in answers.items()}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_student_has_their_own_numbers(root, name):
    assignment = _spec(root, name)
    assert assignment.vary, f"{name}: the template's assignments all vary"
    variants = {repr(assignment.variant(course_id(root), student)) for student in STUDENTS}
    assert len(variants) == len(STUDENTS)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_students_own_solution_scores_full_marks_in_the_sandbox(root, name):
    """The model solution is code, not numbers: it must hold on every variant the constraints allow."""
    source = nbformat.read(root / "source" / name / f"{name}.ipynb", as_version=4)
    sandbox = sandbox_for(timeout=60, memory=2048, isolate=True, modules=["pandas", "numpy", "crmlab"],
                          secrets=[str(root)], log_file="")
    assignment, worth = _spec(root, name), points(source)
    failures = {}
    for student in STUDENTS:
        nb = copy.deepcopy(source)
        run_notebook(nb, root / "nowhere", f"{name}.ipynb", student, sandbox)
        verdicts = verify(nb, assignment.key(course_id(root), student), worth)
        wrong = {gid: v["message"] for gid, v in verdicts.items() if not v["passed"]}
        if wrong:
            failures[student] = wrong
    assert not failures, dict(list(failures.items())[:3])


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_a_neighbours_answers_score_nothing_where_the_keys_differ(root, name):
    assignment = _spec(root, name)
    identity = course_id(root)
    differing = 0
    for student, neighbour in zip(STUDENTS, STUDENTS[1:] + STUDENTS[:1]):
        mine, theirs = assignment.key(identity, student), assignment.key(identity, neighbour)
        for grade_id, answers in mine.items():
            copied = {n: e.value for n, e in theirs[grade_id].items()}
            if all(compare(e, copied[n]) is None for n, e in answers.items()):
                continue  # the two keys agree on this part (a choice between two offers, say): no harm copying
            differing += 1
            assert any(compare(e, copied[n]) is not None for n, e in answers.items())
    parts = len(assignment.parts) * len(STUDENTS)
    assert differing >= parts * 0.6, f"{name}: only {differing} of {parts} parts differ between neighbours"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_self_checks_accept_exactly_what_the_grader_accepts(root, name):
    assignment = _spec(root, name)
    identity = course_id(root)
    table = selfcheck.table(assignment, identity, STUDENTS[:10])
    selfcheck.register(name, table)
    try:
        for student, neighbour in zip(STUDENTS[:10], STUDENTS[1:11]):
            selfcheck.use(name, student)
            mine, theirs = assignment.key(identity, student), assignment.key(identity, neighbour)
            for grade_id, answers in mine.items():
                selfcheck.check(name, **{n: e.value for n, e in answers.items()})  # own answers: correct
                copied = {n: e.value for n, e in theirs[grade_id].items()}
                accepted = all(compare(e, copied[n]) is None for n, e in answers.items())
                if accepted:
                    selfcheck.check(name, **copied)
                else:
                    with pytest.raises(selfcheck.NotYet):
                        selfcheck.check(name, **copied)
    finally:
        selfcheck._TABLES.pop(name, None)
        selfcheck._STUDENTS.pop(name, None)


def test_a_class_through_the_whole_grader(root):
    """value: 50 own solutions, 50 copies of a neighbour's values, 5 notebooks set to a neighbour's id."""
    name = "value"
    course.release(root, name)
    identity = course_id(root)
    assignment = _spec(root, name)
    for student, neighbour in zip(STUDENTS, STUDENTS[1:] + STUDENTS[:1]):
        own = root / "submitted" / student / name
        own.mkdir(parents=True)
        nbformat.write(samples.submission(root, name), own / f"{name}.ipynb")
        copier = root / "submitted" / f"copy-{student}" / name
        copier.mkdir(parents=True)
        values = _values(assignment.key(identity, neighbour))
        nbformat.write(samples.submission(root, name, "values", values=values), copier / f"{name}.ipynb")
    for student, neighbour in zip(STUDENTS[:5], STUDENTS[5:10]):
        folder = root / "submitted" / f"id-{student}" / name
        folder.mkdir(parents=True)
        nbformat.write(samples.submission(root, name, student_id=neighbour), folder / f"{name}.ipynb")
    outcomes = {o.student: o for o in autograde.autograde(root, name, jobs=2)}
    full = assignment.auto_points
    assert [outcomes[s].auto_score for s in STUDENTS] == [full] * len(STUDENTS)
    for student, neighbour in zip(STUDENTS, STUDENTS[1:] + STUDENTS[:1]):
        copied = outcomes[f"copy-{student}"]
        mine, theirs = assignment.key(identity, f"copy-{student}"), assignment.key(identity, neighbour)
        for grade_id, answers in mine.items():
            if any(compare(e, theirs[grade_id][n].value) is not None for n, e in answers.items()):
                assert copied.cells[grade_id]["score"] == 0, (student, grade_id)
        assert copied.auto_score < full / 2
    rows = {row["student"]: row for row in results.grade_rows(root) if row["assignment"] == name}
    for student, neighbour in zip(STUDENTS[:5], STUDENTS[5:10]):
        flagged = outcomes[f"id-{student}"]
        assert flagged.flags == [f"worked on {neighbour}'s variant (answers checked against id-{student}'s own)"]
        assert f"worked on {neighbour}'s variant" in rows[f"id-{student}"]["flags"]
    assert not any(outcomes[s].flags for s in STUDENTS)
    report = results.report(root, name).read_text(encoding="utf-8")
    assert "To look at" in report and f"worked on {STUDENTS[5]}" in report


def _switch(root, name: str, **settings) -> None:
    """Edit a course's spec as an instructor would: add keyword arguments to its Assignment(...)."""
    path = root / "assignments" / f"{name}.py"
    extra = "".join(f"    {key}={value!r},\n" for key, value in settings.items())
    path.write_text(path.read_text(encoding="utf-8").replace("ASSIGNMENT = Assignment(\n",
                                                             f"ASSIGNMENT = Assignment(\n{extra}"), encoding="utf-8")


def test_an_instructor_can_give_everyone_the_same_numbers(tmp_path):
    root = course.init_course(tmp_path / "course")
    _switch(root, "trust", vary=False)
    course.release(root, "trust")
    released = nbformat.read(root / "release" / "trust" / "trust.ipynb", as_version=4)
    assert not any("student_id = " in c.source for c in released.cells)  # nothing to type
    assignment = _spec(root, "trust")
    assert repr(assignment.variant(course_id(root), "1001")) == repr(assignment.variant(course_id(root), "1002"))
    for student in ("1001", "1002"):
        folder = root / "submitted" / student / "trust"
        folder.mkdir(parents=True)
        nbformat.write(samples.submission(root, "trust"), folder / "trust.ipynb")
    graded = autograde.autograde(root, "trust")
    assert [o.auto_score for o in graded] == [assignment.auto_points] * 2 and not any(o.flags for o in graded)


def test_an_instructor_can_switch_value_checks_off(tmp_path, capsys):
    root = course.init_course(tmp_path / "course")
    _switch(root, "trust", self_checks=False)
    course.release(root, "trust")
    released = nbformat.read(root / "release" / "trust" / "trust.ipynb", as_version=4)
    data = next(c for c in released.cells if selfcheck.SELF_CHECK_TAG in c.metadata.get("tags", []))
    assert "{'off': True}" in data.source
    selfcheck.register("trust", {"off": True})
    try:
        selfcheck.check("trust", level="certainly not a level")  # value checks off: no verdict
    finally:
        selfcheck._TABLES.pop("trust")
    assert "switched off" in capsys.readouterr().out
    tests = [c.source for c in released.cells if c.metadata.get("nbgrader", {}).get("grade")
             and c.cell_type == "code"]
    assert all("assert" in source for source in tests)  # the type checks stay
