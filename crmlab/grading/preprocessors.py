"""nbgrader preprocessors the course's ``nbgrader_config.py`` puts in place of (or beside) nbgrader's own.

Autograde, in this order:

- :class:`SandboxedExecute` (in place of nbgrader's ``Execute``): runs the
  notebook's code cells in the grading sandbox (:mod:`crmlab.grading.sandbox`),
  never in a kernel with the instructor's rights;
- :class:`TrimLongOutput`: nbgrader's ``LimitOutput`` counts lines, so one print
  of megabytes on a single line passes; this cuts any output text longer than
  :attr:`TrimLongOutput.max_chars`;
- :class:`SaveVerifiedGrades` (in place of nbgrader's ``SaveAutoGrades``): the
  score of each auto-graded cell is decided from the answer receipts, checked
  against the key computed here, in the grader's process
  (:func:`crmlab.grading.answers.verify`), not from what the notebook's own test
  code printed or raised.

Feedback: :class:`HideHiddenTests` removes hidden tests from test cells,
tracebacks (which quote the failing hidden line) and answer receipts;
:class:`SanitizeStudentHTML` keeps a notebook's own HTML, SVG and JavaScript from
running in the feedback page.
"""

from __future__ import annotations

import atexit
import functools
from pathlib import Path
from typing import Any, ClassVar

import nbformat
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, SaveAutoGrades
from traitlets import Bool, Integer, List, Unicode

from crmlab import _lang
from crmlab.executor import imported_modules
from crmlab.grading.answers import RECEIPT_MIME, points, receipts, verify
from crmlab.grading.config import course_id
from crmlab.grading.sandbox import Limits, Run, Sandbox
from crmlab.grading.spec import load_spec
from crmlab.grading.variants import VARIANT_ANSWER

MAX_FILES = 200
"""At most this many files of a submission are copied into its sandbox (besides the notebook)."""

_SANDBOXES: dict[tuple, Sandbox] = {}


def sandbox_for(timeout: int, memory: int, isolate: bool, modules: list[str], secrets: list[str],
                log_file: str) -> Sandbox:
    """The warm sandbox for these settings (:class:`SandboxedExecute`'s), started on first use and kept for the
    next submission."""
    key = (timeout, memory, isolate, tuple(modules), tuple(secrets))
    if key not in _SANDBOXES:
        _SANDBOXES[key] = Sandbox(modules, Limits(cell_seconds=timeout, memory_mib=memory), isolate=isolate,
                                  secrets=[Path(p) for p in secrets], log=Path(log_file) if log_file else None)
    return _SANDBOXES[key]


@atexit.register
def _close_sandboxes() -> None:
    for sandbox in _SANDBOXES.values():
        sandbox.close()
    _SANDBOXES.clear()


def submission_files(folder: Path, notebook: str) -> tuple[dict[str, bytes], list[str]]:
    """The regular files of a submission folder (its own notebook left out: the cells are sent), and notes
    on what was left out."""
    files, skipped = {}, []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            skipped.append(name)
        elif path.is_file() and name != notebook:
            files[name] = path.read_bytes()
    notes = [f"not copied into the sandbox (not regular files): {', '.join(skipped)}"] if skipped else []
    if len(files) > MAX_FILES:
        notes.append(f"only the first {MAX_FILES} of {len(files)} files were copied into the sandbox")
        files = dict(list(files.items())[:MAX_FILES])
    return files, notes


def run_notebook(nb: nbformat.NotebookNode, folder: Path, notebook: str, student: str, sandbox: Sandbox) -> Run:
    """Run ``nb``'s code cells in ``sandbox`` with the other files of ``folder`` (all but ``notebook``);
    put the outputs in ``nb``."""
    files, notes = submission_files(folder, notebook) if folder.is_dir() else ({}, [])
    cells = [(index, cell.source) for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    run = sandbox.run(cells, files, {"CRMLAB_STUDENT_ID": student, "CRMLAB_GRADING": "1"})
    run.problems[:0] = notes + [f"limit not enforced on this machine: {what}" for what in sandbox.unenforced]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = run.outputs.get(index, ([], None))
    return run


class SandboxedExecute(NbGraderPreprocessor):
    """Run the notebook's code cells in the grading sandbox, one warm sandbox per grading process."""

    timeout = Integer(30, help="seconds each cell may run").tag(config=True)
    memory = Integer(2048, help="MiB of address space each process of a submission may use").tag(config=True)
    isolate = Bool(True, help="run in the bubblewrap sandbox; False (--no-sandbox) runs student code with "
                              "the grader's rights").tag(config=True)
    modules = List(Unicode(), help="modules the sandbox imports once, before any submission "
                                   "(default: those the first notebook imports)").tag(config=True)
    secrets = List(Unicode(), help="folders to hide in the sandbox even if inside a readable one").tag(config=True)
    log_file = Unicode("", help="file for the sandbox's own messages").tag(config=True)

    runs: ClassVar[dict[tuple[str, str], Run]] = {}
    """(assignment, student) → how that submission's last run ended, for :mod:`crmlab.grading.worker`."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        grading = resources["nbgrader"]
        sandbox = sandbox_for(self.timeout, self.memory, self.isolate, list(self.modules) or imported_modules([nb]),
                              list(self.secrets), self.log_file)
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        run = run_notebook(nb, folder, f"{grading['notebook']}.ipynb", grading["student"], sandbox)
        self.runs[(grading["assignment"], grading["student"])] = run
        return nb, resources


@functools.lru_cache(maxsize=8)
def _release_facts(course: Path, assignment: str, notebook: str) -> tuple[Any, str, dict[str, float], str]:
    """The assignment's spec, the course id, the points per cell and the language (from the release), once per
    process."""
    release = nbformat.read(course / "release" / assignment / f"{notebook}.ipynb", as_version=4)
    lang = _lang.notebook_lang(release)
    return load_spec(course, assignment).ASSIGNMENT, course_id(course), points(release), lang


def variant_used(nb: nbformat.NotebookNode) -> str:
    """The student id a notebook drew its numbers for (its set-up cell's receipt), or ''."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            values = receipts(cell).get(VARIANT_ANSWER)
            if values and type(values[0]) is str:
                return values[0]
    return ""


TEXT = _lang.Messages(
    check_failed={"en": "Answer check failed: {reason}", "zh": "答案检查未通过（Answer check failed）：{reason}"},
)
"""The note a student's feedback shows under a cell whose answers are wrong although its tests raised nothing."""


class SaveVerifiedGrades(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, with each auto-graded cell scored by :func:`~crmlab.grading.answers.verify`.

    A cell whose answers are wrong although its own tests raised nothing gets a note in its output
    ("Answer check failed: …"), so that the student's feedback says why it scored nothing.
    """

    course = Unicode("", help="the course folder (its assignment specs give the keys)").tag(config=True)

    previous_answers: ClassVar[dict[tuple[str, str], dict[str, str]]] = {}
    """(assignment, student) → written answer cell → its text when last graded (set by the worker before a
    regrade): a written answer graded by hand and not changed since keeps its grade, not marked again."""

    verdicts: ClassVar[dict[tuple[str, str], tuple[dict[str, dict[str, Any]], str]]] = {}
    """(assignment, student) → (per-cell verdicts, the student id the notebook worked with) of the last
    grading, for :mod:`crmlab.grading.worker`."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        grading = resources["nbgrader"]
        course = Path(self.course or self.config.CourseDirectory.root or ".")
        spec, course_name, worth, lang = _release_facts(course, grading["assignment"], grading["notebook"])
        # The key of the submitter's own variant, whatever id the notebook was set to.
        self._verdicts = verify(nb, spec.key(course_name, grading["student"]), worth, lang)
        self._previous = self.previous_answers.pop((grading["assignment"], grading["student"]), {})
        self.verdicts[(grading["assignment"], grading["student"])] = (self._verdicts, variant_used(nb))
        for cell in nb.cells:
            verdict = self._verdicts.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
            if verdict and verdict["overridden"]:
                cell.outputs.append(nbformat.v4.new_output(
                    "stream", name="stderr", text=TEXT("check_failed", lang, reason=verdict["message"]) + "\n"))
        return super().preprocess(nb, resources)

    def _add_score(self, cell: nbformat.NotebookNode, resources: dict) -> None:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        verdict = self._verdicts.get(grade_id)
        grade = self.gradebook.find_grade(grade_id, self.notebook_id, self.assignment_id, self.student_id)
        if verdict is not None:
            grade.auto_score = verdict["score"]
            grade.needs_manual_grade = grade.manual_score is not None
        else:  # a written answer: graded by hand; kept if it is the very text that was graded
            grade.auto_score, _ = utils.determine_grade(cell, self.log)
            unchanged = self._previous.get(grade_id) == cell.source
            graded_once = grade.manual_score is not None and unchanged
            grade.needs_manual_grade = not graded_once and (grade.manual_score is not None or grade.auto_score is None)
        self.gradebook.db.commit()


GRADER_NOTES = "crmlab-grader-notes"
"""Tag of the cells that show graders the model answer and rubric of a written part (never in feedback)."""


class AddGraderNotes(NbGraderPreprocessor):
    """After each written answer, a cell with its model answer and rubric, for whoever grades it in formgrader.

    They are in the release's language (the Chinese release's graders read the Chinese model answer and rubric).
    """

    course = Unicode("", help="the course folder (its assignment specs hold the rubrics)").tag(config=True)

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        course = Path(self.course or self.config.CourseDirectory.root or ".")
        spec, _, _, lang = _release_facts(course, resources["nbgrader"]["assignment"],
                                            resources["nbgrader"]["notebook"])
        written = {answer.grade_id: answer for answer in spec.written}
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            answer = written.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
            if answer is not None and cell.cell_type == "markdown":
                note = nbformat.v4.new_markdown_cell(spec.instructor_text(answer, lang, grader=True),
                                                     metadata={"tags": [GRADER_NOTES]})
                cells.append(note)
        nb.cells = cells
        return nb, resources


class TrimLongOutput(NbGraderPreprocessor):
    """Cut every stream text and text-like display output to ``max_chars`` characters."""

    max_chars = Integer(20_000, help="longest output text kept, in characters").tag(config=True)

    def _cut(self, text):
        text = "".join(text) if isinstance(text, list) else text
        if len(text) <= self.max_chars:
            return text
        return text[: self.max_chars] + f"\n... [output cut by the grader: {len(text):,} characters in all]\n"

    def preprocess_cell(self, cell, resources, cell_index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = self._cut(output.get("text", ""))
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, (str, list)):
                    output["data"][mime] = self._cut(value)
        return cell, resources


class HideHiddenTests(ClearHiddenTests):
    """Remove hidden tests from test cells, tracebacks from their errors, answer receipts from outputs, and the
    graders' notes (model answers and rubrics)."""

    def preprocess(self, nb, resources):
        nb.cells = [cell for cell in nb.cells if GRADER_NOTES not in cell.get("metadata", {}).get("tags", [])]
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            kept = []
            for output in cell.get("outputs", []):
                if RECEIPT_MIME in output.get("data", {}):
                    continue
                if output.get("output_type") == "error":
                    # The traceback quotes the failing line, which may be a hidden test: keep only the message.
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
                kept.append(output)
            cell.outputs = kept
        return cell, resources


class SanitizeStudentHTML(SanitizeHTML):
    """Everything the student wrote or printed is shown as text, never run as HTML or script.

    Output: rich formats other than images and plain text are dropped when a plain-text form exists (a pandas
    table then shows as text), otherwise cleaned by bleach (nbconvert's ``SanitizeHTML``); JavaScript, SVG and
    widget views are removed. Markdown: every cell but the instructor's own text (a cell whose source is that
    of a locked cell of the release) is cleaned. The feedback page's Content-Security-Policy
    (:func:`crmlab.grading.feedback.content_policy`) is the second line of defence.
    """

    enabled = Bool(True, help="nbconvert's preprocessors are off by default; this one is on").tag(config=True)

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        course = Path(self.config.CourseDirectory.root or ".")
        assignment, notebook = resources["nbgrader"]["assignment"], resources["nbgrader"]["notebook"]
        release = nbformat.read(course / "release" / assignment / f"{notebook}.ipynb", as_version=4)
        self._instructors = {cell.source for cell in release.cells
                             if cell.cell_type == "markdown" and utils.is_locked(cell)}
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "markdown" and cell.source in self._instructors:
            return cell, resources
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "text/plain" in data:
                    for mime in [m for m in data if m not in self.safe_output_keys]:
                        del data[mime]
        return super().preprocess_cell(cell, resources, cell_index)
