"""A crawl of the built HTML: every internal link, anchor and asset reference resolves.

Sphinx's own checks run at build time (``jupyter-book build -W -n``: a broken cross-reference fails the
build); this crawl checks the result, including links written as raw HTML or Markdown URLs, which
Sphinx does not check. No browser is needed; these tests are quick.
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.book

# Where links point to things outside the site (allowed: this is about links, not loading).
NON_LOCAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
# Attributes that reference a local file, by tag.
REFERENCES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def _ids(path: Path) -> frozenset[str]:
    soup = _soup(path)
    return frozenset(tag["id"] for tag in soup.find_all(id=True)) | frozenset(
        tag["name"] for tag in soup.find_all("a", attrs={"name": True})
    )


def broken_references(site: Path, page: str) -> list[str]:
    """Local references on ``page`` whose file or ``#anchor`` does not exist in ``site``."""
    source = site / page
    problems = []
    for tag_name, attr in REFERENCES.items():
        for tag in _soup(source).find_all(tag_name):
            ref = tag.get(attr)
            if not ref or NON_LOCAL.match(ref) or ref.startswith("javascript:"):
                continue
            parts = urlsplit(ref)
            target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"<{tag_name} {attr}={ref!r}>: no file {target}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in _ids(target):
                problems.append(f"<{tag_name} {attr}={ref!r}>: no id {fragment!r} in {target.name}")
    return problems


def test_internal_links_and_anchors_resolve(site_dir, site_pages, site_redirects):
    pages = site_pages + site_redirects + [p for p in ("genindex.html", "search.html") if (site_dir / p).exists()]
    problems = {page: found for page in pages if (found := broken_references(site_dir, page))}
    report = "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in problems.items())
    assert not problems, report


def test_every_page_is_reachable_from_the_navigation(site_dir, site_pages):
    """Each page is linked from another page (the table of contents), so a reader can find it."""
    linked = set()
    for page in site_pages:
        source = site_dir / page
        for tag in _soup(source).find_all("a", href=True):
            ref = tag["href"]
            if NON_LOCAL.match(ref):
                continue
            path = urlsplit(ref).path
            if path:
                linked.add((source.parent / unquote(path)).resolve())
    orphans = [page for page in site_pages if (site_dir / page).resolve() not in linked]
    assert not orphans, f"pages no other page links to: {orphans}"


def test_redirect_stubs_point_at_real_pages(site_dir, site_redirects):
    for stub in site_redirects:
        text = (site_dir / stub).read_text(encoding="utf-8")
        target = re.search(r"url=([^\"'>\s]+)", text, re.IGNORECASE)
        assert target, f"{stub}: no url= in its refresh"
        assert ((site_dir / stub).parent / target.group(1)).is_file(), f"{stub} -> {target.group(1)} missing"


def test_crawler_reports_a_missing_file_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1><a href="b.html#here">ok</a><a href="b.html#gone">bad anchor</a>'
        '<a href="c.html">missing</a><a href="https://example.org/x">external</a><a href="#top">self</a>'
        '<img src="img/none.png" alt="x">'
    )
    (tmp_path / "b.html").write_text('<p id="here">B</p>')
    assert broken_references(tmp_path, "a.html") == [
        "<a href='b.html#gone'>: no id 'gone' in b.html",
        f"<a href='c.html'>: no file {tmp_path / 'c.html'}",
        f"<img src='img/none.png'>: no file {tmp_path / 'img' / 'none.png'}",
    ]
