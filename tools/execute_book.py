"""Execute the book's notebook pages into myst-nb's execution cache, several at a time, before Sphinx runs.

    .venv/bin/python tools/execute_book.py [--jobs N] [--only PAGE ...] [--cache DIR] [--timeout S] [--quiet]

It executes the pages of both editions, English (``_toc.yml``) and Chinese (``zh/_toc.yml``, a Sphinx
project of its own that reads the same cache: tools/zh_edition.py), in one pool.

myst-nb executes the pages one after another, each in a new Jupyter kernel that spends 3-5 s of CPU
starting Python and IPython and importing pandas, matplotlib and altair before the page's own work
begins: most of a clean build. This script executes, before ``jupyter-book build``, the pages whose
current code the cache does not hold yet. Each is executed the way Sphinx-Gallery runs its examples:

1. one parent process imports once every module the pages import at top level (found by parsing
   their code cells) and sets IPython up as ipykernel does (inline matplotlib backend, rich display);
2. it forks a fresh child for each page, at most ``--jobs`` at a time; the child runs the page's
   cells in an IPython shell, in the page's folder, recording the outputs a kernel would send
   (streams, display data, execution results, matplotlib figures, ipywidgets state); no state
   passes from one page to another;
3. the parent stores each executed notebook in the jupyter cache under the key myst-nb computes
   (same reader, same hash), so Sphinx then finds every page cached and executes nothing.

A page that raises, times out or kills its child is *not* cached: myst-nb then executes it in a
real kernel and reports the error its usual way. So this step only makes the build faster; it
cannot hide an error. ``tests/test_execute_book.py`` checks that its outputs equal a kernel's.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from crmlab import executor
from crmlab.glossary import toc_docnames

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"


@dataclass
class Page:
    """A notebook page of the book: its source file and the notebook myst-nb reads from it."""

    path: Path
    notebook: nbformat.NotebookNode
    timeout: int = 30

    def with_timeout(self, default: int) -> Page:
        """This page with its cell timeout: its own (metadata, as myst-nb and nbclient read it), or ``default``."""
        metadata = self.notebook.metadata
        own = ((metadata.get("mystnb") or {}).get("execution_timeout")
               or (metadata.get("execution") or {}).get("timeout"))
        return Page(self.path, self.notebook, int(own or default))


@dataclass
class Outcome:
    """What executing one page gave: the executed notebook, or why there is none."""

    path: Path
    seconds: float
    notebook: nbformat.NotebookNode | None = None
    error: str = ""


# ------------------------------------------------------------------------------------------------
# Which pages, read as myst-nb reads them


def book_config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def toc_files(root: Path = ROOT) -> list[Path]:
    """The source files of every page in ``_toc.yml``, in order (``glob`` entries expanded)."""
    files = []
    for docname in toc_docnames(root / "_toc.yml"):
        for suffix in (".md", ".ipynb"):
            candidate = root / f"{docname}{suffix}"
            if candidate.is_file():
                files.append(candidate)
                break
    return files


def read_page(path: Path, config: dict) -> Page | None:
    """The notebook myst-nb builds from ``path``, read by myst-nb's own reader (None for a plain Markdown page)."""
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.read import create_nb_reader
    from myst_parser.config.main import MdParserConfig

    text = path.read_text(encoding="utf-8")
    extensions = set((config.get("parse") or {}).get("myst_enable_extensions") or [])
    reader = create_nb_reader(str(path), MdParserConfig(enable_extensions=extensions), NbParserConfig(), text)
    return Page(path, reader.read(text)) if reader is not None else None


def pages_to_execute(cache, pages: list[Page]) -> list[Page]:
    """The pages whose current code has no executed copy in the cache."""
    missing = []
    for page in pages:
        try:
            cache.match_cache_notebook(page.notebook)
        except KeyError:
            missing.append(page)
    return missing


# ------------------------------------------------------------------------------------------------
# Running one page (in a forked child)


def run_page(shell, page: Page, info: dict) -> Outcome:
    """Execute ``page`` in ``shell`` (a fresh fork): its notebook with outputs, or the error."""
    start = time.perf_counter()
    notebook = page.notebook
    os.chdir(page.path.parent)
    sys.path.insert(0, str(page.path.parent))
    existing = set(executor.widget_instances())
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        run = executor.run_cell(shell, cell.source, page.timeout)
        cell.outputs, cell.execution_count = run.outputs, run.execution_count
        if run.error is not None and "raises-exception" not in cell.metadata.get("tags", []):
            what = (f"ran longer than {page.timeout} s" if isinstance(run.error, executor.CellTimeout)
                    else f"{type(run.error).__name__}: {run.error}")
            return Outcome(page.path, time.perf_counter() - start, error=f"{_where(notebook, index)}: {what}")
    notebook.metadata["language_info"] = info
    widgets = executor.widget_state(existing)
    if widgets["state"]:
        notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": widgets}
    return Outcome(page.path, time.perf_counter() - start, notebook=notebook)


def _where(notebook: nbformat.NotebookNode, index: int) -> str:
    """Where cell ``index`` is, for a reader of the page's source: its line when myst-nb recorded it."""
    lines = notebook.metadata.get("source_map")
    return f"the cell at line {lines[index] + 1}" if lines and index < len(lines) else f"cell {index}"


def _run_child(shell, page: Page, info: dict, result_file: Path) -> None:
    """In a forked child: execute ``page``, write the outcome to ``result_file`` as JSON, and exit."""
    try:
        outcome = run_page(shell, page, info)
        report = {"seconds": outcome.seconds, "error": outcome.error,
                  "notebook": nbformat.writes(outcome.notebook) if outcome.notebook is not None else None}
    except BaseException:  # noqa: BLE001 - whatever happens, the parent gets a report, not a hang
        report = {"seconds": 0.0, "error": traceback.format_exc(limit=3), "notebook": None}
    try:
        result_file.write_text(json.dumps(report), encoding="utf-8")
    finally:
        os._exit(0)  # no atexit handlers, no finalizers: they belong to the parent


def execute(pages: list[Page], jobs: int, report=print) -> list[Outcome]:
    """Execute ``pages`` in forked children of one warm process, ``jobs`` at a time."""
    if not pages:
        return []
    started = time.perf_counter()
    info = executor.language_info()
    shell = executor.make_shell()
    with shell.builtin_trap:  # as in a kernel's cell, modules that look for get_ipython() at import find it
        executor.warm_up(executor.imported_modules(page.notebook for page in pages))
    executor.without_kernel_comms()  # again: a module the pages import may have imported ipykernel
    report(f"execute_book: warm-up {time.perf_counter() - started:.1f} s; executing {len(pages)} page(s), "
           f"{jobs} at a time")
    # Longest pages first, so the last page to finish is a short one.
    queue = sorted(pages, key=lambda page: -sum(len(c.source) for c in page.notebook.cells if c.cell_type == "code"))
    running: dict[int, tuple[Page, Path, float]] = {}
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="execute-book-") as scratch:
        try:
            while queue or running:
                while queue and len(running) < jobs:
                    page = queue.pop(0)
                    result_file = Path(scratch) / f"{len(outcomes) + len(running)}.json"
                    sys.stdout.flush(), sys.stderr.flush()
                    pid = os.fork()
                    if pid == 0:
                        _run_child(shell, page, info, result_file)
                    running[pid] = (page, result_file, time.monotonic() + _deadline(page))
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    _kill_overdue(running)
                    time.sleep(0.02)
                    continue
                page, result_file, _ = running.pop(pid)
                outcome = _collect(page, result_file, status)
                outcomes.append(outcome)
                name = page.path.relative_to(ROOT) if page.path.is_relative_to(ROOT) else page.path
                verdict = "ok" if outcome.notebook is not None else f"left to myst-nb ({outcome.error.strip()})"
                report(f"  {name}: {outcome.seconds:.1f} s, {verdict}")
        finally:
            for pid in running:  # interrupted: leave no orphan behind
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    return outcomes


def _deadline(page: Page) -> float:
    """Seconds a page may take in all: the per-cell timeout (enforced in the child) for every code cell, plus slack.

    It only matters when a cell blocks the child's alarm signal (in C code); the parent then kills the child.
    """
    return page.timeout * sum(cell.cell_type == "code" for cell in page.notebook.cells) + 30


def _kill_overdue(running: dict) -> None:
    now = time.monotonic()
    for pid, (_, _, deadline) in running.items():
        if now > deadline:
            os.kill(pid, signal.SIGKILL)


def _collect(page: Page, result_file: Path, status: int) -> Outcome:
    """The outcome a child wrote, or why it wrote none."""
    if not result_file.is_file():
        return Outcome(page.path, 0.0, error=f"the child process ended without a result ({_describe(status)})")
    report = json.loads(result_file.read_text(encoding="utf-8"))
    notebook = nbformat.reads(report["notebook"], as_version=4) if report["notebook"] else None
    return Outcome(page.path, report["seconds"], notebook=notebook, error=report["error"])


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def store(cache, outcomes: list[Outcome]) -> int:
    """Put every executed notebook in the cache; return how many."""
    from jupyter_cache.base import CacheBundleIn

    stored = 0
    for outcome in outcomes:
        if outcome.notebook is None:
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(outcome.notebook, str(outcome.path), data={"execution_seconds": outcome.seconds}),
            check_validity=False, overwrite=True)
        stored += 1
    return stored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="pages at a time (default: cores)")
    parser.add_argument("--only", nargs="*", type=Path,
                        help="these pages only (default: every page in _toc.yml and zh/_toc.yml)")
    parser.add_argument("--cache", type=Path, help="jupyter cache folder (default: execute.cache in _config.yml, "
                                                   "else _build/.jupyter_cache, as jupyter-book)")
    parser.add_argument("--timeout", type=int, help="seconds a cell may run (default: execute.timeout in _config.yml)")
    parser.add_argument("--quiet", action="store_true", help="print the summary line only")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if args.timeout is not None and args.timeout < 1:
        parser.error(f"--timeout must be at least 1 second, got {args.timeout}")
    from jupyter_cache import get_cache

    started = time.perf_counter()
    config = book_config()
    execute_config = config.get("execute") or {}
    if not hasattr(os, "fork"):  # Windows: myst-nb executes every page itself, one at a time
        print("execute_book: this system cannot fork processes; leaving every page to myst-nb")
        return 0
    if execute_config.get("execute_notebooks") != "cache":
        print("execute_book: _config.yml does not set execute_notebooks: cache; nothing to do")
        return 0
    files = [path.resolve() for path in args.only] if args.only else toc_files() + toc_files(ROOT / "zh")
    missing_files = [str(path) for path in files if not path.is_file()]
    if missing_files:
        parser.error(f"no such page: {', '.join(missing_files)}")
    pages = [page for page in (read_page(path, config) for path in files) if page is not None]
    cache = get_cache(str(args.cache or execute_config.get("cache") or CACHE))
    todo = pages_to_execute(cache, pages)
    report = (lambda message: None) if args.quiet else print
    timeout = args.timeout or int(execute_config.get("timeout", 30))
    outcomes = execute([page.with_timeout(timeout) for page in todo], args.jobs, report)
    stored = store(cache, outcomes)
    left = len(outcomes) - stored
    print(f"execute_book: {len(pages)} notebook pages, {len(pages) - len(todo)} already cached, {stored} executed "
          f"and cached, {left} left to myst-nb; {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
