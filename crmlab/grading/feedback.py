"""Feedback HTML that shows no hidden test and loads nothing from the internet.

nbgrader's default feedback shows hidden tests (in the test cell and in the
traceback of a failing test) and loads MathJax 2 from a CDN. The course's
``nbgrader_config.py`` puts :class:`crmlab.grading.preprocessors.HideHiddenTests` in the feedback
preprocessors (so even plain ``nbgrader generate_feedback`` hides them), and
:func:`generate_feedback` replaces the CDN script with a local MathJax 3
inlined in the page, so a student can open the file offline.
"""

from __future__ import annotations

import re
from pathlib import Path

from crmlab.grading.course import CourseError, check_assignment, find_course, nbgrader_errors, run_nbgrader

_MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_EXTERNAL = re.compile(r"""<(script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^>]*>(?:\s*</script>)?""",
                       re.I)
# The menu is off: its speech and explorer options would fetch code from a CDN.
_MATHJAX_CONFIG = ("<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}, "
                   "svg: {fontCache: 'global'}, options: {enableMenu: false}};</script>")


def mathjax_script() -> str:
    """A self-contained MathJax 3 (SVG output) from the site's vendored copy or node_modules, or ''."""
    root = Path(__file__).resolve().parent.parent.parent
    for candidate in (root / "_vendor" / "mathjax" / "tex-svg.js",
                      root / "node_modules" / "mathjax" / "es5" / "tex-svg.js"):
        if candidate.is_file():
            code = candidate.read_text(encoding="utf-8").replace("</script", "<\\/script")
            return f"{_MATHJAX_CONFIG}\n<script>{code}</script>"
    return ""


def offline_html(html: str, mathjax: str) -> str:
    """The feedback page with its CDN MathJax replaced by ``mathjax`` and every other external script removed."""
    html = _MATHJAX_BLOCK.sub(lambda _: mathjax or "<!-- MathJax not available: formulas show as TeX -->", html)
    return _EXTERNAL.sub("", html)


def generate_feedback(course: Path | str, assignment: str) -> list[Path]:
    """Run ``nbgrader generate_feedback`` and make every page offline; returns the HTML files."""
    course = find_course(course)
    check_assignment(course, assignment)
    if not any((course / "autograded").glob(f"*/{assignment}")):
        raise CourseError(f"nothing autograded for {assignment} yet: run `crmlab autograde {assignment}` first")
    result = run_nbgrader(course, "generate_feedback", assignment, "--force")
    if result.returncode != 0:
        raise CourseError(f"nbgrader generate_feedback failed:\n{nbgrader_errors(result)}")
    mathjax = mathjax_script()
    pages = sorted((course / "feedback").glob(f"*/{assignment}/*.html"))
    for page in pages:
        page.write_text(offline_html(page.read_text(encoding="utf-8"), mathjax), encoding="utf-8")
    return pages
