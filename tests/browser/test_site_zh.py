"""The Chinese edition in Chromium: offline search by two-character words, the language switch both ways, and
Chinese text drawn in a Simplified-Chinese font of the system (no web font).

The per-page checks (offline, no console error, axe, 375 px, page weight, links) cover the Chinese pages
through ``site_pages``, which discovers both editions.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

WORDS = ("忠诚", "信任", "满意")


def titles(site_dir, pages: list[str]) -> dict[str, str]:
    """The ``<h1>`` of each page."""
    found = {}
    for page in pages:
        h1 = BeautifulSoup((site_dir / page).read_text(encoding="utf-8"), "html.parser").find("h1")
        found[page] = h1.get_text(" ", strip=True) if h1 else ""
    return found


@pytest.mark.parametrize("word", WORDS)
def test_chinese_search_finds_the_pages_a_two_character_word_names(open_page, site_server, site_dir, site_pages,
                                                                   word):
    """Every Chinese page whose title has the word is among the results (jieba split the index into words)."""
    chinese = [p for p in site_pages if p.startswith("zh/")]
    wanted = sorted(p for p, title in titles(site_dir, chinese).items() if word in title)
    assert wanted, f"no Chinese page has {word} in its title: nothing to look for"
    page = open_page(f"zh/search.html?q={word}")
    # Sphinx writes its summary ("found N pages", in Chinese here) when the last result is listed.
    page.wait_for_function("() => document.querySelector('#search-results p.search-summary')?.textContent",
                           timeout=15_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    found = {hit.split("#")[0].split("?")[0].removeprefix(site_server.url) for hit in hits}
    missing = [p for p in wanted if p not in found]
    assert not missing, f"searching {word} misses {missing} (found {sorted(found)})"
    assert all(p.startswith("zh/") for p in found), f"results outside the Chinese edition: {sorted(found)}"
    assert not page.external_requests and not page.console_errors, (page.external_requests, page.console_errors)


def test_language_switch_goes_to_the_same_page_and_back(open_page, site_pages):
    english = next(p for p in site_pages if p.startswith("book/") and f"zh/{p}" in site_pages and "/" in p[5:])
    page = open_page(english, force=False)
    assert page.get_attribute("html", "lang") == "en"
    page.click("a.crmlab-language-switch")
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/zh/{english}"), page.url
    assert page.get_attribute("html", "lang") == "zh-CN"
    page.click("a.crmlab-language-switch")
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{english}") and "/zh/" not in page.url, page.url


FONTS = "(selector) => getComputedStyle(document.querySelector(selector)).fontFamily"


def test_chinese_text_is_drawn_in_a_simplified_chinese_system_font(open_page, site_pages):
    """Chromium reports which fonts drew a node's glyphs (DevTools: CSS.getPlatformFontsForNode)."""
    chinese = next(p for p in site_pages if p.startswith("zh/book/"))
    page = open_page(chinese, force=False)
    assert "Noto Sans CJK SC" in page.evaluate(FONTS, "article.bd-article h1")
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "article.bd-article h1"})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    names = {font["familyName"] for font in fonts}
    assert any("CJK SC" in name for name in names), f"the title of {chinese} is drawn with {fonts}"
    assert not any(font["isCustomFont"] for font in fonts), f"a web font drew the title of {chinese}: {fonts}"
    assert not page.external_requests, page.external_requests
