"""Assignment specs and the nbgrader source notebooks written from them.

An assignment is described once, in ``<course>/assignments/<name>.py``, as an
:class:`Assignment`: its text, how its inputs vary per student (a function
``inputs(draw)``, see :mod:`crmlab.grading.variants`), a set-up cell,
auto-graded :class:`Part` s (prompt, model solution, visible tests, expected
answers as a function of the student's inputs, a hint) and manually graded
:class:`Written` answers with their rubric. :func:`notebook` turns it into the
nbgrader source notebook (solution and hidden-test markers, cell metadata,
points); the hidden tests and the self-checks are generated from the expected
answers, so key, tests and self-checks cannot disagree. ``crmlab course init``
and ``crmlab release`` write the source notebooks from the specs: a spec is the
only thing to edit.

The visible tests are the English spec's code in every language; only the messages of their ``assert``
statements are written in the notebook's language (:meth:`Assignment.visible_tests`): a translation's own
``tests`` give the sentences only its assignment has, :data:`TEST_MESSAGES` the ones all specs share.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import re
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from crmlab import _lang
from crmlab.grading.answers import Expect
from crmlab.grading.config import course_id
from crmlab.grading.variants import Draw, draw_variant

EVERYONE = "everyone"
"""The id whose variant every student gets when an assignment's numbers do not vary."""


@dataclass(frozen=True)
class Part:
    """An auto-graded part: the student writes code that sets the variables named in ``answers``.

    ``answers`` maps the student's inputs (what ``inputs(draw)`` returned) to the expected answers;
    ``hint`` points to the formula or page (shown by the self-check when an answer is not right yet).
    """

    grade_id: str
    points: int
    prompt: str
    solution: str
    visible: str
    answers: Callable[[dict], dict[str, Expect]]
    hint: str = ""


@dataclass(frozen=True)
class Criterion:
    """One line of a written answer's rubric: what earns the points."""

    points: int
    description: str


@dataclass(frozen=True)
class Written:
    """A manually graded written answer (e.g. advice for a manager), with its rubric and a model answer."""

    grade_id: str
    points: int
    prompt: str
    model_answer: str
    rubric: tuple[Criterion, ...] = ()

    def __post_init__(self) -> None:
        if self.rubric and sum(c.points for c in self.rubric) != self.points:
            raise ValueError(f"written answer {self.grade_id!r}: its rubric gives "
                             f"{sum(c.points for c in self.rubric)} points, the answer is worth {self.points}")

    def rubric_text(self, lang: str = "en", descriptions: tuple[str, ...] | None = None) -> str:
        """The rubric as Markdown (for graders: it goes in the instructor's notebook, never the student's).

        ``descriptions`` are its criteria in ``lang`` (a translation's :attr:`WrittenText.criteria`, in the
        rubric's order), by default the English ones; the points are always the rubric's.
        """
        descriptions = tuple(c.description for c in self.rubric) if descriptions is None else descriptions
        return "\n".join(TEXT("criterion", lang, description=text, points=_points(c.points, lang))
                         for c, text in zip(self.rubric, descriptions, strict=True))


@dataclass(frozen=True)
class WrittenText:
    """A written answer's texts in one more language: the student's prompt, and for the instructor its model
    answer and the description of each criterion of its rubric (as many as the English rubric has, in its
    order: the points are the English spec's)."""

    prompt: str
    model_answer: str
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class Translation:
    """An assignment's texts in one more language, keyed like the English ones.

    ``parts`` maps each auto-graded part's grade id to its (prompt, hint); ``written`` maps each written
    answer's grade id to its :class:`WrittenText` (prompt, model answer, rubric criteria); ``tests`` maps the
    message of a visible test's ``assert`` (as the English spec writes it) to its text in this language, for
    the messages :data:`TEST_MESSAGES` has no pattern of. The code, the tests, the key and the points are the
    English spec's: a translated notebook is graded with the same key (same cell ids, grade ids and tests,
    their assertions' messages in its language), its written answers with the same rubric in its language.
    """

    title: str
    intro: str
    parts: dict[str, tuple[str, str]]
    written: dict[str, WrittenText] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    """One nbgrader assignment with a single notebook named after it.

    ``inputs(draw)`` returns the student's data (dict: variable name → value); its source is copied into the
    student's notebook, so it may use only ``draw`` and what it imports itself. ``vary=False`` gives every
    student the same numbers; ``self_checks=False`` leaves only the type checks in the visible tests.
    """

    name: str
    title: str
    covers: tuple[str, ...]
    intro: str
    setup: str
    inputs: Callable[[Draw], dict]
    parts: tuple[Part, ...]
    written: tuple[Written, ...] = field(default_factory=tuple)
    vary: bool = True
    self_checks: bool = True
    translations: dict[str, Translation] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for lang, translation in self.translations.items():
            _lang.check(lang, "a translation's language")
            where = f"assignment {self.name!r}, {lang} translation"
            for label, given, wanted in (("parts", translation.parts, [p.grade_id for p in self.parts]),
                                         ("written", translation.written, [w.grade_id for w in self.written])):
                missing, unknown = sorted(set(wanted) - set(given)), sorted(set(given) - set(wanted))
                if missing or unknown:
                    raise ValueError(f"{where}: {label} must name exactly {wanted}; missing {missing}, "
                                     f"unknown {unknown}")
            texts = [translation.title, translation.intro]
            for answer in self.written:
                text = translation.written[answer.grade_id]
                if not isinstance(text, WrittenText):
                    raise ValueError(f"{where}: written answer {answer.grade_id!r} needs WrittenText(prompt, "
                                     f"model_answer, criteria=(...)), got {type(text).__name__}")
                if not isinstance(text.model_answer, str) or not text.model_answer.strip():
                    raise ValueError(f"{where}: written answer {answer.grade_id!r} has no model answer")
                if not isinstance(text.criteria, tuple) or len(text.criteria) != len(answer.rubric):
                    given = len(text.criteria) if isinstance(text.criteria, tuple) else repr(text.criteria)
                    raise ValueError(f"{where}: written answer {answer.grade_id!r} needs a tuple of "
                                     f"{len(answer.rubric)} rubric criteria, as its English rubric has; got {given}")
                texts += [text.prompt, text.model_answer, *text.criteria]
            for part in self.parts:
                prompt, hint = translation.parts[part.grade_id]
                texts.append(prompt)
                if bool(hint) != bool(part.hint):
                    raise ValueError(f"{where}: part {part.grade_id!r} has a hint in one language only")
            messages = {message for part in self.parts for message in _messages(part.visible)}
            unknown = sorted(set(translation.tests) - messages)
            if unknown:
                raise ValueError(f"{where}: tests translates {unknown}, which no assert of the visible tests "
                                 "says (the keys are the English messages, as the parts' tests write them)")
            texts += list(translation.tests.values())
            if not all(isinstance(text, str) and text.strip() for text in texts):
                raise ValueError(f"{where}: every text must be non-empty")

    def languages(self) -> tuple[str, ...]:
        """The languages its student version can be released in: English and each translation's."""
        return ("en", *self.translations)

    def _translation(self, lang: str) -> Translation | None:
        _lang.check(lang)
        if lang == "en":
            return None
        if lang not in self.translations:
            raise ValueError(f"assignment {self.name!r} has no {lang!r} texts: add Translation(...) for it to "
                             f"translations= in its spec (it has {list(self.languages())})")
        return self.translations[lang]

    def text(self, name: str, lang: str = "en") -> str:
        """Its ``title`` or ``intro`` in ``lang``."""
        translation = self._translation(lang)
        return getattr(self, name) if translation is None else getattr(translation, name)

    def part_text(self, part: Part, lang: str = "en") -> tuple[str, str]:
        """A part's (prompt, hint) in ``lang``."""
        translation = self._translation(lang)
        return (part.prompt, part.hint) if translation is None else translation.parts[part.grade_id]

    def visible_tests(self, part: Part, lang: str = "en") -> str:
        """A part's visible tests in ``lang``: the English code character for character, but for the message of
        each ``assert``, written in ``lang`` (:meth:`test_message`).

        ``ValueError`` naming the assignment, the part and the message when a message has no text in ``lang``.
        """
        if self._translation(lang) is None:
            return part.visible
        return with_messages(part.visible, lambda message: self.test_message(part, message, lang),
                             where=f"assignment {self.name!r}, part {part.grade_id!r}")

    def test_message(self, part: Part, message: str, lang: str = "en") -> str:
        """The message of an ``assert`` of ``part``'s visible tests in ``lang``: the translation's own text of
        it (its ``tests``), else the first pattern of :data:`TEST_MESSAGES` it reads as, each ``{}`` filled
        with a code name the tests use (kept as it is); ``ValueError`` naming it if neither has it."""
        translation = self._translation(lang)
        if translation is None:
            return message
        if message in translation.tests:
            return translation.tests[message]
        from crmlab.calculators import _text  # the "{}" patterns of the calculators' messages (only needed here)

        names = _code_names(part.visible)
        for english, texts in TEST_MESSAGES.items():
            match = re.fullmatch(_text.pattern(english), message, flags=re.DOTALL)
            if match and lang in texts and all(filled in names for filled in match.groups()):
                return _text.by_pattern(message, english, texts[lang])
        raise ValueError(f"assignment {self.name!r}, part {part.grade_id!r}: the assert message {message!r} has no "
                         f"{lang} text: add it to tests= of the assignment's {lang} Translation (or, if every "
                         f"spec may say it, a pattern to TEST_MESSAGES in crmlab/grading/spec.py)")

    def written_text(self, answer: Written, lang: str = "en") -> WrittenText:
        """A written answer's prompt, model answer and rubric criteria in ``lang``."""
        translation = self._translation(lang)
        if translation is None:
            return WrittenText(answer.prompt, answer.model_answer, tuple(c.description for c in answer.rubric))
        return translation.written[answer.grade_id]

    def written_prompt(self, answer: Written, lang: str = "en") -> str:
        return self.written_text(answer, lang).prompt

    def model_answer(self, answer: Written, lang: str = "en") -> str:
        return self.written_text(answer, lang).model_answer

    def rubric_text(self, answer: Written, lang: str = "en") -> str:
        """A written answer's rubric as Markdown in ``lang`` (the English rubric's points)."""
        return answer.rubric_text(lang, self.written_text(answer, lang).criteria)

    def instructor_text(self, answer: Written, lang: str = "en", *, grader: bool = False) -> str:
        """A written answer's model answer and rubric as Markdown, in ``lang``: the instructor notebook's
        answer cell, or with ``grader`` the note formgrader shows below a student's answer (it names the
        points)."""
        heading = TEXT("grader", lang, points=_points(answer.points, lang)) if grader else TEXT("model", lang)
        rubric = f"\n\n{TEXT('rubric', lang)}\n\n{self.rubric_text(answer, lang)}" if answer.rubric else ""
        return f"{heading} {self.model_answer(answer, lang).strip()}{rubric}"

    @property
    def auto_points(self) -> int:
        return sum(part.points for part in self.parts)

    @property
    def manual_points(self) -> int:
        return sum(answer.points for answer in self.written)

    def variant(self, course: str, student: str) -> dict:
        """The inputs of ``student`` (of everyone, when the numbers do not vary)."""
        return draw_variant(self.inputs, course, self.name, student if self.vary else EVERYONE)

    def key(self, course: str, student: str) -> dict[str, dict[str, Expect]]:
        """grade cell id → {answer name → Expect}, for ``student``'s variant."""
        values = self.variant(course, student)
        return {part.grade_id: dict(part.answers(values)) for part in self.parts}


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


TEXT = _lang.Messages(
    point={"en": "1 point", "zh": "1 分"},
    points={"en": "{points} points", "zh": "{points} 分"},
    first_step_vary={"en": "Set `student_id` in the first code cell, then run", "zh": "先在第一个代码单元中填写 `studen"
                                                                                      "t_id`，然后"},
    first_step={"en": "Run", "zh": "请"},
    header={"en": "**Points:** {auto} auto-graded + {manual} for written answers = {total}. {first_step} every cell "
                  "from the top (*Kernel → Restart & Run All*). Write your code where it says `# YOUR CODE HERE` "
                  "(delete the `raise NotImplementedError()` line) and your written answers where it says `YOUR "
                  "ANSWER HERE`. The test under each part checks your answer and says *correct* or *not yet*, with "
                  "a hint; the grader checks the same answers the same way.",
            "zh": "**分值**：自动评分 {auto} 分 + 书面作答 {manual} 分 = {total} 分。{first_step}从头运行所有单元"
                  "（*Kernel → Restart & Run All*）。在 `# YOUR CODE HERE` 处写代码（删去 `raise NotImplementedError()`"
                  " "
                  "这一行），在 `YOUR ANSWER HERE` 处写书面回答。每一部分下面的测试会检查你的答案，给出“正确”"
                  "（Correct）或“尚未正确”（Not yet）以及提示；评分时用同样的方法检查同样的答案。"},
    part={"en": "## Part {number} ({points})", "zh": "## 第 {number} 部分（{points}）"},
    graded={"en": "*Graded:* {graded}.", "zh": "*评分项*：{graded}。"},
    graded_sep={"en": "; ", "zh": "；"},
    written={"en": "## Written answer ({points}, graded by your instructor)", "zh": "## 书面作答（{points}，由教师评"
                                                                                    "分）"},
    model={"en": "**Model answer (instructors only).**", "zh": "**参考答案（仅供教师）。**"},
    rubric={"en": "**Rubric.**", "zh": "**评分标准。**"},
    criterion={"en": "- {description} ({points})", "zh": "- {description}（{points}）"},
    grader={"en": "**For the grader ({points}): model answer.**", "zh": "**供评分者参考（{points}）：参考答案。**"},
    student_id={"en": "# Your student id as your LMS shows it, between the quotes (on JupyterHub it is filled in for "
                      "you).\n# Your numbers are drawn from it: a classmate's are different.",
                "zh": "# 在引号中填写教学平台上显示的学号（在 JupyterHub 上会自动填写）。\n"
                      "# 你的数据由学号生成：同学的数据与你的不同。"},
)
"""The student notebook's own phrases (around the spec's texts) in English and Chinese."""

STUDENT_ID_LINE = 'student_id = ""'
"""The line of the student-id cell (the first code cell of a notebook whose numbers vary) a student fills in."""


def _points(points: int, lang: str = "en") -> str:
    return TEXT("point", lang) if points == 1 else TEXT("points", lang, points=points)


TEST_MESSAGES: dict[str, dict[str, str]] = {
    "{} should be a number": {"zh": "{} 应该是一个数"},
    "{} and {} should be numbers": {"zh": "{} 和 {} 都应该是数"},
    "{}, {} and {} should be numbers": {"zh": "{}、{} 和 {} 都应该是数"},
    "{} should be True or False": {"zh": "{} 应该是 True 或 False"},
    "{} should be a list of names": {"zh": "{} 应该是一个名称列表"},
    "use one of the names in {}": {"zh": "请使用 {} 中的一个名称"},
    "use the names in {}": {"zh": "请使用 {} 中的名称"},
    "use the names of `{}`": {"zh": "请使用 `{}` 中的名称"},
    "numbers": {"zh": "这些答案都应该是数"},
    "both should be numbers": {"zh": "两个答案都应该是数"},
    "a share": {"zh": "应该是一个比例"},
}
"""The messages of visible tests' assertions that any spec may say, English pattern → {language: text}: each
``{}`` stands for a code name the tests use (a variable, kept as it is in every language), as in
:func:`crmlab.calculators._text.pattern`. A sentence only one assignment says goes in its translation's
``tests``."""


def _messages(code: str) -> list[str]:
    """The messages (string literals) of the ``assert`` statements of ``code``, in order."""
    return [msg.value for msg in _assert_messages(code) if isinstance(msg, ast.Constant) and isinstance(msg.value, str)]


def _assert_messages(code: str) -> list[ast.expr]:
    """The message expression of each ``assert`` statement of ``code`` that has one, in the order written."""
    found = [node.msg for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Assert) and node.msg is not None]
    return sorted(found, key=lambda msg: (msg.lineno, msg.col_offset))


def _code_names(code: str) -> set[str]:
    """The names ``code`` uses: its variables and attributes."""
    tree = ast.walk(ast.parse(code))
    return {node.id if isinstance(node, ast.Name) else node.attr for node in tree
            if isinstance(node, (ast.Name, ast.Attribute))}


def _literal(text: str, like: str) -> str:
    """``text`` as a Python string literal, in the quotes of the literal ``like`` when it can be (else the other
    quotes, else with escapes)."""
    quote = like.lstrip("rRuU")[0]
    if text.isprintable() and "\\" not in text:
        for mark in (quote, "'" if quote == '"' else '"'):
            if mark not in text:
                return f"{mark}{text}{mark}"
    return repr(text)


def with_messages(code: str, say: Callable[[str], str], where: str = "the tests") -> str:
    """``code`` with the message of each of its ``assert`` statements replaced by ``say(message)``, a string
    literal again; every other character is kept. A message that is not a string literal is a ``ValueError``
    (naming ``where``): it could not be translated.

    >>> with_messages('assert x > 0, "x should be positive"  # the sign', str.upper)
    'assert x > 0, "X SHOULD BE POSITIVE"  # the sign'
    """
    data = code.encode()  # ast's column offsets count UTF-8 bytes
    starts = [0]
    for line in code.split("\n"):
        starts.append(starts[-1] + len(line.encode()) + 1)
    pieces, end = [], 0
    for msg in _assert_messages(code):
        start = starts[msg.lineno - 1] + msg.col_offset
        stop = starts[msg.end_lineno - 1] + msg.end_col_offset
        original = data[start:stop].decode()
        if not (isinstance(msg, ast.Constant) and isinstance(msg.value, str)):
            raise ValueError(f"{where}: the message of an assert must be a string literal to be translated, got "
                             f"{original!r}")
        literal = _literal(say(msg.value), original)
        pieces += [data[end:start].decode(), literal]
        end = stop
    pieces.append(data[end:].decode())
    return "".join(pieces)


def hidden_tests(assignment: str, names: list[str]) -> str:
    """The hidden-test block of a part: one answer receipt per expected answer."""
    calls = "\n".join(f"check({assignment!r}, {name!r}, {name})" for name in names)
    return f"### BEGIN HIDDEN TESTS\nfrom crmlab.grading.check import check\n{calls}\n### END HIDDEN TESTS"


def inputs_source(assignment: Assignment) -> str:
    """The source of the spec's ``inputs`` function, as it is copied into the student's notebook."""
    return textwrap.dedent(inspect.getsource(assignment.inputs)).strip()


def setup_source(assignment: Assignment, course: str, lang: str = "en") -> str:
    """The locked set-up cell: imports, the student's inputs drawn from their id, one variable per input."""
    names = list(assignment.variant(course, EVERYONE))
    unpack = "\n".join(f"{name} = your[{name!r}]" for name in names)
    speaks = "" if lang == "en" else f", lang={lang!r}"  # an English notebook stays as it always was
    call = (f"your_variant(globals().get('student_id'), course={course!r}, assignment={assignment.name!r}, "
            f"inputs=inputs{speaks})" if assignment.vary else
            f"shared_variant(course={course!r}, assignment={assignment.name!r}, inputs=inputs{speaks})")
    return (f"{assignment.setup.strip()}\nfrom crmlab.grading.selfcheck import check as self_check\n"
            f"from crmlab.grading.variants import {'your_variant' if assignment.vary else 'shared_variant'}\n\n"
            f"{inputs_source(assignment)}\n\n\nyour = {call}\n{unpack}")


def notebook(assignment: Assignment, course: str, lang: str = "en") -> nbformat.NotebookNode:
    """The nbgrader source notebook of ``assignment`` in the course whose nbgrader ``course_id`` is ``course``.

    ``lang="zh"`` gives the Chinese student version: the texts of the spec's ``translations["zh"]`` and the
    notebook's own phrases in Chinese, around the same code, tests, cell ids and grade ids, so that it is
    graded with the same key; only the messages of the visible tests' assertions are Chinese (a message with no
    Chinese text is a ``ValueError`` naming it). (``tools/exercise_pages.py`` and ``crmlab release --lang``
    both go through here.)
    """
    new_md, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    title, intro = assignment.text("title", lang), assignment.text("intro", lang)
    total = assignment.auto_points + assignment.manual_points
    sample = assignment.variant(course, EVERYONE)
    first_step = TEXT("first_step_vary" if assignment.vary else "first_step", lang)
    header = (f"# {title}\n\n{intro.strip()}\n\n"
              + TEXT("header", lang, auto=assignment.auto_points, manual=assignment.manual_points, total=total,
                     first_step=first_step)
              + f"\n\n<!-- covers: {' '.join(assignment.covers)} -->")
    cells = [new_md(header, metadata=_meta("intro", locked=True))]
    if assignment.vary:
        cells.append(new_code(f"{TEXT('student_id', lang)}\n{STUDENT_ID_LINE}", metadata={}))
    cells.append(new_code(setup_source(assignment, course, lang), metadata=_meta("setup", locked=True)))
    for number, part in enumerate(assignment.parts, start=1):
        expected = part.answers(sample)
        prompt, _ = assignment.part_text(part, lang)
        graded = TEXT("graded_sep", lang).join(f"`{name}`: {expect.describe(lang)}"
                                               for name, expect in expected.items())
        cells.append(new_md(f"{TEXT('part', lang, number=number, points=_points(part.points, lang))}\n\n"
                            f"{prompt.strip()}\n\n{TEXT('graded', lang, graded=graded)}",
                            metadata=_meta(f"{part.grade_id}-prompt", locked=True)))
        cells.append(new_code(f"### BEGIN SOLUTION\n{part.solution.strip()}\n### END SOLUTION",
                              metadata=_meta(f"{part.grade_id}-answer", solution=True)))
        checks = ", ".join(f"{name}={name}" for name in expected)
        tests = (f"{assignment.visible_tests(part, lang).strip()}\nself_check({assignment.name!r}, {checks})\n"
                 f"{hidden_tests(assignment.name, list(expected))}")
        cells.append(new_code(tests, metadata=_meta(part.grade_id, grade=True, locked=True, points=part.points)))
    for answer in assignment.written:
        cells.append(new_md(f"{TEXT('written', lang, points=_points(answer.points, lang))}\n\n"
                            f"{assignment.written_prompt(answer, lang).strip()}",
                            metadata=_meta(f"{answer.grade_id}-prompt", locked=True)))
        # The whole cell is the model answer and rubric (in the notebook's language, for the instructor): the
        # release replaces it with "YOUR ANSWER HERE".
        cells.append(new_md(assignment.instructor_text(answer, lang),
                            metadata=_meta(answer.grade_id, grade=True, solution=True, points=answer.points)))
    for number, cell in enumerate(cells):  # stable ids, so that regenerating a notebook changes nothing
        cell.id = cell.metadata["nbgrader"]["grade_id"] if "nbgrader" in cell.metadata else f"cell-{number}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.update({"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                        "language_info": {"name": "python"}, "covers": list(assignment.covers),
                        "crmlab": {"lang": lang}})  # the grader's reasons are in the notebook's language
    return nb


def load_spec(course: Path | str, assignment: str) -> Any:
    """Import ``<course>/assignments/<assignment>.py`` as a fresh module (not cached in ``sys.modules``)."""
    path = Path(course) / "assignments" / f"{assignment}.py"
    if not path.is_file():
        raise FileNotFoundError(f"no assignment spec {path}; every assignment needs one (see exercises/README.md)")
    spec = importlib.util.spec_from_file_location(f"_crmlab_assignment_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop(spec.name, None)
    spec.loader.exec_module(module)
    return module


def answer_key(course: Path | str, assignment: str, student: str) -> dict[str, dict[str, Expect]]:
    """grade cell id → {answer name → Expect}: the key of ``student``'s variant of the assignment."""
    return load_spec(course, assignment).ASSIGNMENT.key(course_id(course), student)
