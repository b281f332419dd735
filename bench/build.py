"""Time a clean build of the whole book, both editions (every page executed), and a no-op rebuild.

    .venv/bin/python bench/build.py [--workdir DIR] [--keep] [--check]

The repository is copied to a scratch folder (``.venv``, ``node_modules`` and ``_vendor`` are symlinked,
``_build`` and ``.git`` left out), so the benchmark never touches the working tree or another build.
In the copy it runs ``make site`` (what ``make book`` runs after set-up: tools/execute_book.py for the pages
of both editions, then Sphinx for the English edition and the Chinese one, ``zh/``, at once) twice:

1. clean: no ``_build`` and no execution cache, so every notebook page is executed (by
   tools/execute_book.py, which fills the cache before Sphinx runs);
2. no-op: nothing changed, so the execution cache and Sphinx's environment should make it quick.

It prints both wall-clock times against the targets (clean < 90 s, no-op < 10 s), the CPU time the
build's processes used (divided by the cores: the floor on an idle machine), how many pages each
run executed (before Sphinx, and by myst-nb itself, which should be none) and the slowest pages to
execute (from the jupyter-cache records). ``--check`` exits 1 when a target is missed. The machine's
load average is printed too: on a shared machine it matters.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"clean": 90.0, "no-op": 10.0}
SYMLINKED = {".venv", "node_modules", "_vendor"}
SKIPPED = {"_build", ".git", ".pytest_cache", ".ruff_cache", "__pycache__", ".ipynb_checkpoints"}
# tools/execute_book.py reports how many pages it executed; myst-nb logs one line per notebook it had
# to execute itself ("Executing notebook using ..."), which should be none.
PREEXECUTED = re.compile(r"(\d+) executed and cached")
EXECUTED = re.compile(r"Executing notebook using", re.IGNORECASE)


def copy_repo(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for item in ROOT.iterdir():
        if item.name in SKIPPED:
            continue
        target = dest / item.name
        if item.name in SYMLINKED:
            target.symlink_to(item.resolve())
        elif item.is_dir():
            shutil.copytree(item, target, symlinks=True, ignore=shutil.ignore_patterns(*SKIPPED))
        else:
            shutil.copy2(item, target)


def build(book: Path) -> tuple[float, float, str, int]:
    """Run ``make site`` in ``book``; return (wall seconds, CPU seconds of the build's processes, log, exit code)."""
    command = ["make", "--no-print-directory", "site"]
    start, before = time.perf_counter(), os.times()
    done = subprocess.run(command, cwd=book, capture_output=True, text=True)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return time.perf_counter() - start, cpu, done.stdout + done.stderr, done.returncode


def slowest_pages(book: Path, top: int = 10) -> list[tuple[float, str]]:
    """(seconds, notebook) of the slowest executions recorded in the book's jupyter cache."""
    try:
        from jupyter_cache import get_cache
    except ImportError:
        return []
    cache_dir = book / "_build" / ".jupyter_cache"
    if not cache_dir.is_dir():
        return []
    rows = []
    for record in get_cache(str(cache_dir)).list_cache_records():
        seconds = (record.data or {}).get("execution_seconds")
        if seconds is not None:
            rows.append((float(seconds), Path(record.uri).relative_to(book).as_posix() if record.uri else "?"))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", help="scratch folder for the copy (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the copy and its build afterwards")
    parser.add_argument("--check", action="store_true", help="exit 1 if a time target is missed")
    args = parser.parse_args(argv)

    scratch = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="crmlab-bench-"))
    book = scratch / "book"
    if book.exists():
        shutil.rmtree(book)
    copy_repo(book)
    print(f"book copied to {book}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    results = {}
    try:
        for run in ("clean", "no-op"):
            seconds, cpu, log, code = build(book)
            preexecuted = sum(int(n) for n in PREEXECUTED.findall(log))
            executed = len(EXECUTED.findall(log))
            results[run] = seconds
            verdict = "ok" if seconds < TARGETS[run] else "OVER TARGET"
            print(f"{run:>6} build: {seconds:6.1f} s  (target < {TARGETS[run]:.0f} s: {verdict}); "
                  f"{preexecuted} page(s) executed before Sphinx, {executed} by myst-nb; exit code {code}")
            # On a shared machine the wall time says as much about the others as about the build: the CPU
            # time its processes used, spread over the cores, is what it would take with the machine to itself
            # (a floor: no part of the build is perfectly parallel).
            print(f"        CPU time {cpu:6.1f} s: at least {cpu / (os.cpu_count() or 1):.1f} s on "
                  f"{os.cpu_count()} idle cores")
            if code != 0:
                print("  the build failed; its last lines:\n  " + "\n  ".join(log.strip().splitlines()[-15:]))
            if run == "clean":
                pages = slowest_pages(book)
                if pages:
                    print("  slowest pages to execute: " + ", ".join(f"{p} {s:.1f} s" for s, p in pages))
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(scratch, ignore_errors=True)
    missed = [run for run, seconds in results.items() if seconds >= TARGETS[run]]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
