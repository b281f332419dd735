"""Every page of the built site, loaded in Chromium at desktop width.

For each page: nothing is requested from another host, no console error, no local asset answers 404;
math is typeset by MathJax; ipywidget snapshots and vega-embed charts render; every image has a real
text alternative; and the bytes the page transfers on first load stay within the budget (reported in
the terminal summary).
"""

import re

import pytest

pytestmark = pytest.mark.browser

# A chapter page, MathJax included, must transfer less than this on first load.
PAGE_BUDGET = 3 * 1024 * 1024

FACTS = """
() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const math = Array.from(document.querySelectorAll('.bd-article .math, .bd-article .amsmath'));
  const untypeset = math.filter((el) => !el.querySelector('mjx-container'))
    .map((el) => el.textContent.trim().slice(0, 60));
  const mathErrors = Array.from(document.querySelectorAll('mjx-merror, mjx-container [data-mjx-error]'))
    .map((el) => (el.getAttribute('data-mjx-error') || el.textContent).slice(0, 80));
  const images = Array.from(document.querySelectorAll('img')).map((img) => ({
    src: img.getAttribute('src') || '',
    alt: img.getAttribute('alt'),
    hidden: img.getAttribute('aria-hidden') === 'true' || img.getAttribute('role') === 'presentation',
    broken: img.complete && visible(img) && img.naturalWidth === 0,
  }));
  return {math: math.length, untypeset, mathErrors, images,
          mathjaxLoaded: !!window.MathJax && !!window.MathJax.startup};
}
"""

WIDGETS_AND_CHARTS = """
([vegaSelector, widgetSelector]) => {
  const widgets = Array.from(document.querySelectorAll(widgetSelector)).map((s) => {
    const area = s.previousElementSibling;
    const ok = !!(area && area.classList.contains('widget-subarea') && area.childElementCount > 0
                  && area.getBoundingClientRect().height > 0);
    return {ok, model: (JSON.parse(s.textContent || '{}').model_id || '?').slice(0, 8)};
  });
  const charts = Array.from(document.querySelectorAll(vegaSelector)).map((c) => {
    const drawn = c.querySelector('svg, canvas');
    const box = drawn ? drawn.getBoundingClientRect() : {width: 0, height: 0};
    return {ok: !!drawn && box.width > 0 && box.height > 0, id: c.id || c.className};
  });
  return {widgets, charts};
}
"""

FILE_NAME = re.compile(r"(^|/)[^/\s]+\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)


def image_problems(images: list[dict]) -> list[str]:
    """Images a screen-reader user would meet without a useful text alternative."""
    problems = []
    for img in images:
        if img["hidden"]:
            continue
        if img["src"].startswith("data:"):
            img = {**img, "src": img["src"][:40] + "... (inline image)"}
        alt = (img["alt"] or "").strip()
        if img["alt"] is None:
            problems.append(f"image without alt attribute: {img['src']}")
        elif not alt:
            problems.append(f"image with empty alt (not marked decorative): {img['src']}")
        elif FILE_NAME.search(alt):
            problems.append(f"image whose alt text is only its file name: {img['src']} (alt={alt!r})")
        if img["broken"]:
            problems.append(f"image that did not load: {img['src']}")
    return problems


def test_page_loads_cleanly_and_renders(open_page, site_page, site_dir, record_property):
    page = open_page(site_page, force=False)
    page.quiet()
    weight = page.weight()
    record_property("page_weight", {"page": site_page, **weight})

    # Now everything lazy as well: widgets, charts.
    page.settle(force=True)
    facts = page.evaluate(FACTS)
    rendered = page.evaluate(WIDGETS_AND_CHARTS, [page.vega_selector, page.widget_view_selector])

    problems = []
    problems += [f"request to another host: {url}" for url in page.external_requests]
    problems += [f"console error: {msg}" for msg in page.console_errors]
    problems += [f"local request failed: {msg}" for msg in page.failed_requests]
    if facts["math"] and not facts["mathjaxLoaded"]:
        problems.append(f"{facts['math']} math elements but MathJax did not start")
    problems += [f"math not typeset: {tex!r}" for tex in facts["untypeset"]]
    problems += [f"MathJax error: {err!r}" for err in facts["mathErrors"]]
    problems += [f"ipywidget {w['model']} did not render" for w in rendered["widgets"] if not w["ok"]]
    problems += [f"chart {c['id']!r} has no drawn svg/canvas" for c in rendered["charts"] if not c["ok"]]
    problems += image_problems(facts["images"])
    if weight["total"] > PAGE_BUDGET:
        problems.append(f"first load transfers {weight['total']:,} bytes > budget {PAGE_BUDGET:,}: {weight}")
    assert not problems, f"{site_page}:\n  " + "\n  ".join(problems)


def test_image_checker_flags_missing_and_file_name_alt_text():
    images = [
        {"src": "a.png", "alt": None, "hidden": False, "broken": False},
        {"src": "b.png", "alt": "../../_images/b.png", "hidden": False, "broken": False},
        {"src": "c.png", "alt": "Satisfaction against expectation, three firms", "hidden": False, "broken": False},
        {"src": "d.png", "alt": "", "hidden": True, "broken": False},
        {"src": "e.png", "alt": "", "hidden": False, "broken": True},
    ]
    assert image_problems(images) == [
        "image without alt attribute: a.png",
        "image whose alt text is only its file name: b.png (alt='../../_images/b.png')",
        "image with empty alt (not marked decorative): e.png",
        "image that did not load: e.png",
    ]


def test_page_fixture_records_external_requests_console_errors_and_404s(page, site_server):
    """The recording the page tests rely on catches each kind of fault (a page built to fail)."""
    page.goto(site_server.url_for("index.html"))  # index.html redirects to the first page
    page.quiet()
    page.set_content(
        f"""<html><head><base href="{site_server.url}"></head><body>
        <img src="https://cdn.example.org/x.png" alt="x">
        <img src="no-such-file-404.png" alt="missing">
        <script>console.error("boom");</script></body></html>"""
    )
    page.quiet()
    assert page.external_requests == ["https://cdn.example.org/x.png"]
    assert any("boom" in msg for msg in page.console_errors)
    assert any(msg.startswith("404 ") and msg.endswith("no-such-file-404.png") for msg in page.failed_requests)
