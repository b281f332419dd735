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

from crmlab import _lang
from crmlab.grading.config import course_id
from crmlab.grading.course import COURSE_FILES, TEMPLATE, assignments, check_assignment, init_course, release
from crmlab.grading.selfcheck import SELF_CHECK_TAG
from crmlab.grading.spec import EVERYONE, load_spec
from crmlab.grading.variants import describe

TEXT = _lang.Messages(
    download={"en": "Download {name}.ipynb", "zh": "下载 {name}.ipynb"},
    open_it={"en": "(open it in Jupyter with `crmlab` installed; submit it as your instructor tells you).",
             "zh": "（在装有 `crmlab` 的 Jupyter 中打开；按教师的要求提交）。"},
    your_code={"en": "*Your code:*", "zh": "*你的代码*："},
    tests={"en": "*Tests you can run:*", "zh": "*可以运行的测试*："},
    setup={"en": "*Set-up (run it first):*", "zh": "*准备（先运行）*："},
    numbers={"en": "*The numbers it sets (the same for every reader of this practice edition; in your instructor's "
                   "copy they are drawn from your student id):*",
             "zh": "*它设定的数据（本练习版的每位读者都相同；教师发布的版本中，数据由你的学号生成）*："},
    below={"en": "Below is the student version of the assignment, generated from its spec when this book was built "
                 "(solutions,\nhidden tests and model answers removed). This is the *practice edition*: every reader "
                 "gets the same numbers,\nand the test under each part tells you whether your answer is right. "
                 "Download it, work in Jupyter, and, if you\ntake the course, submit the copy your instructor "
                 "releases, whose numbers are drawn from your student id.",
           "zh": "下面是本作业的学生版，在构建本书时由作业说明生成（已去掉参考答案、隐藏测试和书面作答的参考答案）。"
                 "这是*练习版*：每位读者的数据都相同，每一部分下面的测试会告诉你答案是否正确。下载后在 Jupyter 中"
                 "完成；如果你在修读本课程，请提交教师发布的版本，其中的数据由你的学号生成。"},
)
"""The exercise pages' own phrases in English and Chinese."""


class StudentVersion:
    """A released notebook; displays as Markdown (download link, then the cells, the numbers after the set-up)."""

    def __init__(self, name: str, text: str, numbers: str = "", lang: str = "en") -> None:
        self.name, self.text, self.numbers, self.lang = name, text, numbers, _lang.check(lang)
        self.notebook = nbformat.reads(text, as_version=4)

    def download_link(self) -> str:
        data = base64.b64encode(self.text.encode("utf-8")).decode("ascii")
        return (f'<a class="crmlab-download" download="{self.name}.ipynb" '
                f'href="data:application/x-ipynb+json;base64,{data}">{TEXT("download", self.lang, name=self.name)}</a>')

    def _repr_markdown_(self) -> str:
        blocks = [f"{self.download_link()} {TEXT('open_it', self.lang)}"]
        for cell in self.notebook.cells:
            role = cell.metadata.get("nbgrader", {})
            if SELF_CHECK_TAG in cell.metadata.get("tags", []):
                continue
            if cell.cell_type == "markdown":
                # Headings two levels down: the page has its own title and the parts sit below it.
                blocks.append(re.sub(r"^(#{1,4}) ", r"\1## ", cell.source, flags=re.M))
            elif cell.cell_type == "code":
                label = TEXT("your_code" if role.get("solution") else "tests" if role.get("grade") else "setup",
                             self.lang)
                blocks.append(f"{label}\n\n```python\n{cell.source}\n```")
                if role.get("grade_id") == "setup" and self.numbers:
                    blocks.append(f"{TEXT('numbers', self.lang)}\n\n```text\n{self.numbers}\n```")
        return "\n\n".join(blocks)


def _released(course: Path, lang: str = "en") -> Path:
    """Release every assignment once (the practice edition, in ``lang``) into a cache folder named after the
    course's content, the release code and the language; return it."""
    files = sorted(p for name in COURSE_FILES for p in [course / name, *(course / name).rglob("*")]
                   if p.is_file() and "__pycache__" not in p.parts)
    files += sorted(Path(__file__).parent.glob("*.py"))
    files += [Path(__file__).parent.parent / "_lang.py"]
    digest = hashlib.sha256(lang.encode() + b"".join(str(p).encode() + p.read_bytes() for p in files))
    cache = Path(tempfile.gettempdir()) / "crmlab-student-versions" / digest.hexdigest()[:16]
    if not cache.is_dir():
        with tempfile.TemporaryDirectory() as scratch:
            copy = init_course(Path(scratch) / "course", template=course, course_id=course_id(course))
            release(copy, *assignments(copy), practice=True, lang=lang)
            cache.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):  # another page built it meanwhile
                shutil.copytree(copy / "release", Path(scratch) / "done")
                os.replace(Path(scratch) / "done", cache)
    return cache


def student_version(name: str, course: Path | str = TEMPLATE, lang: str = "en") -> StudentVersion:
    """The released (student) notebook of ``name``, generated from ``course`` by nbgrader (practice edition),
    in ``lang``."""
    _lang.check(lang)
    course = Path(course)
    check_assignment(course, name)
    text = (_released(course, lang) / name / f"{name}.ipynb").read_text(encoding="utf-8")
    assignment = load_spec(course, name).ASSIGNMENT
    return StudentVersion(name, text, describe(assignment.variant(course_id(course), EVERYONE), lang), lang)


PAGES = "book/exercises/assignments"
"""Where ``tools/exercise_pages.py`` writes one book page per assignment (``_toc.yml`` finds them by a glob)."""


def exercise_page(name: str, course: Path = TEMPLATE, lang: str = "en") -> str:
    """The book page of assignment ``name``: its title and introduction, then its student version, in ``lang``
    (the Chinese edition's page is ``exercise_page(name, lang="zh")``; its code cell asks for the Chinese
    student version)."""
    _lang.check(lang)
    assignment = load_spec(course, name).ASSIGNMENT
    call = f"student_version({name!r})" if lang == "en" else f"student_version({name!r}, lang={lang!r})"
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

# {assignment.text("title", lang)}

<!-- covers: {' '.join(assignment.covers)} -->
<!-- Written by tools/exercise_pages.py from exercises/assignments/{name}.py: edit the spec, not this page. -->

{assignment.text("intro", lang).strip()}

{TEXT("below", lang)}

```{{code-cell}} python
:tags: [remove-input]
from crmlab.grading.book import student_version

{call}  # spec {digest}: the page runs again when the spec changes
```
"""


def page_name(name: str, course: Path = TEMPLATE) -> str:
    """The file name (no suffix) of an assignment's page: its exercise number first, so pages sort in order."""
    number = re.match(r"Exercise (\d+)", load_spec(course, name).ASSIGNMENT.title)
    return f"{int(number.group(1)) if number else 99:02d}-{name}"


TABLE_HEADINGS = _lang.Messages(heading={"en": "| Exercise | Covers | Points (auto + written) |",
                                         "zh": "| 练习 | 涵盖内容 | 分值（自动评分 + 书面作答） |"})


def exercises_table(course: Path = TEMPLATE, lang: str = "en") -> Markdown:
    """A Markdown table of every assignment (title, what it covers, points), linked to its page, in order.

    ``lang="zh"`` gives the Chinese headings and titles (the pages' names are the same in both editions).
    """
    rows = [TABLE_HEADINGS("heading", lang), "| --- | --- | --- |"]
    for name in sorted(assignments(course), key=lambda n: page_name(n, course)):
        assignment = load_spec(course, name).ASSIGNMENT
        rows.append(f"| {{doc}}`{assignment.text('title', lang)} <assignments/{page_name(name, course)}>` | "
                    f"{', '.join(assignment.covers)} | {assignment.auto_points} + {assignment.manual_points} |")
    return Markdown("\n".join(rows))


class Markdown:
    """Text shown as Markdown in a page's output."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text
