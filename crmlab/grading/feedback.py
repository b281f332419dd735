"""Feedback HTML that shows no hidden test, runs no student script and loads nothing from the internet.

nbgrader's default feedback shows hidden tests (in the test cell and in the
traceback of a failing test), shows a notebook's own HTML and JavaScript
outputs as they are (a ``<script>`` a student printed runs in every browser
that opens the page) and loads MathJax 2 from a CDN. The course's
``nbgrader_config.py`` puts :class:`crmlab.grading.preprocessors.HideHiddenTests`
and :class:`crmlab.grading.preprocessors.SanitizeStudentHTML` in the feedback
preprocessors (so even plain ``nbgrader generate_feedback`` does both), and
:func:`generate_feedback` replaces the CDN script with a local MathJax 3 inlined
in the page, under a Content-Security-Policy that lets only that MathJax run and
nothing load from elsewhere, so a student can open the file offline and safely.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from crmlab import _lang
from crmlab.grading.course import (
    CourseError,
    check_assignment,
    find_course,
    nbgrader_errors,
    release_lang,
    run_nbgrader,
)

TEXT = _lang.Messages(
    not_graded={"en": r"\1 (not graded yet; out of \2)", "zh": r"\1（尚未评分；满分 \2）"},
    not_graded_cell={"en": r"\1Not graded yet (out of \2)", "zh": r"\1尚未评分（满分 \2）"},
    so_far={"en": r"\1 (Score so far: \2 / \3; written answers not graded yet)</h4>",
            "zh": r"\1（目前得分：\2 / \3；书面作答尚未评分）</h4>"},
    notes={"en": "Notes from the grader", "zh": "评分说明"},
)
"""What crmlab adds to nbgrader's feedback page, in the release's language (as replacements of
:func:`re.sub`: ``\\1`` … are the matched parts kept)."""

_MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_EXTERNAL = re.compile(r"""<(script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^>]*>(?:\s*</script>)?""",
                       re.I)
# The menu is off: its speech and explorer options would fetch code from a CDN.
_MATHJAX_CONFIG = ("window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}, "
                   "svg: {fontCache: 'global'}, options: {enableMenu: false}};")


MATHJAX = Path(__file__).resolve().parent / "vendor" / "tex-svg.js"
"""MathJax 3 (TeX in, SVG out) in one file, inside the package (``make`` copies it from the pinned npm package;
``make dist`` ships it in the wheel), so feedback pages typeset formulas offline."""


JUPYTER_DATA = MATHJAX.parent / "jupyter"
"""A Jupyter data folder whose ``nbconvert/templates/base/mathjax.html.j2`` (written by
:func:`write_mathjax_template`) stands in for nbconvert's, which loads MathJax 2 from a CDN. Put first on
``JUPYTER_PATH`` (``crmlab formgrader`` and ``crmlab feedback`` do), it makes formgrader's pages and the
feedback pages typeset with the package's own MathJax, offline; formgrader's template calls the macro
without a URL, so no setting of nbgrader or Jupyter can do it."""


def write_mathjax_template() -> Path:
    """Write nbconvert's ``mathjax`` macro with MathJax 3 inline, under :data:`JUPYTER_DATA`."""
    scripts = mathjax_scripts()
    body = "\n".join(f"<script>{{% raw %}}{script}{{% endraw %}}</script>" for script in scripts)
    path = JUPYTER_DATA / "nbconvert" / "templates" / "base" / "mathjax.html.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{%- macro mathjax(url=None) -%}\n<!-- Load mathjax -->\n" + body
                    + "\n<!-- End of mathjax configuration -->\n{%- endmacro %}\n", encoding="utf-8")
    return path


def mathjax_scripts() -> list[str]:
    """The bodies of the two scripts of a self-contained MathJax 3: its configuration, then MathJax itself
    ([] when the package was built without it: formulas then show as TeX)."""
    if not MATHJAX.is_file():
        return []
    return [_MATHJAX_CONFIG, MATHJAX.read_text(encoding="utf-8").replace("</script", "<\\/script")]


def content_policy(scripts: list[str]) -> str:
    """A Content-Security-Policy that lets exactly ``scripts`` (inline, by hash) run, images come only from the
    page itself, and nothing load from anywhere."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
            f"script-src {hashes or chr(39) + 'none' + chr(39)}; form-action 'none'; base-uri 'none'")


def offline_html(html: str, scripts: list[str]) -> str:
    """The feedback page with its CDN MathJax replaced by ``scripts``, every other external script removed, and
    a Content-Security-Policy that allows nothing but ``scripts`` to run."""
    mathjax = "\n".join(f"<script>{script}</script>" for script in scripts)
    html = _MATHJAX_BLOCK.sub(lambda _: mathjax or "<!-- MathJax not available: formulas show as TeX -->", html)
    policy = f'<meta http-equiv="Content-Security-Policy" content="{content_policy(scripts)}">'
    html = re.sub(r"<head>", lambda _: f"<head>\n{policy}", _EXTERNAL.sub("", html), count=1)
    return html


@dataclass
class Feedback:
    """What :func:`generate_feedback` made: the pages published, the submissions held back (written answers not
    graded yet), and the LMS zip, if one was asked for."""

    pages: list[Path] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    zip: Path | None = None
    left_out: list[str] = field(default_factory=list)


def _pending_cells(course: Path, assignment: str) -> dict[str, list[str]]:
    """student → the written cells of their submission that still need grading by hand."""
    from nbgrader.api import Gradebook

    from crmlab.grading.config import course_id, gradebook_url

    pending: dict[str, list[str]] = {}
    with Gradebook(gradebook_url(course), course_id(course)) as gradebook:
        for submission in gradebook.assignment_submissions(assignment):
            cells = [grade.name for notebook in submission.notebooks for grade in notebook.grades
                     if grade.needs_manual_grade]
            if cells:
                pending[submission.student.id] = cells
    return pending


TOTAL = r"(<h4>[^<]*) \(Score: ([\d.]+) / ([\d.]+)\)</h4>"
"""The notebook's total score at the top of nbgrader's feedback page."""


def mark_not_graded(html: str, cells: list[str], lang: str = "en") -> str:
    """The page with each of ``cells``' score ("Score: 0.0 / 3.0" for an answer nobody graded yet) replaced by
    "not graded yet", and the notebook's total said to be partial."""
    for cell in cells:
        name = re.escape(cell)
        html = re.sub(rf'(<a href="#{name}">[^<]*</a>) \(Score: [\d.]+ / ([\d.]+)\)',
                      TEXT("not_graded", lang), html)
        html = re.sub(rf'(<a name="{name}"></a>.*?<span class="pull-right">\s*)Score: [\d.]+ / ([\d.]+)',
                      TEXT("not_graded_cell", lang), html, count=1, flags=re.S)
    return re.sub(TOTAL, TEXT("so_far", lang), html, count=1)


NBGRADER_WORDS = {"zh": (
    (TOTAL, r"\1（得分：\2 / \3）</h4>"),
    (r'(<li><a href="#[^"]*">)Test cell(</a>)', r"\1测试单元\2"),
    (r'(<li><a href="#[^"]*">)Written response(</a>)', r"\1书面作答\2"),
    (r'(<li><a href="#[^"]*">)Coding free-response(</a>)', r"\1代码作答\2"),
    (r'(<li><a href="#[^"]*">)Task(</a>)', r"\1任务\2"),
    (r'(<li><a href="#[^"]*">)Comment(</a>)', r"\1评语\2"),
    (r"(</a>) \(Score: ([\d.]+) / ([\d.]+)\)</li>", r"\1（得分：\2 / \3）</li>"),
    (r'(<li class="late-penalty">)Late submission penalty \(Score: -([\d.]+)\)', r"\1迟交扣分（-\2 分）"),
    (r'(<span class="pull-right">\s*)Score: ([\d.]+) / ([\d.]+)', r"\1得分：\2 / \3"),
    (r'<a href="#top">\(Top\)</a>', '<a href="#top">（回到顶部）</a>'),
    (r'<span class="nbgrader-label">Student\'s answer</span>', '<span class="nbgrader-label">学生的作答</span>'),
    (r'<span class="nbgrader-label">Grade cell: ', '<span class="nbgrader-label">评分单元：'),
    (r'<span class="nbgrader-label">Task: ', '<span class="nbgrader-label">任务：'),
    (r"<b>Comments:</b>", "<b>评语：</b>"),
)}
"""The words of nbgrader's feedback template (``formgrader/templates/feedback/index.html.j2``) in other
languages, as (pattern, replacement) pairs of :func:`re.sub`: each pattern holds the template's markup around the
words, so a student's own text is never changed."""


def in_language(html: str, lang: str) -> str:
    """The page in ``lang``, the release's language: marked so (``<html lang>``: fonts, screen readers), and
    nbgrader's own words (:data:`NBGRADER_WORDS`) written in it. Run it last: the other steps read nbgrader's
    English.

    >>> in_language("<html><body>", "zh")
    '<html lang="zh-CN"><body>'
    >>> in_language('<li><a href="#part">Test cell</a> (Score: 1.0 / 2.0)</li>', "zh")
    '<li><a href="#part">测试单元</a>（得分：1.0 / 2.0）</li>'
    """
    for pattern, replacement in NBGRADER_WORDS.get(lang, ()):
        html = re.sub(pattern, replacement, html)
    return re.sub(r"<html(?![^>]*\blang=)([^>]*)>", lambda m: f'<html lang="{_lang.HTML_LANG[lang]}"{m.group(1)}>',
                  html, count=1)


def notes_banner(html: str, notes: list[str], lang: str = "en") -> str:
    """The page with the grader's notes about this submission at its top (restored cells, limits reached …)."""
    if not notes:
        return html
    items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    banner = (f'<div class="crmlab-notes" role="note" style="border:1px solid #c90;background:#fff8e6;'
              f'padding:.5rem 1rem;margin:1rem 0"><strong>{TEXT("notes", lang)}</strong><ul>{items}</ul></div>')
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, html, count=1)


def generate_feedback(course: Path | str, assignment: str, include_ungraded: bool = False,
                      lms: str | None = None) -> Feedback:
    """Run ``nbgrader generate_feedback``, make every page offline and tell each student what the grader noted.

    A submission whose written answers are not graded yet is held back (no page), unless ``include_ungraded``:
    its page then says "not graded yet" for them, never a score of 0. ``lms`` ("canvas" or "moodle") also
    writes a zip of the pages for that LMS's feedback upload.
    """
    from crmlab.grading import lms as lms_files
    from crmlab.grading import outcomes

    course = find_course(course)
    check_assignment(course, assignment)
    if not any((course / "autograded").glob(f"*/{assignment}")):
        raise CourseError(f"nothing autograded for {assignment} yet: run `crmlab autograde {assignment}` first")
    result = run_nbgrader(course, "generate_feedback", assignment, "--force")
    if result.returncode != 0:
        raise CourseError(f"nbgrader generate_feedback failed:\n{nbgrader_errors(result)}")
    scripts = mathjax_scripts()
    pending = _pending_cells(course, assignment)
    lang = release_lang(course, assignment)
    done = Feedback()
    for page in sorted((course / "feedback").glob(f"*/{assignment}/*.html")):
        student = page.parent.parent.name
        if student in pending and not include_ungraded:
            page.unlink()
            done.pending.append(student)
            continue
        html = offline_html(page.read_text(encoding="utf-8"), scripts)
        if student in pending:
            html = mark_not_graded(html, pending[student], lang)
        record = outcomes.load(course, assignment, student)
        html = in_language(notes_banner(html, (record.notes + record.flags) if record else [], lang), lang)
        page.write_text(html, encoding="utf-8")
        done.pages.append(page)
    if lms:
        done.zip, done.left_out = lms_files.feedback_zip(course, assignment, done.pages, lms)
    return done
