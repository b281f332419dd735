"""Accessibility: axe-core on every page (light and dark colour modes), and keyboard navigation.

axe-core comes from npm (``node_modules/axe-core/axe.min.js``) and is injected into the page from disk,
so the check needs no network. A serious or critical violation on any page fails the test; the message
names the rule, its help text and the first offending elements.
"""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}

RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: (n.failureSummary || '').slice(0, 200)})),
  }));
}
"""


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci installs axe-core)")
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:4]:
            lines.append(f"    {node['target']}  -- {node['summary'].splitlines()[-1] if node['summary'] else ''}")
    return "\n".join(lines)


def set_mode(page, mode: str) -> None:
    """Switch pydata-sphinx-theme's colour mode the way its switcher does, and wait for the repaint.

    CSS transitions are switched off first: axe must see the final colours, not a fade half-way."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate(
        """(mode) => {
            localStorage.setItem('mode', mode); localStorage.setItem('theme', mode);
            document.documentElement.dataset.mode = mode; document.documentElement.dataset.theme = mode;
        }""",
        mode,
    )
    page.wait_for_timeout(100)


def test_no_serious_axe_violation_in_light_or_dark_mode(open_page, site_page):
    page = open_page(site_page)
    report = []
    for mode in ("light", "dark"):
        set_mode(page, mode)
        if violations := axe_violations(page):
            report.append(f"{mode} mode:\n{describe(violations)}")
    assert not report, f"{site_page}:\n" + "\n".join(report)


def test_axe_finds_a_planted_contrast_and_alt_problem(open_page, site_pages):
    """The check can fail: pale grey text and an image without alt text are reported."""
    page = open_page(site_pages[0])
    page.evaluate(
        """() => {
            const main = document.querySelector('main') || document.body;
            const p = document.createElement('p');
            p.textContent = 'Barely visible text'; p.style.color = '#eeeeee'; p.style.background = '#ffffff';
            const img = document.createElement('img'); img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            main.prepend(p, img);
        }"""
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"color-contrast", "image-alt"} <= found, json.dumps(sorted(found))


FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const name = (el.getAttribute('aria-label') || el.innerText || el.getAttribute('title') || el.value || '').trim();
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: String(el.className).slice(0, 60),
          name: name.slice(0, 40), width: box.width, height: box.height,
          indicator: outline || shadow};
}
"""


def test_keyboard_navigation_reaches_content_with_visible_focus(open_page, site_pages):
    """Tab first lands on the skip link, which moves to the main content; focus is always visible."""
    start = next((p for p in site_pages if p.startswith("book/")), site_pages[0])
    page = open_page(start)
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first and "skip" in first["name"].lower(), f"first Tab stop is not the skip link: {first}"
    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    assert page.evaluate("() => location.hash") == "#main-content"

    problems, names = [], []
    for _ in range(25):
        page.keyboard.press("Tab")
        el = page.evaluate(FOCUSED)
        if el is None:
            break
        names.append(el["name"] or el["tag"])
        where = f"{el['tag']}#{el['id']}.{el['cls']} {el['name']!r}"
        if el["width"] == 0 or el["height"] == 0:
            problems.append(f"focus on an invisible element: {where}")
        elif not el["indicator"]:
            problems.append(f"no visible focus indicator: {where}")
        if not el["name"] and el["tag"] in {"a", "button"}:
            problems.append(f"focusable without an accessible name: {where}")
    assert len(set(names)) > 5, f"Tab does not move through the page: {names}"
    assert not problems, f"{start}:\n" + "\n".join(problems)
