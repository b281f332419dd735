"""The built book must load nothing from another host: no CDN scripts, styles or fonts."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.book

EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]((?:https?:)?//[^'\"]+)", re.IGNORECASE)


def external_resources(page: Path) -> list[str]:
    """URLs of scripts, stylesheets, fonts, images and frames a page would fetch from another host."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = [tag.get("src") for tag in soup.find_all(["script", "img", "iframe", "source", "audio", "video"])]
    found += [tag.get("href") for tag in soup.find_all("link")
              if set(tag.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload", "prefetch"}]
    for style in soup.find_all("style"):
        found += CSS_URL.findall(style.text) + CSS_IMPORT.findall(style.text)
    # Inline scripts that inject a loader from a CDN (e.g. require.js or MathJax configuration).
    for script in soup.find_all("script", src=False):
        found += re.findall(r"['\"]((?:https?:)?//(?:cdn|unpkg|cdnjs)[^'\"]+)", script.text)
    return [url for url in found if url and EXTERNAL.match(url)]


def test_every_page_loads_only_local_assets(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 2
    offenders = {str(p.relative_to(site)): urls for p in pages if (urls := external_resources(p))}
    assert offenders == {}


def test_stylesheets_load_no_remote_fonts_or_imports(site):
    offenders = {}
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        urls = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        if urls:
            offenders[str(sheet.relative_to(site))] = urls
    assert offenders == {}


def test_mathjax_is_served_by_the_site(site):
    soup = BeautifulSoup((site / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    sources = [tag.get("src", "") for tag in soup.find_all("script")]
    mathjax = [src for src in sources if "tex-mml-chtml" in src]
    assert mathjax, "no MathJax script on the intro page"
    assert (site / "book" / mathjax[0].split("?")[0]).resolve().exists()


def test_detector_catches_a_cdn_script(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>'
                    '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">'
                    '<script src="_static/local.js"></script>')
    assert external_resources(page) == ["https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js",
                                        "//fonts.googleapis.com/css?family=Lato"]


def stderr_outputs(html: str) -> list[str]:
    """The text of every stderr output block (warnings, logging) myst-nb rendered into a page."""
    soup = BeautifulSoup(html, "html.parser")
    return [block.get_text(" ", strip=True)[:200] for block in soup.select("div.output.stderr")]


def test_no_page_shows_a_warning_to_readers(site):
    shown = {str(path.relative_to(site)): stderr_outputs(path.read_text(encoding="utf-8"))
             for path in site.rglob("*.html")}
    assert {page: blocks for page, blocks in shown.items() if blocks} == {}


def test_stderr_detector_finds_a_warning():
    page = '<div class="output stderr highlight-myst-ansi notranslate"><pre>FutureWarning: x</pre></div>'
    assert stderr_outputs(page) == ["FutureWarning: x"]


def test_the_site_serves_the_current_css_and_js(site):
    """Sphinx copies static files only when it writes a page; `make book` must still publish every edit."""
    static = Path(__file__).resolve().parent.parent / "book" / "assets" / "static"
    stale = [source.name for source in sorted(static.iterdir())
             if (site / "_static" / source.name).read_bytes() != source.read_bytes()]
    assert stale == [], f"the built site serves old copies of {stale}: rebuild with make book"
