"""The student version of an assignment, for the book: generated from the source at build time.

A book page calls ``student_version("value")`` in a hidden code cell. The first
page copies the course to a temporary folder and runs the real release step
there for every assignment (``nbgrader generate_assignment``: solutions, hidden
tests and model answers removed), as the *practice edition*: every reader gets
the same numbers and the self-checks work for anyone (an instructor's release
draws each student's own numbers). It is cached under a name made from the
course's content, so the other pages reuse it (``make book`` runs every page again when a spec
changes); it returns the
notebook, shown as Markdown with a download link that
carries the released ``.ipynb`` itself (a ``data:`` URI), so nothing generated
is ever committed or written into the repository.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from crmlab.grading.config import course_id
from crmlab.grading.course import COURSE_FILES, TEMPLATE, assignments, check_assignment, init_course, release
from crmlab.grading.selfcheck import SELF_CHECK_TAG
from crmlab.grading.spec import EVERYONE, load_spec
from crmlab.grading.variants import describe


class StudentVersion:
    """A released notebook; displays as Markdown (download link, then the cells, the numbers after the set-up)."""

    def __init__(self, name: str, text: str, numbers: str = "") -> None:
        self.name, self.text, self.numbers = name, text, numbers
        self.notebook = nbformat.reads(text, as_version=4)

    def download_link(self) -> str:
        data = base64.b64encode(self.text.encode("utf-8")).decode("ascii")
        return (f'<a class="crmlab-download" download="{self.name}.ipynb" '
                f'href="data:application/x-ipynb+json;base64,{data}">Download {self.name}.ipynb</a>')

    def _repr_markdown_(self) -> str:
        blocks = [f"{self.download_link()} (open it in Jupyter with `crmlab` installed; submit it as your "
                  "instructor tells you)."]
        for cell in self.notebook.cells:
            role = cell.metadata.get("nbgrader", {})
            if SELF_CHECK_TAG in cell.metadata.get("tags", []):
                continue
            if cell.cell_type == "markdown":
                # Headings two levels down: the page has its own title and the parts sit below it.
                blocks.append(re.sub(r"^(#{1,4}) ", r"\1## ", cell.source, flags=re.M))
            elif cell.cell_type == "code":
                label = ("*Your code:*" if role.get("solution") else "*Tests you can run:*" if role.get("grade")
                         else "*Set-up (run it first):*")
                blocks.append(f"{label}\n\n```python\n{cell.source}\n```")
                if role.get("grade_id") == "setup" and self.numbers:
                    blocks.append("*The numbers it sets (the same for every reader of this practice edition; in "
                                  "your instructor's copy they are drawn from your student id):*\n\n"
                                  f"```text\n{self.numbers}\n```")
        return "\n\n".join(blocks)


def _released(course: Path) -> Path:
    """Release every assignment once (the practice edition) into a cache folder named after the course's
    content and the release code; return it."""
    files = sorted(p for name in COURSE_FILES for p in [course / name, *(course / name).rglob("*")]
                   if p.is_file() and "__pycache__" not in p.parts)
    files += sorted(Path(__file__).parent.glob("*.py"))
    digest = hashlib.sha256(b"".join(str(p).encode() + p.read_bytes() for p in files))
    cache = Path(tempfile.gettempdir()) / "crmlab-student-versions" / digest.hexdigest()[:16]
    if not cache.is_dir():
        with tempfile.TemporaryDirectory() as scratch:
            copy = init_course(Path(scratch) / "course", template=course, course_id=course_id(course))
            release(copy, *assignments(copy), practice=True)
            cache.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):  # another page built it meanwhile
                shutil.copytree(copy / "release", Path(scratch) / "done")
                os.replace(Path(scratch) / "done", cache)
    return cache


def student_version(name: str, course: Path | str = TEMPLATE) -> StudentVersion:
    """The released (student) notebook of ``name``, generated from ``course`` by nbgrader (practice edition)."""
    course = Path(course)
    check_assignment(course, name)
    text = (_released(course) / name / f"{name}.ipynb").read_text(encoding="utf-8")
    assignment = load_spec(course, name).ASSIGNMENT
    return StudentVersion(name, text, describe(assignment.variant(course_id(course), EVERYONE)))


PAGES = "book/exercises/assignments"
"""Where ``tools/exercise_pages.py`` writes one book page per assignment (``_toc.yml`` finds them by a glob)."""


def exercise_page(name: str, course: Path = TEMPLATE) -> str:
    """The book page of assignment ``name``: its title and introduction, then its student version."""
    assignment = load_spec(course, name).ASSIGNMENT
    digest = hashlib.sha256((course / "assignments" / f"{name}.py").read_bytes()).hexdigest()[:12]
    return f"""---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
mystnb:
  render_markdown_format: myst
---

# {assignment.title}

<!-- covers: {' '.join(assignment.covers)} -->
<!-- Written by tools/exercise_pages.py from exercises/assignments/{name}.py: edit the spec, not this page. -->

{assignment.intro.strip()}

Below is the student version of the assignment, generated from its spec when this book was built (solutions,
hidden tests and model answers removed). This is the *practice edition*: every reader gets the same numbers,
and the test under each part tells you whether your answer is right. Download it, work in Jupyter, and, if you
take the course, submit the copy your instructor releases, whose numbers are drawn from your student id.

```{{code-cell}} python
:tags: [remove-input]
from crmlab.grading.book import student_version

student_version({name!r})  # spec {digest}: the page runs again when the spec changes
```
"""


def page_name(name: str, course: Path = TEMPLATE) -> str:
    """The file name (no suffix) of an assignment's page: its exercise number first, so pages sort in order."""
    number = re.match(r"Exercise (\d+)", load_spec(course, name).ASSIGNMENT.title)
    return f"{int(number.group(1)) if number else 99:02d}-{name}"


def exercises_table(course: Path = TEMPLATE) -> Markdown:
    """A Markdown table of every assignment (title, what it covers, points), linked to its page, in order."""
    rows = ["| Exercise | Covers | Points (auto + written) |", "| --- | --- | --- |"]
    for name in sorted(assignments(course), key=lambda n: page_name(n, course)):
        assignment = load_spec(course, name).ASSIGNMENT
        rows.append(f"| {{doc}}`{assignment.title} <assignments/{page_name(name, course)}>` | "
                    f"{', '.join(assignment.covers)} | {assignment.auto_points} + {assignment.manual_points} |")
    return Markdown("\n".join(rows))


class Markdown:
    """Text shown as Markdown in a page's output."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text
