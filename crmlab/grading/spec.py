"""Assignment specs and the nbgrader source notebooks written from them.

An assignment is described once, in ``<course>/assignments/<name>.py``, as an
:class:`Assignment`: its text, a set-up cell, auto-graded :class:`Part` s (prompt,
model solution, visible tests, expected answers) and manually graded
:class:`Written` answers. :func:`notebook` turns it into the nbgrader source
notebook (solution and hidden-test markers, cell metadata, points); the hidden
tests are generated from the expected answers, so the key and the tests cannot
disagree. ``exercises/make_sources.py`` writes every source notebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nbformat

from crmlab.grading.answers import Expect


@dataclass(frozen=True)
class Part:
    """An auto-graded part: the student writes code that sets the variables named in ``answers``."""

    grade_id: str
    points: int
    prompt: str
    solution: str
    visible: str
    answers: dict[str, Expect]


@dataclass(frozen=True)
class Written:
    """A manually graded written answer (e.g. an interpretation for a manager)."""

    grade_id: str
    points: int
    prompt: str
    model_answer: str


@dataclass(frozen=True)
class Assignment:
    """One nbgrader assignment with a single notebook named after it."""

    name: str
    title: str
    covers: tuple[str, ...]
    intro: str
    setup: str
    parts: tuple[Part, ...]
    written: tuple[Written, ...] = field(default_factory=tuple)

    @property
    def auto_points(self) -> int:
        return sum(part.points for part in self.parts)

    @property
    def manual_points(self) -> int:
        return sum(answer.points for answer in self.written)


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _points(points: int) -> str:
    return "1 point" if points == 1 else f"{points} points"


def hidden_tests(assignment: str, part: Part) -> str:
    """The hidden-test block of a part: one receipt-and-check call per expected answer."""
    calls = "\n".join(f"check({assignment!r}, {name!r}, {name})" for name in part.answers)
    return f"### BEGIN HIDDEN TESTS\nfrom crmlab.grading.check import check\n{calls}\n### END HIDDEN TESTS"


def notebook(assignment: Assignment) -> nbformat.NotebookNode:
    """The nbgrader source notebook of ``assignment``."""
    new_md, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    total = assignment.auto_points + assignment.manual_points
    header = (f"# {assignment.title}\n\n{assignment.intro.strip()}\n\n"
              f"**Points:** {assignment.auto_points} auto-graded + {assignment.manual_points} for written "
              f"answers = {total}. Write your code where it says `# YOUR CODE HERE` (delete the "
              "`raise NotImplementedError()` line) and your written answers where it says "
              "`YOUR ANSWER HERE`. Run every cell from the top (*Kernel → Restart & Run All*) before you "
              "submit; the tests you can see help you, more are run when your work is graded.\n\n"
              f"<!-- covers: {' '.join(assignment.covers)} -->")
    cells = [new_md(header, metadata=_meta("intro", locked=True)),
             new_code(assignment.setup.strip(), metadata=_meta("setup", locked=True))]
    for number, part in enumerate(assignment.parts, start=1):
        graded = "; ".join(f"`{name}`: {expect.describe()}" for name, expect in part.answers.items())
        cells.append(new_md(f"## Part {number} ({_points(part.points)})\n\n{part.prompt.strip()}\n\n"
                            f"*Graded:* {graded}.",
                            metadata=_meta(f"{part.grade_id}-prompt", locked=True)))
        cells.append(new_code(f"### BEGIN SOLUTION\n{part.solution.strip()}\n### END SOLUTION",
                              metadata=_meta(f"{part.grade_id}-answer", solution=True)))
        tests = f"{part.visible.strip()}\n{hidden_tests(assignment.name, part)}"
        cells.append(new_code(tests, metadata=_meta(part.grade_id, grade=True, locked=True, points=part.points)))
    for answer in assignment.written:
        cells.append(new_md(f"## Written answer ({_points(answer.points)}, graded by your instructor)\n\n"
                            f"{answer.prompt.strip()}", metadata=_meta(f"{answer.grade_id}-prompt", locked=True)))
        # The whole cell is the model answer: the release replaces it with "YOUR ANSWER HERE".
        cells.append(new_md(f"**Model answer (instructors only).** {answer.model_answer.strip()}",
                            metadata=_meta(answer.grade_id, grade=True, solution=True, points=answer.points)))
    for cell in cells:  # stable ids, so that regenerating a notebook changes nothing
        cell.id = cell.metadata["nbgrader"]["grade_id"]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                        "language_info": {"name": "python"}, "covers": list(assignment.covers)})
    return nb
