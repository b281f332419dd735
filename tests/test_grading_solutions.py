"""CI check for every assignment: its model solution scores full marks, its release scores zero auto points."""

from __future__ import annotations

import nbformat
import pytest

from crmlab.grading import autograde, course, samples
from crmlab.grading.spec import load_spec

pytestmark = pytest.mark.slow

ASSIGNMENTS = course.assignments(course.TEMPLATE)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = course.init_course(tmp_path_factory.mktemp("all") / "course")
    course.release(root, *ASSIGNMENTS)
    for name in ASSIGNMENTS:
        for student, answers in (("solution", "solution"), ("release", "blank")):
            folder = root / "submitted" / student / name
            folder.mkdir(parents=True)
            nbformat.write(samples.submission(root, name, answers), folder / f"{name}.ipynb")
    # One assignment after the other (they share the gradebook), the two students of each at once.
    return root, {name: {o.student: o for o in autograde.autograde(root, name, timeout=120, jobs=2)}
                  for name in ASSIGNMENTS}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solution_scores_full_marks(graded, name):
    _, outcomes = graded
    solution = outcomes[name]["solution"]
    assert solution.status == "graded", solution.reason
    failing = {gid: c["message"] for gid, c in solution.cells.items() if not c["passed"]}
    assert not failing
    assert solution.auto_score == load_spec(course.TEMPLATE, name).ASSIGNMENT.auto_points


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_release_scores_zero(graded, name):
    _, outcomes = graded
    release = outcomes[name]["release"]
    assert release.status == "graded", release.reason
    assert release.auto_score == 0
    assert all("NotImplementedError" in c["message"] or "is not defined" in c["message"]
               for c in release.cells.values())
