"""Small screens: at 375 px (a common phone width) no page scrolls sideways, and anything wider than
the column (a table, an equation, a chart, a widget, a code block) scrolls inside its own box."""

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}

OVERFLOW = """
() => {
  const vw = document.documentElement.clientWidth;
  const page = {scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth, vw};
  const scrollsX = (el) => {
    const o = getComputedStyle(el).overflowX;
    return o === 'auto' || o === 'scroll';
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const offenders = [];
  const content = document.querySelector('.bd-article') || document.body;
  for (const el of content.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right <= vw + 1 && box.left >= -1) continue;
    // Wider than the screen: fine if a box inside the article, that itself fits the screen, scrolls it.
    // (The article or the page layout scrolling sideways does not count: the reader would lose the text.)
    let ok = false;
    for (let a = el.parentElement; a && a !== content && a !== document.body; a = a.parentElement) {
      const ab = a.getBoundingClientRect();
      if (scrollsX(a) && ab.right <= vw + 1 && ab.left >= -1) { ok = true; break; }
    }
    if (!ok) offenders.push(`${describe(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
    if (offenders.length >= 8) break;
  }
  return {page, offenders};
}
"""


def test_no_sideways_scroll_at_phone_width(open_page, site_page):
    page = open_page(site_page, width=PHONE["width"], height=PHONE["height"])
    page.wait_for_timeout(150)  # the scroll-box script and the theme re-layout after resize/fonts
    result = page.evaluate(OVERFLOW)
    widths = result["page"]
    problems = []
    if max(widths["scrollWidth"], widths["bodyScrollWidth"]) > widths["vw"]:
        problems.append(f"the page scrolls sideways: {widths}")
    problems += [f"sticks out of the screen: {o}" for o in result["offenders"]]
    assert not problems, f"{site_page} at {PHONE['width']} px:\n  " + "\n  ".join(problems)


def test_phone_check_catches_a_wide_element(open_page, site_pages):
    """A 900 px wide block planted in the article is reported (the check can fail)."""
    page = open_page(site_pages[0], width=PHONE["width"], height=PHONE["height"])
    page.evaluate(
        """() => { const d = document.createElement('div'); d.id = 'planted'; d.style.width = '900px';
                   d.style.height = '10px'; (document.querySelector('.bd-article') || document.body).prepend(d); }"""
    )
    result = page.evaluate(OVERFLOW)
    assert any(o.startswith("div#planted") for o in result["offenders"]), result
