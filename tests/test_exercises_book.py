"""The built book shows each student version with a download link, and no solution line anywhere.

Set CRMLAB_SITE to check a site built elsewhere (default: _build/html, built by `make book`).
"""

from __future__ import annotations

import base64
import html
import os
import re
from pathlib import Path

import nbformat
import pytest

from crmlab.grading.book import PAGES, page_name
from crmlab.grading.config import course_id
from crmlab.grading.course import TEMPLATE, assignments
from crmlab.grading.spec import inputs_source, load_spec, notebook

pytestmark = pytest.mark.book

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("CRMLAB_SITE", ROOT / "_build" / "html"))
DATA_URI = re.compile(r'href="data:application/x-ipynb\+json;base64,([A-Za-z0-9+/=]+)"')
BLOCK = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def secret_lines() -> set[str]:
    """Every line of every model solution, hidden test and model answer (long enough to be telling), as in
    the instructor's source notebooks of both languages (written from the specs), and each model answer and
    rubric criterion, but lines the student's copy also shows (the code that draws the numbers)."""
    lines, public = set(), set()
    for name in assignments(TEMPLATE):
        assignment = load_spec(TEMPLATE, name).ASSIGNMENT
        public |= {line.strip() for line in inputs_source(assignment).splitlines()}
        for lang in ("en", "zh"):
            for cell in notebook(assignment, course_id(TEMPLATE), lang).cells:
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type == "markdown" and meta.get("solution"):
                    lines.add(cell.source.strip())
                for _, block in BLOCK.findall(cell.source):
                    lines |= {line.strip() for line in block.splitlines()}
            for answer in assignment.written:  # the model answer and the criteria as a page would show them
                text = assignment.written_text(answer, lang)
                lines |= {text.model_answer.strip(), *text.criteria}
    return {line for line in lines - public if len(line) >= 12}


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make book` first (or set CRMLAB_SITE)")
    return SITE


def _texts(site: Path):
    """(path, text) for every HTML page and every notebook embedded in a page's download link."""
    for page in sorted(site.rglob("*.html")):
        text = html.unescape(page.read_text(encoding="utf-8"))
        yield page, text
        for encoded in DATA_URI.findall(text):
            yield page, base64.b64decode(encoded).decode("utf-8")
    for path in sorted(site.rglob("*.ipynb")):
        yield path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", assignments(TEMPLATE))
def test_each_student_version_is_shown_with_a_download(site, name):
    text = (site / PAGES / f"{page_name(name)}.html").read_text(encoding="utf-8")
    [encoded] = DATA_URI.findall(text)
    nb = nbformat.reads(base64.b64decode(encoded).decode("utf-8"), as_version=4)
    assignment = load_spec(TEMPLATE, name).ASSIGNMENT
    assert nb.cells[0].source.startswith(f"# {assignment.title}")
    stubs = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"]
    assert len(stubs) == len(assignment.parts)
    assert all("raise NotImplementedError()" in c.source for c in stubs)
    first_prompt = html.escape(assignment.parts[0].prompt.split("`")[0].strip()[:30])
    assert first_prompt in text
    assert "The numbers it sets" in text  # the practice edition's numbers, shown under the set-up


def test_every_assignment_has_a_page_in_the_index_and_the_table_of_contents(site):
    index = (site / "book" / "exercises" / "index.html").read_text(encoding="utf-8")
    for name in assignments(TEMPLATE):
        assert f'href="assignments/{page_name(name)}.html"' in index, name
        assert f"{page_name(name)}.html" in (site / "book" / "intro.html").read_text(encoding="utf-8")  # sidebar


def test_no_solution_or_hidden_test_line_anywhere_in_the_built_site(site):
    secrets = secret_lines()
    assert len(secrets) > 60  # the check has teeth: every assignment's solution lines
    leaks = [(str(path.relative_to(site)), line) for path, text in _texts(site) for line in secrets if line in text]
    assert not leaks, leaks[:5]
