"""The pages in real JupyterLab, as a self-learner opens them: headless Chromium against ``jupyter lab``.

A chapter page and a case are opened from the file browser's path (a ``.md``
file must open as a notebook), all their cells are run in a kernel, and then:
admonitions and dropdowns render as such (jupyterlab-myst), self-check answers
stay folded, math is typeset, cross-references are numbered, a glued number
shows as the number the book shows (book/assets/jupyterlab), and moving a
calculator's control changes its sentence to crmlab's.

The pages are copied to a temporary folder first (JupyterLab saves what it
opens, and jupytext would rewrite the .md files); JupyterLab's settings,
workspaces and runtime files are kept there too, so nothing of the reader's
own JupyterLab is read or changed.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from crmlab.calculators import guest_journey_calculator, target_cost_calculator

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("book/value/value-for-money.md", "cases/oriental-hotel.md")
JUPYTER = Path(sys.executable).parent / "jupyter"

KERNEL_IDLE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""

KNOWN = "_markdownOverlapsToolbar"
"""JupyterLab 4.6's cell toolbar fails to measure a Markdown cell that jupyterlab-myst 2.7 renders (it looks for the
renderer JupyterLab's own Markdown cells have) and so does not show its toolbar over that cell: harmless, upstream."""

RUN_ALL = """() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"""

SETTLED = """() => {
  const shown = '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt';
  const prompts = Array.from(document.querySelectorAll(shown));
  return prompts.length > 0 && prompts.every((p) => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running ``jupyter lab`` serving copies of the pages: its URL."""
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "course"
    for page in PAGES:
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / page, root / page)
    settings = home / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    port = free_port()
    command = [str(JUPYTER), "lab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
               "--IdentityProvider.token=", "--ServerApp.password=", "--LabApp.expose_app_in_browser=True",
               f"--ServerApp.root_dir={root}"] + (["--allow-root"] if os.geteuid() == 0 else [])
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url + "api/status", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"jupyter lab did not start: {(home / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
    yield url
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture
def lab_page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    page = context.new_page()
    page.external_requests, page.errors = [], []
    context.route(lambda url: not url.startswith(lab), lambda route: (page.external_requests.append(
        route.request.url), route.abort()))
    page.on("pageerror", lambda error: None if KNOWN in (error.stack or "") else page.errors.append(str(error)))
    yield page
    context.close()


def open_and_run(page, lab, path: str) -> None:
    # A workspace of its own, reset: JupyterLab would otherwise restore the notebooks an earlier test opened, in
    # background tabs, and the selectors below would find their cells first.
    workspace = path.replace("/", "-").replace(".", "-")
    page.goto(f"{lab}lab/workspaces/{workspace}/tree/{path}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-MarkdownCell .myst", timeout=90_000)
    page.wait_for_function(KERNEL_IDLE, timeout=90_000, polling=250)
    page.evaluate(RUN_ALL)
    page.wait_for_function(SETTLED, timeout=180_000, polling=500)
    page.wait_for_timeout(1000)  # the last outputs render, the glued numbers are written in


def sentence(page, index: int) -> str:
    return page.locator(".crmlab-calc-widget .crmlab-calc-result").nth(index).text_content()


def wait_for_sentence(page, index: int, expected: str) -> str:
    page.wait_for_function("([i, text]) => document.querySelectorAll('.crmlab-calc-widget .crmlab-calc-result')[i]"
                           ".textContent === text", arg=[index, expected], timeout=30_000)
    return sentence(page, index)


def test_a_chapter_page_opens_as_a_notebook_and_reads_like_the_book(lab_page, lab):
    page = lab_page
    open_and_run(page, lab, PAGES[0])
    facts = page.evaluate("""() => {
      const md = Array.from(document.querySelectorAll('.jp-MarkdownCell .myst'));
      return {editors: document.querySelectorAll('.jp-FileEditor').length,
              admonitions: Array.from(document.querySelectorAll('aside.myst-admonition')).map((a) => a.textContent),
              definitions: document.querySelectorAll('.jp-MarkdownCell .myst [class*="proof"]').length,
              raw: md.filter((m) => /:class:|```\\{|\\{glue|\\{eq\\}/.test(m.textContent)).map((m) => m.textContent),
              math: document.querySelectorAll('.jp-MarkdownCell .myst .katex').length,
              refs: Array.from(document.querySelectorAll('.jp-MarkdownCell .myst a')).map((a) => a.textContent)};
    }""")
    assert facts["editors"] == 0  # opened as a notebook (jupytext), not as text
    assert any(text.startswith("What you will be able to do") for text in facts["admonitions"])
    assert facts["definitions"] >= 1 and facts["math"] >= 1 and "(1)" in facts["refs"]
    assert facts["raw"] == [], "MyST shown as raw text"
    # Glued numbers show as the book shows them: a £20 price less a 25 % margin allows £20 × 0.75 = £15; £17 − £15.
    glued = dict(page.evaluate("""() => Array.from(document.querySelectorAll('[data-crmlab-glue]'))
                                            .map((s) => [s.dataset.crmlabGlue, s.textContent])"""))
    assert glued["jumper_target:.0f"] == "15" and glued["jumper_gap:.0f"] == "2"
    assert glued["jumper_margin_today:.0%"] == "15%"  # (20 − 17) / 20, as Python's format writes it

    # The calculator is live: the price slider's handle takes the keyboard, the kernel recomputes.
    calculator = target_cost_calculator()
    assert sentence(page, 0) == calculator.sentence()
    handle = page.locator(".crmlab-calc-widget .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press("ArrowRight")  # price 20 → 21: target 21 × 0.75 = 15.75
    assert "may cost at most 15.75" in wait_for_sentence(page, 0, calculator.sentence(price=21))
    assert page.external_requests == [] and page.errors == []


def test_a_case_runs_in_jupyterlab_with_live_calculators_and_folded_answers(lab_page, lab):
    page = lab_page
    open_and_run(page, lab, PAGES[1])
    # JupyterLab renders Markdown cells as they scroll into view: wait for the self-checks at the end.
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.jp-MarkdownCell .myst details summary'))
                                    .filter((s) => s.textContent.startsWith('Answer to question')).length >= 2""",
                           timeout=120_000)
    folded = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-MarkdownCell .myst details'))
                                     .map((d) => [d.querySelector('summary').textContent, d.open])""")
    answers = [open_ for summary, open_ in folded if summary.startswith("Answer to question")]
    assert len(answers) >= 2 and not any(answers)  # the self-check answers stay folded
    glued = dict(page.evaluate("""() => Array.from(document.querySelectorAll('[data-crmlab-glue]'))
                                            .map((s) => [s.dataset.crmlabGlue, s.textContent])"""))
    # Question 1: 300 / (1.08 − 0.8) = 1,071.43 dollars.
    assert glued["oh-q1:,.2f"] == "1,071.43"
    assert page.locator(".crmlab-calc-widget").count() == 2
    journey = guest_journey_calculator()
    assert sentence(page, 0) == journey.sentence()
    box = page.locator(".crmlab-calc-widget").first
    postcard = box.locator(".widget-checkbox", has_text="birthday postcard").locator("input")
    postcard.scroll_into_view_if_needed()
    postcard.click()  # no postcard: personalised and timely service build affective trust, not behavioural
    assert wait_for_sentence(page, 0, journey.sentence(postcard=False)).endswith(
        "after the postcard: affective (情感信任).")
    assert page.external_requests == [] and page.errors == []
