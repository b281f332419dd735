"""Formgrader and the feedback pages, offline: MathJax typesets with no CDN, graders see rubrics, students don't.

A real Jupyter server with nbgrader's formgrader runs on a graded course; headless Chromium, allowed to load
nothing but that server, opens a submission to grade: its formulas are typeset by the package's MathJax (no
"MathJax is not defined"), each written answer has its model answer and rubric below it. The same
submission's feedback page, opened as a file, typesets its formulas too and shows no rubric.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from crmlab.grading import autograde, course, feedback, samples

    root = course.init_course(tmp_path_factory.mktemp("formgrader") / "course")
    course.release(root, "satisfaction")  # its prompts have formulas ($SQ_i = …$)
    folder = root / "submitted" / "1001" / "satisfaction"
    folder.mkdir(parents=True)
    nbformat.write(samples.submission(root, "satisfaction"), folder / "satisfaction.ipynb")
    autograde.autograde(root, "satisfaction")
    feedback.generate_feedback(root, "satisfaction", include_ungraded=True)
    return root


@pytest.fixture(scope="module")
def server(graded, tmp_path_factory):
    """`crmlab formgrader`, as an instructor starts it (no token here: the test's own loopback server)."""
    port = _free_port()
    config = tmp_path_factory.mktemp("jupyter-config")
    (config / "jupyter_server_config.py").write_text(
        "c.IdentityProvider.token = ''\nc.ServerApp.allow_root = True\nc.ServerApp.disable_check_xsrf = True\n",
        encoding="utf-8")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config))
    process = subprocess.Popen([sys.executable, "-m", "crmlab.cli", "--course", str(graded), "formgrader",
                                f"--port={port}", "--no-browser"], cwd=graded, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("jupyter server did not start")
    yield url
    os.killpg(process.pid, 15)
    process.wait(timeout=30)


def _browse(browser, url: str, only: str):
    """Open ``url`` in the suite's Chromium, loading nothing but from ``only``; the page, the requests it tried."""
    tried = []
    context = browser.new_context()
    try:
        page = context.new_page()

        def guard(route):
            tried.append(route.request.url)
            return route.continue_() if route.request.url.startswith(only) else route.abort()

        page.route("**/*", guard)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.wait_for_function("window.MathJax && window.MathJax.startup && window.MathJax.startup.promise")
        page.evaluate("window.MathJax.startup.promise")
        typeset = page.locator("mjx-container").count()
        text = page.inner_text("body")
    finally:
        context.close()
    return typeset, text, errors, [u for u in tried if not u.startswith(only)]


def test_formgrader_typesets_offline_and_shows_the_rubric(browser, server, graded):
    from nbgrader.api import Gradebook

    from crmlab.grading.config import course_id, gradebook_url

    with Gradebook(gradebook_url(graded), course_id(graded)) as gradebook:
        submission = gradebook.find_submission_notebook("satisfaction", "satisfaction", "1001").id
    typeset, text, errors, outside = _browse(browser, f"{server}/formgrader/submissions/{submission}/?index=0", server)
    assert outside == [] and not [e for e in errors if "MathJax" in e]
    assert typeset >= 1
    assert "For the grader (3 points): model answer." in text and "Rubric." in text


def test_feedback_typesets_offline_and_shows_no_rubric(browser, graded):
    page = graded / "feedback" / "1001" / "satisfaction" / "satisfaction.html"
    typeset, text, errors, outside = _browse(browser, page.as_uri(), "file://")
    assert outside == [] and not errors and typeset >= 1
    assert "For the grader" not in text and "Rubric." not in text
