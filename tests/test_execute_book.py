"""tools/execute_book.py: pages executed before Sphinx must look exactly as a Jupyter kernel leaves them.

Every test runs the tool as the Makefile does, in a subprocess, on its own scratch cache. The reference
is what myst-nb itself does on a cache miss: jupyter-cache's ``single_nb_execution`` in a real kernel.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from jupyter_cache import get_cache
from jupyter_cache.executors.utils import single_nb_execution

from tests.conftest import ROOT

TOOL = ROOT / "tools" / "execute_book.py"
sys.path.insert(0, str(TOOL.parent))
import execute_book  # noqa: E402

pytestmark = pytest.mark.slow  # each test starts the tool in a subprocess: not for `make quick`

HEADER = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---

    # A test page
    """)


def run_tool(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def page(folder: Path, name: str, *cells: str) -> Path:
    """A MyST notebook page with these code cells."""
    body = "".join(f"\n```{{code-cell}} ipython3\n{textwrap.dedent(cell).strip()}\n```\n" for cell in cells)
    path = folder / f"{name}.md"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def cached(cache_dir: Path, path: Path):
    """The executed notebook the cache holds for ``path`` (as myst-nb would merge it), or None."""
    notebook = execute_book.read_page(path, execute_book.book_config()).notebook
    try:
        return get_cache(str(cache_dir)).merge_match_into_notebook(notebook)[1]
    except KeyError:
        return None


# Parts of an output that differ between any two runs, kernel or not: ids, addresses, pandas Styler uids.
VOLATILE = re.compile(r"T_[0-9a-f]{5}|0x[0-9a-f]+|[0-9a-f]{32}|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def comparable(output) -> str:
    data = dict(output)
    if "data" in data:
        data["data"] = {kind: VOLATILE.sub("<id>", value) if isinstance(value, str) else value
                        for kind, value in data["data"].items()}
    return VOLATILE.sub("<id>", json.dumps(data, sort_keys=True))


def widget_models(notebook) -> list[str]:
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return sorted(model["model_name"] for model in state.get("state", {}).values())


@pytest.mark.parametrize("source", [
    "cases/coca-cola.md",                   # DataFrames, matplotlib figures, ipywidgets state, glue
    "book/trust/strengths-and-levels.md",   # an Altair calculator, printed text, glue
    "book/value/delivered-value.md",        # execute results (DataFrames) and figures
])
def test_outputs_equal_a_kernels(tmp_path, source):
    path = ROOT / source
    done = run_tool("--only", path, "--cache", tmp_path / "cache", "--jobs", 1)
    assert done.returncode == 0, done.stderr
    assert "1 executed and cached" in done.stdout, done.stdout
    ours = cached(tmp_path / "cache", path)

    reference = execute_book.read_page(path, execute_book.book_config()).notebook
    result = single_nb_execution(reference, cwd=str(path.parent), timeout=180, allow_errors=False)
    assert result.err is None, result.exc_string

    assert ours.metadata["language_info"] == reference.metadata["language_info"]
    assert widget_models(ours) == widget_models(reference)
    ours_cells = [cell for cell in ours.cells if cell.cell_type == "code"]
    kernel_cells = [cell for cell in reference.cells if cell.cell_type == "code"]
    for index, (mine, theirs) in enumerate(zip(ours_cells, kernel_cells, strict=True)):
        assert mine.execution_count == theirs.execution_count, f"cell {index}"
        assert [comparable(o) for o in mine.outputs] == [comparable(o) for o in theirs.outputs], f"cell {index}"


def test_a_failing_page_is_left_to_myst_nb(tmp_path):
    good = page(tmp_path, "good", "print(6 * 7)")
    bad = page(tmp_path, "bad", "x = 1", "1 / 0", "print('never reached')")
    done = run_tool("--only", good, bad, "--cache", tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    line = bad.read_text().splitlines().index("1 / 0") + 1
    assert f"left to myst-nb (the cell at line {line}: ZeroDivisionError: division by zero)" in done.stdout
    assert "1 executed and cached, 1 left to myst-nb" in done.stdout
    assert cached(tmp_path / "cache", bad) is None
    assert cached(tmp_path / "cache", good).cells[-1].outputs[0].text == "42\n"


def test_a_cell_over_the_timeout_stops_its_page_only(tmp_path):
    slow = page(tmp_path, "slow", "import time\ntime.sleep(60)")
    quick = page(tmp_path, "quick", "print('done')")
    done = run_tool("--only", slow, quick, "--cache", tmp_path / "cache", "--timeout", 2)
    line = slow.read_text().splitlines().index("import time") + 1
    assert f"left to myst-nb (the cell at line {line}: ran longer than 2 s)" in done.stdout
    assert cached(tmp_path / "cache", slow) is None
    assert cached(tmp_path / "cache", quick) is not None


@pytest.mark.parametrize("cell, why", [
    ("import os\nos._exit(3)", "ended without a result (exit status 3)"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "ended without a result (killed by signal 9)"),
])
def test_a_dying_page_is_reported(tmp_path, cell, why):
    dying = page(tmp_path, "dying", cell)
    done = run_tool("--only", dying, "--cache", tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    assert why in done.stdout
    assert cached(tmp_path / "cache", dying) is None


def test_pages_share_no_state(tmp_path):
    first = page(tmp_path, "first", "import crmlab\ncrmlab.LEAKED = True\nleaked = True")
    second = page(tmp_path, "second", "import crmlab\nprint(hasattr(crmlab, 'LEAKED'), 'leaked' in globals())")
    done = run_tool("--only", first, second, "--cache", tmp_path / "cache", "--jobs", 1)
    assert done.returncode == 0, done.stderr
    assert cached(tmp_path / "cache", second).cells[-1].outputs[0].text == "False False\n"


def test_a_cached_page_is_not_executed_again(tmp_path):
    once = page(tmp_path, "once", "print('ran')")
    assert "1 executed and cached" in run_tool("--only", once, "--cache", tmp_path / "cache").stdout
    assert "1 already cached, 0 executed" in run_tool("--only", once, "--cache", tmp_path / "cache").stdout


@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "--jobs must be at least 1, got 0"),
    (["--timeout", "0"], "--timeout must be at least 1 second, got 0"),
    (["--only", "book/no-such-page.md"], "no such page: "),
])
def test_bad_arguments_are_named(args, message):
    done = run_tool(*args)
    assert done.returncode == 2
    assert message in done.stderr
