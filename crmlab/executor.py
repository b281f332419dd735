"""Run notebook cells in a warm process, recording their outputs as a Jupyter kernel sends them.

Starting a Jupyter kernel costs seconds of CPU (Python, IPython, then pandas,
matplotlib and altair imported again) before a notebook's own work begins. The
book's build (``tools/execute_book.py``) and the grader's sandbox
(:mod:`crmlab.grading.runner`) therefore both run notebooks the way
Sphinx-Gallery runs its examples: one process imports everything once
(:func:`warm_up`) and makes an IPython shell set up as ipykernel sets one up
(:func:`make_shell`: rich display, inline matplotlib figures, no comms); each
notebook then runs in a fresh ``fork()`` of it, so no state passes from one
notebook to the next, and :func:`run_cell` records what each cell shows in
nbformat's shape (streams, display data, execution results, errors).
"""

from __future__ import annotations

import ast
import importlib
import io
import os
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

import nbformat

# ipykernel sets this before the first matplotlib import: figures are shown as PNG after each cell.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


class CellTimeout(Exception):
    """A cell ran longer than its time limit (raised by the alarm signal inside the cell)."""


@dataclass
class CellRun:
    """What running one cell gave: its outputs, its execution count and the error it raised (or None)."""

    outputs: list = field(default_factory=list)
    execution_count: int | None = None
    error: BaseException | None = None


def imported_modules(notebooks: Iterable[nbformat.NotebookNode]) -> list[str]:
    """Top-level modules imported by the notebooks' code cells (to import once, before forking)."""
    names = set()
    for notebook in notebooks:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue  # IPython syntax (magics): the notebook will import what it needs itself
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names.add(node.module)
    return sorted(names)


def warm_up(modules: Iterable[str]) -> None:
    """Import ``modules``, so every forked child starts with them in memory."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a notebook that cannot import it will fail (and report) on its own
            pass


def without_kernel_comms() -> None:
    """Point comm's factories back at its defaults: importing ipykernel aims them at a kernel, and there is none."""
    import comm

    comm.create_comm, comm.get_comm_manager = comm._create_comm, comm._get_comm_manager


def language_info() -> dict:
    """The ``language_info`` ipykernel reports (myst-nb highlights code with it)."""
    from ipykernel.ipkernel import IPythonKernel

    without_kernel_comms()
    return dict(IPythonKernel.language_info)


class Recorder:
    """The outputs of the cell running now, in nbformat's shape."""

    def __init__(self) -> None:
        self.outputs: list = []

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text  # nbclient joins consecutive writes to the same stream
        else:
            self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))

    def display(self, data: dict, metadata: dict | None) -> None:
        self.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

    def result(self, data: dict, metadata: dict, count: int) -> None:
        self.outputs.append(nbformat.v4.new_output("execute_result", data=data, metadata=metadata,
                                                   execution_count=count))

    def error(self, ename: str, evalue: str, lines: list[str]) -> None:
        self.outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=lines))


class _Stream:
    """``sys.stdout`` / ``sys.stderr`` of a cell: text goes to the recorder."""

    def __init__(self, recorder: Recorder, name: str) -> None:
        self.recorder, self.name, self.encoding = recorder, name, "utf-8"

    def write(self, text: str) -> int:
        if text:
            self.recorder.stream(self.name, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def make_shell():
    """An IPython shell set up like ipykernel's: rich display, inline figures, no comms to a frontend.

    The shell has a ``recorder`` (:class:`Recorder`) and ``streams`` (its stdout and stderr).
    """
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets import Type
    from traitlets.config import Config

    recorder = Recorder()

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
            recorder.display(data, metadata)

        def clear_output(self, wait=False) -> None:
            recorder.outputs.clear()

    class ResultHook(DisplayHook):
        def start_displayhook(self) -> None:
            self._data = None

        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            self._data = (format_dict, md_dict or {})

        def finish_displayhook(self) -> None:
            if self._data is not None:
                recorder.result(*self._data, self.prompt_count)
            self._data = None

    # pandas formats for a notebook (no wrapping to a terminal's width) when the shell has a `kernel`
    # attribute and its type name says "zmq", as ipykernel's ZMQInteractiveShell does. Libraries that
    # talk to the kernel test `getattr(shell, "kernel", None) is not None` and so leave this one alone.
    class ZMQRecordingShell(InteractiveShell):
        kernel = None
        displayhook_class = Type(ResultHook)
        display_pub_class = Type(Publisher)

        def _showtraceback(self, etype, evalue, stb) -> None:
            recorder.error(etype.__name__, str(evalue), list(stb))

    config = Config()
    config.HistoryManager.enabled = False  # forked children must not share the history database
    shell = ZMQRecordingShell.instance(config=config)
    shell.recorder = recorder
    shell.streams = (_Stream(recorder, "stdout"), _Stream(recorder, "stderr"))
    return shell


def _alarm(signum, frame):
    raise CellTimeout


def run_cell(shell, source: str, timeout: int) -> CellRun:
    """Run one cell's ``source`` in ``shell`` with a time limit of ``timeout`` seconds; record what it shows.

    A cell still running at its limit is interrupted (:class:`CellTimeout`, recorded as the cell's error).
    """
    recorder = shell.recorder
    recorder.outputs = []
    sys.stdout, sys.stderr = shell.streams
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    try:
        result = shell.run_cell(source, store_history=True)
    except CellTimeout as error:  # raised between IPython's own handlers
        recorder.error("CellTimeout", str(error), [])
        return CellRun(recorder.outputs, None, error)
    finally:
        signal.alarm(0)
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    error = None if result.success else (result.error_in_exec or result.error_before_exec)
    return CellRun(recorder.outputs, result.execution_count, error)


def widget_instances() -> dict:
    """Every ipywidgets widget alive in this process, by model id ({} when ipywidgets is not imported)."""
    if "ipywidgets" not in sys.modules:
        return {}
    from ipywidgets.widgets.widget import _instances

    return _instances


def widget_state(existing: set[str]) -> dict:
    """The state of the widgets made since ``existing`` and those they use, as nbclient stores it.

    ``existing`` are the widgets made before the fork (at import, in the parent): a kernel would
    record one of those only if the notebook imported its module, so it is kept only when used.
    """
    if "ipywidgets" not in sys.modules:
        return {"state": {}}
    from ipywidgets import Widget
    from ipywidgets.embed import dependency_state

    made = [widget for key, widget in list(widget_instances().items()) if key not in existing]
    state = dependency_state(made, drop_defaults=False) if made else {}
    return {**Widget.get_manager_state(widgets=[]), "state": state}
