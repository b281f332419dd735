"""Write a full-page PNG of every page of the built book at desktop and phone widths, for review.

    .venv/bin/python tools/screenshots.py [site_dir] [--out DIR] [--dark] [--only SUBSTRING]

site_dir defaults to ``_build/html``; the PNGs go to ``<site_dir>/../screenshots/`` (``_build/screenshots/``
for the default site) as ``<page path with / as __>.desktop.png`` and ``.phone.png`` (``.dark`` added
with ``--dark``). Pages are served from a local HTTP server and shot with Debian's Chromium
(``/usr/bin/chromium``) after MathJax, widgets and charts have rendered; nothing is fetched from the
internet (requests to other hosts are blocked and listed at the end).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import (  # noqa: E402  (the browser tests' settings: one definition of each)
    CHROMIUM,
    CHROMIUM_ARGS,
    SETTLE_SCRIPT,
    VEGA_SELECTOR,
    WIDGET_VIEW_SELECTOR,
    _QuietHandler,
    discover_pages,
)

WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}
MAX_HEIGHT = 16_000  # px; longer pages are cut (a PNG taller than this is unreadable anyway)


def shoot(site: Path, out: Path, dark: bool = False, only: str = "") -> list[Path]:
    from playwright.sync_api import sync_playwright

    pages = [p for p in discover_pages(site) if only in p]
    if not pages:
        raise SystemExit(f"no pages to shoot under {site}")
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    blocked, written = set(), []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for label, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme="dark" if dark else "light", device_scale_factor=1)
                context.route(lambda url: not url.startswith(base) and not url.startswith(("data:", "blob:")),
                              lambda route: (blocked.add(route.request.url), route.abort()))
                page = context.new_page()
                for rel in pages:
                    page.goto(base + rel, wait_until="load")
                    page.evaluate(SETTLE_SCRIPT, [VEGA_SELECTOR, WIDGET_VIEW_SELECTOR, 15_000, True])
                    page.wait_for_timeout(200)
                    full = page.evaluate("() => document.documentElement.scrollHeight")
                    name = rel.removesuffix(".html").replace("/", "__") + f".{label}" + (".dark" if dark else "")
                    target = out / f"{name}.png"
                    if full > MAX_HEIGHT:
                        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": width, "height": MAX_HEIGHT},
                                        full_page=True)
                    else:
                        page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    if blocked:
        print("blocked requests to other hosts:\n  " + "\n  ".join(sorted(blocked)), file=sys.stderr)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"), help="built site (_build/html)")
    parser.add_argument("--out", help="output folder (default: <site>/../screenshots)")
    parser.add_argument("--dark", action="store_true", help="dark colour mode")
    parser.add_argument("--only", default="", help="only pages whose path contains this text")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    if not (site / "index.html").is_file():
        print(f"no built site at {site}: run `make book` first", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else site.parent / "screenshots"
    start = time.perf_counter()
    written = shoot(site, out, dark=args.dark, only=args.only)
    print(f"{len(written)} screenshots in {out} ({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
