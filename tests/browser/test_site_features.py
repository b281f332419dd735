"""Reader features: offline search, the .ipynb download on notebook pages, launch buttons that appear
only when configured, and a dark mode that keeps figures readable."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
LAUNCH_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url")
LAUNCH_TEXT = {"binderhub_url": "Binder", "jupyterhub_url": "JupyterHub", "colab_url": "Colab"}

sys.path.insert(0, str(ROOT / "book" / "assets"))
import crmlab_site  # noqa: E402  (the site's Sphinx extension, book/assets/crmlab_site.py)


def notebook_pages(site: Path, pages: list[str]) -> list[str]:
    """Pages built from a notebook: jupyter-book leaves the executed copy in ``_build/jupyter_execute``
    (the Chinese edition's, ``zh/...``, in ``_build/zh/jupyter_execute``: tools/zh_edition.py)."""
    def executed(page: str) -> Path:
        if page.startswith("zh/"):
            return site.parent / "zh" / "jupyter_execute" / page[3:]
        return site.parent / "jupyter_execute" / page
    return [p for p in pages if executed(p).with_suffix(".ipynb").is_file()]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- offline search


@pytest.mark.browser
def test_offline_search_finds_a_page_by_a_word_of_its_title(open_page, site_dir, site_pages):
    """Sphinx's own index (searchindex.js, served by the site) answers a query with no network."""
    page_path = next(p for p in site_pages if p.startswith("book/"))
    title = soup(site_dir, page_path).find("h1").get_text(" ", strip=True)
    # All the title's words: Sphinx ignores stop words and ANDs the rest, so the page itself must match.
    word = "+".join(re.findall(r"[A-Za-z]{3,}", title))
    page = open_page(f"search.html?q={word}")
    page.wait_for_selector("#search-results ul.search li a", timeout=15_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.href)")
    assert any(h.split("#")[0].split("?")[0].endswith(page_path) for h in hits), (word, page_path, hits)
    assert not page.external_requests and not page.console_errors, (page.external_requests, page.console_errors)


@pytest.mark.browser
def test_search_dialog_opens_with_the_keyboard(open_page, site_pages):
    page = open_page(next(p for p in site_pages if p.startswith("book/")))
    page.keyboard.press("Control+k")
    dialog_input = page.locator("#pst-search-dialog input[name=q]")
    dialog_input.wait_for(state="visible", timeout=5_000)
    dialog_input.fill("loyalty")
    dialog_input.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=loyalty"), timeout=10_000)


# ---------------------------------------------------------------- notebook download


@pytest.mark.book
def test_every_notebook_page_links_its_ipynb(site_dir, site_pages):
    pages = notebook_pages(site_dir, site_pages)
    assert pages, "no notebook pages in the site (jupyter_execute/ is empty): nothing to download"
    problems = []
    for page in pages:
        name = Path(page).with_suffix(".ipynb").name
        links = [a["href"] for a in soup(site_dir, page).find_all("a", href=True) if a["href"].endswith(name)]
        if not links:
            problems.append(f"{page}: no link to {name}")
            continue
        target = (site_dir / page).parent / links[0]
        if not target.is_file():
            problems.append(f"{page}: {links[0]} does not exist")
            continue
        notebook = json.loads(target.read_text(encoding="utf-8"))
        if notebook.get("nbformat") != 4 or not notebook.get("cells"):
            problems.append(f"{page}: {links[0]} is not a notebook with cells")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_download_menu_offers_the_notebook(open_page, site_dir, site_pages):
    page_path = notebook_pages(site_dir, site_pages)[0]
    page = open_page(page_path)
    page.click("button[aria-label='Download this page']")
    link = page.locator("a[href$='.ipynb']").first
    link.wait_for(state="visible", timeout=5_000)
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok and json.loads(response.body())["nbformat"] == 4


# ---------------------------------------------------------------- launch buttons


def configured_launch_urls() -> dict[str, str]:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    launch = config.get("launch_buttons") or {}
    return {key: str(launch.get(key) or "").strip() for key in LAUNCH_KEYS if str(launch.get(key) or "").strip()}


def launch_links(html: BeautifulSoup) -> list[tuple[str, str]]:
    menu = html.select(".dropdown-launch-buttons a, .dropdown-launch-buttons button")
    return [(a.get_text(" ", strip=True), a.get("href", "")) for a in menu]


@pytest.mark.book
def test_launch_buttons_match_the_configuration(site_dir, site_pages):
    """No launch URL in _config.yml: no launch button anywhere. A URL: a button on each notebook page."""
    urls = configured_launch_urls()
    problems = []
    for page in site_pages:
        links = launch_links(soup(site_dir, page))
        is_notebook = page in notebook_pages(site_dir, [page])
        if not urls and links:
            problems.append(f"{page}: launch buttons shown with no URL configured: {links}")
        for key, url in urls.items() if is_notebook else ():
            if not any(text == LAUNCH_TEXT[key] and href.startswith(url.rstrip("/")) for text, href in links):
                problems.append(f"{page}: no {LAUNCH_TEXT[key]} button to {url}")
    assert not problems, "\n".join(problems)


def test_launch_check_demands_a_repository_url():
    def app(launch, repo=""):
        return SimpleNamespace(config=SimpleNamespace(html_theme_options={"launch_buttons": launch,
                                                                          "repository_url": repo}))

    with pytest.raises(ConfigError, match="jupyterhub_url set in _config.yml but repository: url: is empty"):
        crmlab_site.check_launch_config(app({"jupyterhub_url": "https://hub.example.edu"}))
    crmlab_site.check_launch_config(app({"jupyterhub_url": ""}))  # nothing set: fine
    crmlab_site.check_launch_config(app({"jupyterhub_url": "https://hub.example.edu"}, "https://github.com/o/r"))


@pytest.mark.slow
@pytest.mark.book
def test_a_jupyterhub_url_in_the_config_adds_a_launch_button(tmp_path):
    """Build a one-page book with the project's config plus a hub URL: the page links to the hub."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["launch_buttons"]["jupyterhub_url"] = "https://hub.example.edu"
    config["repository"] = {"url": "https://github.com/example/crmlab", "branch": "main"}
    config["execute"]["execute_notebooks"] = "off"
    config.pop("bibtex_bibfiles", None)
    config["sphinx"]["config"]["extensions"].remove("sphinxcontrib.bibtex")
    book = tmp_path / "book"
    (book / "book" / "assets").mkdir(parents=True)
    for item in ("static", "templates", "crmlab_site.py"):
        src = ROOT / "book" / "assets" / item
        (shutil.copytree if src.is_dir() else shutil.copy)(src, book / "book" / "assets" / item)
    (book / "_vendor").symlink_to(ROOT / "_vendor")
    (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    (book / "zh").mkdir()  # the other edition's table of contents, which the language switch reads
    (book / "zh" / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    (book / "page.md").write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n"
        "  display_name: Python 3\n---\n\n# A page\n\n```{code-cell} ipython3\n1 + 1\n```\n",
        encoding="utf-8",
    )
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "jupyter-book"), "build", str(book)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    html = BeautifulSoup((book / "_build" / "html" / "page.html").read_text(encoding="utf-8"), "html.parser")
    links = dict(launch_links(html))
    # nbgitpuller's link: clone the repository into a folder named after it, open the page in JupyterLab.
    assert links.get("JupyterHub") == (
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/example/crmlab"
        "&urlpath=lab/tree/crmlab/page.md&branch=main"
    ), links
    assert "Binder" not in links and "Colab" not in links
    assert html.select_one("a[href$='page.ipynb']") is not None


# ---------------------------------------------------------------- dark mode


@pytest.mark.browser
def test_dark_mode_keeps_figures_on_a_white_background(browser, site_server, site_dir, site_pages):
    with_figures = [p for p in site_pages if soup(site_dir, p).select(".cell_output img, figure img")]
    assert with_figures, "no page with a figure to check"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(site_server.url_for(with_figures[0]), wait_until="load")
        page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'", timeout=5_000)
        backgrounds = page.eval_on_selector_all(
            ".bd-article .cell_output img, .bd-article figure img",
            "els => els.map(e => getComputedStyle(e).backgroundColor)",
        )
        body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    finally:
        context.close()
    assert body != "rgb(255, 255, 255)", "dark mode did not darken the page"
    assert backgrounds and all(bg == "rgb(255, 255, 255)" for bg in backgrounds), backgrounds
