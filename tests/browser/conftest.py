"""Shared Playwright fixtures for the browser tests (everything under ``tests/browser/``).

The tests drive Debian's own Chromium (``/usr/bin/chromium``, installed by ``make`` through
``tools/install-system-packages.sh``); no browser is ever downloaded. Every test in this folder
that uses the ``browser``, ``page`` or ``open_page`` fixture is marked ``browser`` automatically (and
should say so itself with ``pytestmark = pytest.mark.browser``); tests here that only read the built
HTML are marked ``book``.

Fixtures
--------
``site_dir`` (session)
    The built site: the folder named by the environment variable ``CRMLAB_SITE``, else
    ``<repo>/_build/html``. Fails with a clear message when it has no ``index.html``.
``site_server`` (session)
    A local HTTP server (``127.0.0.1``, free port) serving ``site_dir``. ``site_server.url`` is the
    base URL ending in ``/``; ``site_server.url_for("book/intro.html")`` builds a page URL;
    ``site_server.is_local(url)`` says whether a URL belongs to it.
``site_pages`` (session)
    Every reader-facing page of the built site, both editions, as a sorted list of paths relative to
    ``site_dir`` (``"book/intro.html"`` ... ``"zh/book/intro.html"`` ...), discovered from the HTML files:
    Sphinx's ``genindex``, ``search``, ``py-modindex``, ``_sources/``, the theme's and the site's static
    folders are left out, and so are
    redirect stubs (``<meta http-equiv="refresh">``, e.g. the root ``index.html``); in ``zh/`` the same.
``site_redirects`` (session)
    The redirect stubs left out of ``site_pages``.
``browser`` (session)
    One headless Chromium for the whole session (one per pytest-xdist worker; each worker has its own
    server and browser, so the tests are parallel-safe).
``page`` (function)
    A fresh page in a fresh browser context (desktop viewport 1280 x 900, no cache shared with other
    tests). While it lives it records:

    - ``page.external_requests``: every request to a host other than the local server (the request is
      aborted, so a test never reaches the internet);
    - ``page.console_errors``: console messages of type ``error`` and uncaught page exceptions;
    - ``page.failed_requests``: local requests answered with status >= 400 (e.g. a 404 for a missing
      asset) or that failed outright, as ``"404 http://127.0.0.1:.../x.js"`` strings;
    - ``page.loaded``: ``(url, resource_type)`` of every local request that completed, in order
      (``page.weight()`` turns it into bytes per kind, see below).

    ``page.open(path)`` is the same as the ``open_page`` fixture below, bound to this page.
    ``page.weight()`` -> ``{"html": bytes, "css": ..., "js": ..., "font": ..., "image": ..., "other": ...,
    "total": ...}``: what the page transferred so far (uncompressed file sizes, as the server sent them;
    each URL counted once).
    ``page.settled``: True once ``open`` saw every math, widget and chart finish, False on a timeout.
    ``page.settle(force=True)``: wait again (e.g. after ``open(path, force=False)``), loading lazy widgets.
``open_page`` (function)
    ``open_page(path, width=None, height=None, force=True)`` navigates the ``page`` fixture to ``path``
    (relative to the site root, may carry ``#anchor``), optionally after resizing the viewport, and waits
    until the page has settled: the ``load`` event, MathJax's start-up and typesetting promise, every
    ipywidget snapshot rendered by the HTML manager and every vega-embed chart drawn (an ``svg`` or
    ``canvas``), each with a timeout (``SETTLE_TIMEOUT_MS``). The site loads the widget manager only when
    a widget nears the screen; ``force=True`` asks for it at once (``force=False`` measures what a reader
    who does not scroll loads, and does not wait for widgets). Returns the page:
    ``page = open_page("x.html")``.
``site_page`` (parametrized)
    A test that takes a ``site_page`` argument runs once per page of ``site_pages`` (ids are the paths),
    so a failure names its page.

Page weight report: a test that calls ``record_property("page_weight", {"page": path, **page.weight()})``
adds a row to the table "page weight on first load" printed at the end of the run (works with xdist).

What counts as a chart: an element matching ``VEGA_SELECTOR`` (``.vega-embed``, ``[id^='altair-viz']``,
``[data-vega-embed]``; also ``page.vega_selector``). As a widget (``page.widget_view_selector``): a
``<script type="application/vnd.jupyter.widget-view+json">`` snapshot, rendered when the HTML manager
has filled the ``.widget-subarea`` it inserts before the script.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SITE = ROOT / "_build" / "html"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
SETTLE_TIMEOUT_MS = 15_000
QUIET_TIMEOUT_MS = 90_000  # a page whose requests have not all ended by then has a request that hangs

# Pages that are Sphinx machinery rather than reading matter.
# (prf-prf.html is sphinx-proof's generated index of theorems and definitions, like genindex.)
SKIP_PAGES = {"genindex.html", "search.html", "py-modindex.html", "prf-prf.html"}
SKIP_DIRS = {"_sources", "_static", "_images", "_vendor", "_downloads", "assets"}
# The Chinese edition's folder in the site (tools/zh_edition.py builds it there).
EDITION = "zh"

# A chart drawn by vega-embed (altair output, or a hand-written container), and an ipywidget snapshot.
VEGA_SELECTOR = ".vega-embed, [id^='altair-viz'], [data-vega-embed]"
WIDGET_VIEW_SELECTOR = "script[type='application/vnd.jupyter.widget-view+json']"

SETTLE_SCRIPT = """
async ([vegaSelector, widgetSelector, timeoutMs, force]) => {
  const deadline = Date.now() + timeoutMs;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // The site loads the widget manager lazily (book/assets/static/crmlab-widgets.js); ask for it now.
  if (force && document.querySelector(widgetSelector) && window.crmlabLoadWidgets) {
    window.crmlabLoadWidgets().catch(() => {});
  }
  // Calculators fetch vega only near the screen (crmlab.calculators.embed_html); ask for it now.
  if (force && window.crmlabLoadCharts) {
    window.crmlabLoadCharts();
  }
  // MathJax 3: startup.promise resolves after the first typeset of the page.
  while (window.MathJax && !(window.MathJax.startup && window.MathJax.startup.promise) && Date.now() < deadline) {
    await sleep(50);
  }
  if (window.MathJax && window.MathJax.startup && window.MathJax.startup.promise) {
    await Promise.race([window.MathJax.startup.promise, sleep(Math.max(0, deadline - Date.now()))]);
  }
  const widgetsDone = () => Array.from(document.querySelectorAll(widgetSelector)).every((s) => {
    const area = s.previousElementSibling;
    return area && area.classList.contains('widget-subarea') && area.childElementCount > 0;
  });
  const chartsDone = () => Array.from(document.querySelectorAll(vegaSelector))
    .every((c) => c.querySelector('svg, canvas'));
  while (force && !(widgetsDone() && chartsDone()) && Date.now() < deadline) {
    await sleep(50);
  }
  return widgetsDone() && chartsDone();
}
"""


@dataclass
class SiteServer:
    """A running local HTTP server for the built site."""

    root: Path
    url: str

    def url_for(self, path: str) -> str:
        """Absolute URL of ``path`` (relative to the site root)."""
        return self.url + path.lstrip("/")

    def is_local(self, url: str) -> bool:
        """True for URLs served by this server (and for data:/blob:/about: URLs, which need no host)."""
        return url.startswith(self.url) or url.split(":", 1)[0] in {"data", "blob", "about"}

    def file_for(self, url: str) -> Path:
        """The file on disk a local URL maps to (``dir/`` maps to ``dir/index.html``)."""
        rel = unquote(urlsplit(url).path).lstrip("/")
        target = self.root / rel
        return target / "index.html" if target.is_dir() else target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".woff": "font/woff",
        ".woff2": "font/woff2",
        ".ipynb": "application/x-ipynb+json",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


def pytest_terminal_summary(terminalreporter):
    """Print the page weights the tests recorded with ``record_property("page_weight", {...})``."""
    rows = {}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                if name == "page_weight":
                    rows[value["page"]] = value
    if not rows:
        return
    kb = lambda n: f"{n / 1024:,.0f}"  # noqa: E731
    terminalreporter.section("page weight on first load (KiB, uncompressed, as served)")
    cols = ("html", "css", "js", "font", "image", "other", "total")
    terminalreporter.write_line(f"{'page':<48}" + "".join(f"{c:>9}" for c in cols))
    for page in sorted(rows):
        terminalreporter.write_line(f"{page:<48}" + "".join(f"{kb(rows[page][c]):>9}" for c in cols))


@pytest.hookimpl
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        uses_browser = {"browser", "page", "open_page"} & set(getattr(item, "fixturenames", ()))
        if uses_browser and here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def site_path() -> Path:
    """Where the built site should be (``CRMLAB_SITE`` or ``<repo>/_build/html``), existing or not."""
    return Path(os.environ.get("CRMLAB_SITE") or DEFAULT_SITE).resolve()


def pytest_generate_tests(metafunc):
    if "site_page" in metafunc.fixturenames:
        site = site_path()
        pages = discover_pages(site) if (site / "index.html").is_file() else []
        # With no site, one case runs and fails in the site_dir fixture with the clear message.
        metafunc.parametrize("site_page", pages or ["index.html"], ids=pages or ["no-site"])


@pytest.fixture(scope="session")
def site_dir() -> Path:
    site = site_path()
    if not (site / "index.html").is_file():
        pytest.fail(
            f"no built site at {site} (index.html missing): build it with `make book` "
            "or point CRMLAB_SITE at a jupyter-book _build/html folder"
        )
    return site


class _SiteServer(http.server.ThreadingHTTPServer):
    """The built site over HTTP. A page asks for some thirty files at once, from several browsers side by
    side: the listen queue is long enough for all of them (the default five drops connections on a busy
    machine, and Chromium retries a dropped one only after seconds)."""

    daemon_threads = True
    request_queue_size = 256


@pytest.fixture(scope="session")
def site_server(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield SiteServer(root=site_dir, url=f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


META_REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh", re.IGNORECASE)


def is_redirect(path: Path) -> bool:
    """A stub that only forwards the reader elsewhere (jupyter-book's root ``index.html``)."""
    return path.stat().st_size < 2048 and bool(META_REFRESH.search(path.read_text(encoding="utf-8", errors="replace")))


def discover_pages(site: Path, redirects: bool = False) -> list[str]:
    """Reader-facing HTML pages of a built site, both editions, relative and sorted (``redirects=True``: the
    redirect stubs). The Chinese edition is a site of its own under ``zh/``: its machinery is left out too."""
    pages = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        inside = rel.relative_to(EDITION) if rel.parts[0] == EDITION else rel
        if inside.parts[0] in SKIP_DIRS or inside.as_posix() in SKIP_PAGES:
            continue
        if is_redirect(path) == redirects:
            pages.append(rel.as_posix())
    return sorted(pages)


@pytest.fixture(scope="session")
def site_pages(site_dir) -> list[str]:
    pages = discover_pages(site_dir)
    assert pages, f"no HTML pages found under {site_dir}"
    return pages


@pytest.fixture(scope="session")
def site_redirects(site_dir) -> list[str]:
    return discover_pages(site_dir, redirects=True)


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (tools/install-system-packages.sh installs chromium)")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


def _settle(page, timeout_ms: int = SETTLE_TIMEOUT_MS, force: bool = True) -> bool:
    return page.evaluate(SETTLE_SCRIPT, [VEGA_SELECTOR, WIDGET_VIEW_SELECTOR, timeout_ms, force])


@pytest.fixture
def page(browser, site_server):
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    page = context.new_page()
    page.external_requests = []
    page.console_errors = []
    page.failed_requests = []
    page.loaded = []
    page.settled = None
    in_flight = {}

    def route(route):
        page.external_requests.append(route.request.url)
        route.abort()

    context.route(lambda url: not site_server.is_local(url), route)

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            page.console_errors.append(f"{msg.text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    def on_response(response):
        if response.status >= 400 and site_server.is_local(response.url):
            page.failed_requests.append(f"{response.status} {response.url}")

    def on_failed(request):
        if site_server.is_local(request.url) and not request.url.startswith(("data:", "blob:")):
            page.failed_requests.append(f"failed ({request.failure}) {request.url}")

    def on_finished(request):
        in_flight.pop(request, None)
        if site_server.is_local(request.url) and request.url.startswith("http"):
            page.loaded.append((request.url, request.resource_type))

    def on_request(request):
        in_flight[request] = request.url

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.console_errors.append(f"uncaught: {exc}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("requestfailed", lambda request: in_flight.pop(request, None))
    page.on("request", on_request)
    page.on("requestfinished", on_finished)

    def open_(path: str, width: int | None = None, height: int | None = None, force: bool = True):
        if width or height:
            page.set_viewport_size({"width": width or DESKTOP["width"], "height": height or DESKTOP["height"]})
        page.goto(site_server.url_for(path), wait_until="load")
        for attempt in range(3):  # a page may redirect (the root index.html does, by meta refresh)
            try:
                page.settled = _settle(page, force=force)
                break
            except PlaywrightError as exc:
                if "context was destroyed" not in str(exc) or attempt == 2:
                    raise
                page.wait_for_load_state("load")
        return page

    def settle(force: bool = True) -> bool:
        page.settled = _settle(page, force=force)
        return page.settled

    def quiet(timeout_ms: int = QUIET_TIMEOUT_MS, calm_ms: int = 500):
        """Wait until no request has been in flight for calm_ms (Playwright's "networkidle", but with the
        requests still open named when it times out)."""
        calm = 0
        for _ in range(timeout_ms // 100):
            calm = calm + 100 if not in_flight else 0
            if calm >= calm_ms:
                return page
            page.wait_for_timeout(100)
        pytest.fail(f"requests still open after {timeout_ms / 1000:.0f} s: {sorted(in_flight.values())}")

    page.open = open_
    page.quiet = quiet
    page.settle = settle
    page.vega_selector = VEGA_SELECTOR
    page.widget_view_selector = WIDGET_VIEW_SELECTOR
    page.weight = lambda: page_weight(page, site_server.root)
    yield page
    context.close()


@pytest.fixture
def open_page(page):
    return page.open


def page_weight(page, site_dir: Path) -> dict[str, int]:
    """Bytes a page transferred on its first load, by kind, from the files the local server sent."""
    kinds = {"document": "html", "stylesheet": "css", "script": "js", "font": "font", "image": "image"}
    weight = Counter()
    seen = set()
    for url, rtype in page.loaded:
        path = urlsplit(url).path
        if path in seen:
            continue
        seen.add(path)
        target = site_dir / unquote(path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        size = target.stat().st_size if target.is_file() else 0
        weight[kinds.get(rtype, "other")] += size
    result = {k: weight.get(k, 0) for k in ("html", "css", "js", "font", "image", "other")}
    result["total"] = sum(result.values())
    return result
