"""nbgrader preprocessors the course's ``nbgrader_config.py`` adds to nbgrader's own.

- :class:`TrimLongOutput` (autograde): nbgrader's ``LimitOutput`` counts lines,
  so one print of megabytes on a single line passes; this cuts any output text
  longer than :attr:`TrimLongOutput.max_chars`.
- :class:`HideHiddenTests` (feedback): removes hidden tests from test cells,
  tracebacks (which quote the failing hidden line) and answer receipts.
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Integer

from crmlab.grading.answers import RECEIPT_MIME


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
    """Remove hidden tests from test cells, tracebacks from their errors and answer receipts from outputs."""

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
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


