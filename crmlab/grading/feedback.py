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
from pathlib import Path

from crmlab.grading.course import CourseError, check_assignment, find_course, nbgrader_errors, run_nbgrader

_MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_EXTERNAL = re.compile(r"""<(script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^>]*>(?:\s*</script>)?""",
                       re.I)
# The menu is off: its speech and explorer options would fetch code from a CDN.
_MATHJAX_CONFIG = ("window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}, "
                   "svg: {fontCache: 'global'}, options: {enableMenu: false}};")


MATHJAX = Path(__file__).resolve().parent / "vendor" / "tex-svg.js"
"""MathJax 3 (TeX in, SVG out) in one file, inside the package (``make`` copies it from the pinned npm package;
``make dist`` ships it in the wheel), so feedback pages typeset formulas offline."""


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


def generate_feedback(course: Path | str, assignment: str) -> list[Path]:
    """Run ``nbgrader generate_feedback`` and make every page offline; returns the HTML files."""
    course = find_course(course)
    check_assignment(course, assignment)
    if not any((course / "autograded").glob(f"*/{assignment}")):
        raise CourseError(f"nothing autograded for {assignment} yet: run `crmlab autograde {assignment}` first")
    result = run_nbgrader(course, "generate_feedback", assignment, "--force")
    if result.returncode != 0:
        raise CourseError(f"nbgrader generate_feedback failed:\n{nbgrader_errors(result)}")
    scripts = mathjax_scripts()
    pages = sorted((course / "feedback").glob(f"*/{assignment}/*.html"))
    for page in pages:
        page.write_text(offline_html(page.read_text(encoding="utf-8"), scripts), encoding="utf-8")
    return pages
