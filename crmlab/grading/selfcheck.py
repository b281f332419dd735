"""Self-checks: a student asks "is this part right?" before submitting, and hears what the grader will say.

The released notebook carries, for every student on the class list, a hash of
each expected answer (:func:`crmlab.grading.answers.fingerprint`: for a number,
of its cell on a grid of tol/10), never the answer itself. A part's visible
test calls :func:`check`: "correct", or "not yet" with the tolerance and a hint
pointing to the formula or page. It judges with the very rule the grader uses
(:func:`crmlab.grading.answers.judge`), so it says "correct" exactly for the
answers the grader accepts, and ``nbgrader validate`` (or the Validate button)
then says "Success" only when the answers are right. At grading time checks do
nothing: the grader decides from the answer receipts.
"""

from __future__ import annotations

import os
from typing import Any

from crmlab import _lang
from crmlab.grading.answers import canonical, compare_with_fingerprint, fingerprint

TEXT = _lang.Messages(
    not_yet={"en": "Not yet: {reason}", "zh": "尚未正确（Not yet）：{reason}"},
    run_data={"en": "run the cell \"Self-check data\" near the top of the notebook first, then this one again",
              "zh": "请先运行笔记本开头附近的“Self-check data”（自检数据）单元，再运行这个单元"},
    off={"en": "(Self-checks are switched off for this assignment: the tests above only check the type.)",
         "zh": "（本次作业关闭了自检：上面的测试只检查答案的类型。）"},
    no_data={"en": "there is no self-check data for student id {student!r} (it was not on the class list when this "
                   "notebook was released): check the id in the first cell, or ask your instructor",
             "zh": "没有学号 {student!r} 的自检数据（发布这个笔记本时它不在班级名单上）：请检查第一个单元中的学号，"
                   "或询问教师"},
    hint={"en": ". Hint: {hint}", "zh": "。提示：{hint}"},
    separator={"en": "; ", "zh": "；"},
    correct={"en": "Correct: {names}.", "zh": "正确（Correct）：{names}。"},
    data_comment={"en": "# Self-check data: for each student on the class list, a hash of each expected answer (no "
                        "answers).\n# The tests below use it to tell you \"correct\" or \"not yet\". Run this cell; "
                        "do not edit it.",
                  "zh": "# 自检数据：班级名单上每位学生每个预期答案的哈希值（不含答案本身）。\n"
                        "# 下面的测试用它告诉你“正确”或“尚未正确”。请运行这个单元，不要修改。"},
)
"""The self-checks' messages in English and Chinese (the language is the released notebook's)."""

_TABLES: dict[str, dict] = {}
_STUDENTS: dict[str, str] = {}
_LANGS: dict[str, str] = {}
SHARED = "*"
"""The table entry that serves every student (an assignment whose numbers do not vary)."""


class NotYet(AssertionError):
    """A part is not right yet (or cannot be checked); shown as its message alone, without a traceback."""

    lang = "en"

    def _render_traceback_(self) -> list[str]:
        return [TEXT("not_yet", self.lang, reason=self)]


def _not_yet(lang: str, key: str, **values: Any) -> NotYet:
    error = NotYet(TEXT(key, lang, **values))
    error.lang = lang
    return error


def register(assignment: str, table: dict) -> None:
    """Called by the notebook's "Self-check data" cell: the hashes of every student's expected answers."""
    _TABLES[assignment] = table


def use(assignment: str, student: str, lang: str = "en") -> None:
    """Called when the notebook draws its numbers: the student whose answers the checks compare with (and the
    notebook's language, for a check run before the self-check data)."""
    _STUDENTS[assignment] = student
    _LANGS[assignment] = lang


def check(assignment: str, **answers: Any) -> None:
    """Say whether ``answers`` (name=value) are right: print "correct", or raise :class:`NotYet` saying why."""
    if os.environ.get("CRMLAB_GRADING"):
        return  # the grader decides, from the receipts of the hidden tests
    table = _TABLES.get(assignment)
    if table is None:
        raise _not_yet(_LANGS.get(assignment, "en"), "run_data")
    lang = table.get("lang", "en")
    if table.get("off"):
        print(TEXT("off", lang))
        return
    student = _STUDENTS.get(assignment, SHARED)
    entry = table["students"].get(student) or table["students"].get(SHARED)
    if entry is None:
        raise _not_yet(lang, "no_data", student=student)
    problems = []
    for name, value in answers.items():
        meta = table["answers"][name]
        reason = compare_with_fingerprint(meta["kind"], meta["tol"], entry[name], canonical(value),
                                          table["salt"] + "|" + student, name, lang)
        if reason:
            problems.append(f"{name}: {reason}" + (TEXT("hint", lang, hint=meta["hint"]) if meta.get("hint") else ""))
    if problems:
        error = NotYet(TEXT("separator", lang).join(problems))
        error.lang = lang
        raise error
    print(TEXT("correct", lang, names=", ".join(answers)))


SELF_CHECK_TAG = "self-check-data"


def table(assignment, course: str, students: list[str], lang: str = "en") -> dict:
    """The self-check data of ``assignment`` (a spec's :class:`~crmlab.grading.spec.Assignment`): per student,
    the hash of each expected answer, salted with the course, the assignment and the student; the hints and
    messages in ``lang``."""
    from crmlab.grading.spec import EVERYONE

    if not assignment.self_checks:
        return {"off": True} if lang == "en" else {"off": True, "lang": lang}
    salt = f"{course}|{assignment.name}"
    who = students if assignment.vary else [SHARED]
    answers, entries = {}, {}
    for student in who:
        key = assignment.key(course, student if assignment.vary else EVERYONE)
        entries[student] = {}
        for part in assignment.parts:
            for name, expect in key[part.grade_id].items():
                answers[name] = {"kind": expect.kind, "tol": expect.tol, "hint": assignment.part_text(part, lang)[1]}
                entries[student][name] = fingerprint(expect, f"{salt}|{student}", name)
    data = {"salt": salt, "answers": answers, "students": entries}
    return data if lang == "en" else {**data, "lang": lang}


def add_to_release(course_folder, assignment, students: list[str], lang: str = "en") -> list[str]:
    """Put the self-check data for ``students`` in the released notebook of ``assignment`` (a spec), after its
    set-up cell; returns warnings for the instructor."""
    import nbformat

    from crmlab.grading.config import course_id

    name = assignment.name
    path = course_folder / "release" / name / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    data = table(assignment, course_id(course_folder), students, lang)
    source = (f"{TEXT('data_comment', lang)}\n"
              f"from crmlab.grading.selfcheck import register\nregister({name!r}, {data!r})")
    cell = nbformat.v4.new_code_cell(source, metadata={"jupyter": {"source_hidden": True},
                                                       "tags": [SELF_CHECK_TAG]})
    cell.id = SELF_CHECK_TAG
    nb.cells = [c for c in nb.cells if SELF_CHECK_TAG not in c.metadata.get("tags", [])]
    at = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    nb.cells.insert(at + 1, cell)
    nbformat.write(nb, path)
    if assignment.vary and assignment.self_checks and not students:
        return [f"{name}: no class list, so self-checks will say \"no self-check data for your id\": import one "
                "with `crmlab roster FILE` and release again"]
    return []
