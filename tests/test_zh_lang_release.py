"""The Chinese student version (``crmlab release ASSIGNMENT --lang zh``) is graded with the English key.

One course releases an assignment in English, then in Chinese; students answer each version (the model
solution, and the solution with one part wrong); the grader must give the Chinese submissions exactly the
English ones' scores, cell by cell. Every assignment must have its Chinese texts, the model answers and rubrics
of its written answers included: the Chinese release's instructor notebook, grader's notes (formgrader) and
written-answers sheet are Chinese, with the English rubric's points.
"""

from __future__ import annotations

import ast
import dataclasses
import html
import io
import numbers
import re
import tokenize

import nbformat
import pytest

from crmlab import cli
from crmlab.grading import autograde, course, samples, selfcheck, written
from crmlab.grading.answers import Expect, compare, compare_with_fingerprint, fingerprint
from crmlab.grading.preprocessors import GRADER_NOTES, AddGraderNotes
from crmlab.grading.spec import EVERYONE, TEST_MESSAGES, Translation, WrittenText, load_spec, notebook, with_messages

ASSIGNMENTS = course.assignments(course.TEMPLATE)
HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_RUN = re.compile(r"[A-Za-z][\w'’-]*(?:[\s,;:'\"()/&.-]+[A-Za-z][\w'’-]*){3,}")
"""Four or more ASCII words in a row: English prose (names, SERVPERF, BG/NBD or a formula are shorter)."""
NOT_GB2312 = set("–−—·")
"""The characters the Chinese texts use outside GB 2312 (dashes, the minus sign, the middle dot of a·b)."""
THREE_WORDS = re.compile(r"[A-Za-z][\w'’-]*(?:[\s,;:()/&.-]+[A-Za-z][\w'’-]*){2,}")
"""Three or more ASCII words in a row: English left in a short message (a code name or "pandas Series" is shorter)."""


def _spec(name):
    return load_spec(course.TEMPLATE, name).ASSIGNMENT


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_has_all_its_texts_in_chinese(name):
    assignment = _spec(name)
    assert "zh" in assignment.translations, f"{name}: no Chinese texts (translations={{'zh': Translation(...)}})"
    zh = assignment.translations["zh"]
    graders = [text for answer in zh.written.values() for text in (answer.model_answer, *answer.criteria)]
    texts = [zh.title, zh.intro, *(answer.prompt for answer in zh.written.values()), *graders]
    texts += [text for pair in zh.parts.values() for text in pair if text] + list(zh.tests.values())
    for text in texts:
        assert HAN.search(text), f"{name}: not Chinese: {text[:60]!r}"
        # Simplified characters only (GB 2312 has no traditional ones), but for a few dashes and signs.
        outside = {char for char in text if char not in NOT_GB2312 and not _in_gb2312(char)}
        assert not outside, f"{name}: {sorted(outside)} in {text[:60]!r}"
    for text in graders:  # full-width punctuation in the prose (a hint's code, lifetime_value(m, 率, d), has commas)
        assert not re.search(r"[\u4e00-\u9fff][,;:(]|[,;:)][\u4e00-\u9fff]", text), f"{name}: ,;:() in {text!r}"
    # The variables a student must set are named in the Chinese prompt as in the English one.
    for part in assignment.parts:
        for variable in re.findall(r"`([a-z_0-9]+)`", part.prompt):
            if variable in part.answers(assignment.variant("crm-lab", EVERYONE)):
                assert f"`{variable}`" in zh.parts[part.grade_id][0], f"{name} {part.grade_id}: {variable} missing"


def test_a_missing_chinese_text_is_refused_by_name():
    assignment = _spec("value")
    zh = assignment.translations["zh"]
    parts = dict(zh.parts)
    parts.pop("choice")
    with pytest.raises(ValueError, match=r"missing \['choice'\]"):
        dataclasses.replace(assignment, translations={"zh": dataclasses.replace(zh, parts=parts)})
    with pytest.raises(ValueError, match="every text must be non-empty"):
        dataclasses.replace(assignment, translations={"zh": dataclasses.replace(zh, title=" ")})
    with pytest.raises(ValueError, match="hint in one language only"):
        dataclasses.replace(assignment, translations={"zh": dataclasses.replace(
            zh, parts={**zh.parts, "choice": (zh.parts["choice"][0], "")})})
    with pytest.raises(ValueError, match=r"lang must be one of 'en', 'zh', got 'fr'"):
        notebook(assignment, "crm-lab", lang="fr")
    bare = dataclasses.replace(assignment, translations={})
    with pytest.raises(ValueError, match="has no 'zh' texts"):
        notebook(bare, "crm-lab", lang="zh")
    assert isinstance(zh, Translation)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_chinese_instructor_notebook_gives_model_answers_and_rubrics_in_chinese(name):
    """The model-answer cell of each written answer is wholly Chinese; its rubric has the English points."""
    assignment = _spec(name)
    cells = {cell.id: cell.source for cell in notebook(assignment, "crm-lab", lang="zh").cells}
    english = {cell.id: cell.source for cell in notebook(assignment, "crm-lab").cells}
    for answer in assignment.written:
        zh = assignment.translations["zh"].written[answer.grade_id]
        source = cells[answer.grade_id]
        assert source.startswith(f"**参考答案（仅供教师）。** {zh.model_answer}"), f"{name} {answer.grade_id}"
        prose = re.sub(r"`[^`]*`", "", source)
        assert not ENGLISH_RUN.search(prose), f"{name} {answer.grade_id}: English {ENGLISH_RUN.search(prose)[0]!r}"
        for text in (answer.model_answer, *(c.description for c in answer.rubric)):
            assert text not in source and text in english[answer.grade_id]
        heading, rubric = source.split("\n\n**评分标准。**\n\n")
        lines = rubric.splitlines()
        assert [int(re.fullmatch(r"- .+（(\d+) 分）", line)[1]) for line in lines] == [c.points for c in answer.rubric]
        assert lines == [f"- {text}（{c.points} 分）" for text, c in zip(zh.criteria, answer.rubric, strict=True)]
        assert sum(c.points for c in answer.rubric) == answer.points


def test_a_missing_model_answer_or_rubric_criterion_is_refused_by_name():
    assignment = _spec("value")
    zh = assignment.translations["zh"]

    def with_advice(**changes):
        texts = {**zh.written, "advice": dataclasses.replace(zh.written["advice"], **changes)}
        return dataclasses.replace(assignment, translations={"zh": dataclasses.replace(zh, written=texts)})

    where = r"assignment 'value', zh translation: written answer 'advice'"
    with pytest.raises(ValueError, match=f"{where} has no model answer"):
        with_advice(model_answer=" ")
    with pytest.raises(ValueError, match=f"{where} needs a tuple of 4 rubric criteria, as its English rubric has; "
                                         "got 3"):
        with_advice(criteria=zh.written["advice"].criteria[:3])
    with pytest.raises(ValueError, match=f"{where} needs a tuple of 4 rubric criteria.*got 5"):
        with_advice(criteria=(*zh.written["advice"].criteria, "多出的一条"))
    with pytest.raises(ValueError, match=f"{where} needs a tuple of 4 rubric criteria.*got '只有一条'"):
        with_advice(criteria="只有一条")
    with pytest.raises(ValueError, match="every text must be non-empty"):
        with_advice(criteria=(*zh.written["advice"].criteria[:3], ""))
    with pytest.raises(ValueError, match=r"written must name exactly \['memo', 'advice'\]; missing \['advice'\]"):
        dataclasses.replace(assignment, translations={"zh": dataclasses.replace(
            zh, written={"memo": zh.written["memo"]})})
    with pytest.raises(ValueError, match=f"{where} needs WrittenText\\(prompt, model_answer, criteria=\\(...\\)\\), "
                                         "got str"):
        dataclasses.replace(assignment, translations={"zh": dataclasses.replace(
            zh, written={**zh.written, "advice": zh.written["advice"].prompt})})
    assert isinstance(zh.written["advice"], WrittenText)


def test_the_grader_notes_of_a_chinese_release_are_chinese(tmp_path):
    """AddGraderNotes (the last autograde step: what formgrader shows below each written answer) speaks the
    release's language; an English release keeps its English notes."""
    spec = _spec("value")
    for lang in ("zh", "en"):
        root = course.init_course(tmp_path / lang)
        course.release(root, "value", lang=lang)
        released = nbformat.read(root / "release" / "value" / "value.ipynb", as_version=4)
        student = "\n".join(cell.source for cell in released.cells)
        for answer in spec.written:  # the student's copy has neither model answer nor rubric
            text = spec.written_text(answer, lang)
            assert text.prompt in student
            assert not [t for t in (text.model_answer, *text.criteria) if t in student]
        nb = samples.submission(root, "value")
        nb, _ = AddGraderNotes(course=str(root)).preprocess(nb, {"nbgrader": {"assignment": "value",
                                                                               "notebook": "value"}})
        notes = [cell.source for cell in nb.cells if GRADER_NOTES in cell.metadata.get("tags", [])]
        assert notes == [spec.instructor_text(answer, lang, grader=True) for answer in spec.written]
        for answer, note in zip(spec.written, notes, strict=True):
            if lang == "zh":
                zh = spec.translations["zh"].written[answer.grade_id]
                assert note.startswith(f"**供评分者参考（{answer.points} 分）：参考答案。** {zh.model_answer}")
                assert "\n\n**评分标准。**\n\n" in note and all(f"- {c}（1 分）" in note for c in zh.criteria)
                assert answer.model_answer not in note and not ENGLISH_RUN.search(re.sub(r"`[^`]*`", "", note))
            else:
                assert note.startswith(f"**For the grader ({answer.points} points): model answer.** "
                                       f"{answer.model_answer}")
                assert "\n\n**Rubric.**\n\n" in note and answer.rubric_text() in note


def _assert_messages(source: str) -> list[str]:
    """The messages of the ``assert`` statements of ``source``, in the order they are written."""
    found = [node.msg for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assert) and node.msg]
    return [msg.value for msg in sorted(found, key=lambda msg: (msg.lineno, msg.col_offset))]


def _code_without_messages(source: str) -> str:
    """``source``'s syntax tree with each assert's message set aside (replaced by the same placeholder)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and node.msg is not None:
            node.msg = ast.Constant("…")
    return ast.dump(tree)


def _tokens(source: str) -> list[tuple[int, str]]:
    return [(token.type, token.string) for token in tokenize.generate_tokens(io.StringIO(source).readline)]


def _is_chinese_message(message: str) -> bool:
    """Chinese (simplified, full-width punctuation), no English sentence outside backticks and quotes."""
    prose = re.sub(r"`[^`]*`|\"[^\"]*\"|'[^']*'", "", message)
    outside = {char for char in message if char not in NOT_GB2312 and not _in_gb2312(char)}
    return (bool(HAN.search(message)) and not THREE_WORDS.search(prose) and not outside
            and not re.search(r"[\u4e00-\u9fff][,;:(]|[,;:)][\u4e00-\u9fff]", message))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_chinese_notebook_has_the_english_cells_code_and_tests(name):
    """The same code and tests, token for token, but for the messages of the visible tests' assertions: those are
    Chinese (so grading, which goes by the answer receipts of the hidden tests, is the same)."""
    assignment = _spec(name)
    english, chinese = notebook(assignment, "crm-lab"), notebook(assignment, "crm-lab", lang="zh")
    assert [c.id for c in english.cells] == [c.id for c in chinese.cells]
    assert [c.metadata for c in english.cells] == [c.metadata for c in chinese.cells]
    for en, zh in zip(english.cells, chinese.cells):
        role = en.metadata.get("nbgrader", {})
        if en.cell_type == "code" and role.get("grade_id") != "setup" and role:
            where = f"{name} {role['grade_id']}"
            assert _code_without_messages(en.source) == _code_without_messages(zh.source), f"{where}: code differs"
            assert len(en.source.splitlines()) == len(zh.source.splitlines()), where
            hidden = "### BEGIN HIDDEN TESTS"
            assert en.source.partition(hidden)[1:] == zh.source.partition(hidden)[1:], f"{where}: hidden tests"
            english_messages, chinese_messages = _assert_messages(en.source), _assert_messages(zh.source)
            assert len(english_messages) == len(chinese_messages), where
            # Token for token the same, but for the string literals of the messages (each now Chinese).
            changed = [(a, b) for a, b in zip(_tokens(en.source), _tokens(zh.source), strict=True) if a != b]
            assert all(a[0] == b[0] == tokenize.STRING for a, b in changed), f"{where}: {changed}"
            assert [ast.literal_eval(a[1]) for a, _ in changed] == english_messages, where
            assert [ast.literal_eval(b[1]) for _, b in changed] == chinese_messages, where
            for message in chinese_messages:
                assert _is_chinese_message(message), f"{where}: not Chinese: {message!r}"
            if not role.get("grade"):  # a solution cell: the very same code
                assert en.source == zh.source, f"{where}: code differs"
        if en.cell_type == "markdown" and role.get("grade_id", "").endswith("-prompt"):
            assert HAN.search(zh.source)
    intro = chinese.cells[0].source
    assert intro.startswith(f"# {assignment.translations['zh'].title}")
    assert f"<!-- covers: {' '.join(assignment.covers)} -->" in intro


def test_a_chinese_test_cell_says_a_wrong_type_in_chinese():
    """A student who hands in the wrong type sees the visible test's message in Chinese (the English notebook's
    cell says it in English); the right answers pass the assertion and reach the self-check."""
    assignment = _spec("value")
    cells = {lang: {cell.id: cell.source for cell in notebook(assignment, "crm-lab", lang=lang).cells}
             for lang in ("en", "zh")}
    improvements = assignment.variant("crm-lab", EVERYONE)["improvements"]
    wrong = [("ratio-b", {"ratio_b": "1.2"}, "ratio_b should be a number", "ratio_b 应该是一个数"),
             ("choice", {"choice": "C"}, 'choice should be "A" or "B"', 'choice 应该是 "A" 或 "B"'),
             ("catch-up", {"catch_up": "room upgrade"}, "catch_up should be a list of names",
              "catch_up 应该是一个名称列表"),
             ("catch-up", {"catch_up": ["sauna"]}, "use the names of `improvements`", "请使用 `improvements` 中的名称")]
    for grade_id, answers, english, chinese in wrong:
        for lang, message in (("zh", chinese), ("en", english)):
            namespace = {"numbers": numbers, "improvements": improvements, **answers}
            with pytest.raises(AssertionError) as error:
                exec(compile(cells[lang][grade_id], f"<{grade_id} {lang}>", "exec"), namespace)
            assert str(error.value) == message

    class Reached(Exception):
        pass

    def self_check(assignment, **answers):
        raise Reached(answers)

    namespace = {"numbers": numbers, "improvements": improvements, "ratio_b": 1.2, "self_check": self_check}
    with pytest.raises(Reached) as reached:
        exec(compile(cells["zh"]["ratio-b"], "<ratio-b zh>", "exec"), namespace)
    assert reached.value.args == ({"ratio_b": 1.2},)


def test_an_assert_message_without_a_translation_is_refused_by_name():
    """A Chinese notebook is not built while one message of its visible tests has no Chinese text; an English one
    is. A translation of a message no test says is refused too."""
    assignment = _spec("value")
    zh = assignment.translations["zh"]

    def with_tests(grade_id, tests):
        parts = tuple(dataclasses.replace(p, visible=tests) if p.grade_id == grade_id else p for p in assignment.parts)
        return dataclasses.replace(assignment, parts=parts)

    choice = next(p for p in assignment.parts if p.grade_id == "choice")
    untranslated = with_tests("choice", f'{choice.visible}\nassert choice != "C", "there is no hotel C"')
    notebook(untranslated, "crm-lab")
    with pytest.raises(ValueError, match=r"assignment 'value', part 'choice': the assert message 'there is no hotel "
                                         r"C' has no zh text: add it to tests= of the assignment's zh Translation"):
        notebook(untranslated, "crm-lab", lang="zh")
    # A shared pattern is only for code names: "the price" is English, not a variable of the tests.
    with pytest.raises(ValueError, match=r"part 'ratio-b': the assert message 'the price should be a number'"):
        notebook(with_tests("ratio-b", 'assert isinstance(ratio_b, numbers.Real), "the price should be a number"'),
                 "crm-lab", lang="zh")
    with pytest.raises(ValueError, match=r"part 'ratio-b': the message of an assert must be a string literal"):
        notebook(with_tests("ratio-b", 'assert ratio_b > 0, f"{ratio_b} should be a number"'), "crm-lab", lang="zh")
    translated = dataclasses.replace(untranslated, translations={"zh": dataclasses.replace(
        zh, tests={**zh.tests, "there is no hotel C": "没有酒店 C"})})
    cells = {cell.id: cell.source for cell in notebook(translated, "crm-lab", lang="zh").cells}
    assert '\nassert choice != "C", "没有酒店 C"\n' in cells["choice"]
    with pytest.raises(ValueError, match=r"zh translation: tests translates \['there is no hotel C'\], which no "
                                         "assert of the visible tests says"):
        dataclasses.replace(assignment, translations={"zh": dataclasses.replace(
            zh, tests={**zh.tests, "there is no hotel C": "没有酒店 C"})})
    with pytest.raises(ValueError, match="every text must be non-empty"):
        dataclasses.replace(assignment, translations={"zh": dataclasses.replace(
            zh, tests={**zh.tests, "costs are positive here": " "})})


def test_assert_messages_are_rewritten_as_valid_literals():
    """Only the message literal changes; quotes the text holds, a backslash, a line break, and multi-byte
    characters before the message on its line (ast counts bytes) all come out right."""
    code = ('x = "−·"\nfor y in (1, 2):\n    assert x == "−·", \'x is "−·"\'  # a comment\n'
            'assert x, (\n    "two "\n    "parts"\n)\nassert x\nassert x, r"raw \\d"')
    say = {'x is "−·"': '它是 "−·"', "two parts": "两个部分", "raw \\d": "带 \\ 和 \'引号\' 和 \"双引号\"\n"}
    rewritten = with_messages(code, say.__getitem__)
    assert _assert_messages(rewritten) == [say[m] for m in _assert_messages(code)]
    assert _code_without_messages(rewritten) == _code_without_messages(code)
    assert 'assert x == "−·", \'它是 "−·"\'  # a comment\n' in rewritten
    assert rewritten.startswith('x = "−·"\nfor y in (1, 2):\n') and "\nassert x\n" in rewritten


def test_the_shared_assert_messages_are_chinese():
    for english, texts in TEST_MESSAGES.items():
        assert set(texts) == {"zh"} and texts["zh"].count("{}") == english.count("{}"), english
        assert _is_chinese_message(texts["zh"].replace("{}", "x")), english
        assert re.findall(r"`?\{\}`?", texts["zh"]) == re.findall(r"`?\{\}`?", english), english


def test_self_checks_speak_the_notebooks_language():
    assignment = dataclasses.replace(_spec("value"), vary=False)
    data = selfcheck.table(assignment, "crm-lab", [], lang="zh")
    assert data["lang"] == "zh"
    hint = assignment.translations["zh"].parts["choice"][1]
    assert data["answers"]["choice"]["hint"] == hint
    selfcheck.register("value", data)
    selfcheck.use("value", selfcheck.SHARED, "zh")
    right = assignment.key("crm-lab", EVERYONE)["choice"]["choice"].value
    wrong = "B" if right == "A" else "A"
    with pytest.raises(selfcheck.NotYet) as error:
        selfcheck.check("value", choice=wrong)
    assert error.value._render_traceback_()[0].startswith("尚未正确（Not yet）：choice: ")
    assert f"。提示：{hint}" in str(error.value)


WRONG_ANSWERS = [  # (expected, handed in, the reason in Chinese: written for this test from the English one)
    (Expect.number(0.25, tol=0.01), 0.3, "数值不对（误差在 ±0.01 以内才算对）"),
    (Expect.number(0.25), "0.25", "应为一个数（误差在 ±0.01 以内），得到的是文本"),
    (Expect.number(0.25), {"invalid": "not a finite number (nan)"},
     "应为一个数（误差在 ±0.01 以内），得到的是一个非有限的数（nan）"),
    (Expect.number(0.25), {"invalid": "an object of type Decimal"},
     "应为一个数（误差在 ±0.01 以内），得到的是一个 Decimal 类型的对象"),
    (Expect.number(0.25), 10**400, "应为一个数（误差在 ±0.01 以内），得到的是一个大到无法检查的数"),
    (Expect.text("loyal"), "fickle", "答案不对"),
    (Expect.flag(True), None, "应为真假值（True 或 False），得到的是空值 None"),
    (Expect.numbers([1.0, 2.0]), [1.0], "应有 2 项，得到的是 1 项"),
    (Expect.numbers([1.0, 2.0]), 3.0, "应为每项一个数（每个误差在 ±0.01 以内）（一个列表或数组），得到的是一个数"),
    (Expect.numbers({"a": 1.0, "b": 2.0}), {"a": 1.0, "c": 2.0}, "应有的项是 ['a', 'b']，得到的是 ['a', 'c']"),
    (Expect.numbers({"a": 1.0, "b": 2.0}), [1.0, 2.0],
     "应为每项一个数（每个误差在 ±0.01 以内）（带标签，例如一个 Series），得到的是一个列表"),
    (Expect.labels({"a": "x", "b": "y", "c": "z"}), {"a": "x", "b": "q", "c": "q"}, "3 项中有 2 项不对（第一项：'b'）"),
]


@pytest.mark.parametrize(("expect", "got", "reason"), WRONG_ANSWERS)
def test_a_self_check_says_why_in_chinese(expect, got, reason):
    """The reason after 尚未正确 is Chinese, the same in the self-check (hashes) and the grader (the key)."""
    prints = fingerprint(expect, "salt", "x")
    assert compare_with_fingerprint(expect.kind, expect.tol, prints, got, "salt", "x", "zh") == reason
    assert compare(expect, got, "zh") == reason
    assert compare(expect, got, "en") != reason and compare(expect, got, "en") is not None


def test_self_check_says_correct_in_chinese(capsys):
    assignment = dataclasses.replace(_spec("value"), vary=False)
    selfcheck.register("value", selfcheck.table(assignment, "crm-lab", [], lang="zh"))
    right = assignment.key("crm-lab", EVERYONE)["choice"]["choice"].value
    selfcheck.check("value", choice=right)
    assert capsys.readouterr().out == "正确（Correct）：choice。\n"


def _one_part_wrong(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{grade_id}-answer":  # the other hotel's letter
            cell.source = re.sub(r"^choice = (.*)$", r'choice = {"A": "B", "B": "A"}[\1]', cell.source, flags=re.M)
            assert cell.source.startswith('choice = {"A": "B"'), cell.source
    return nb


@pytest.mark.slow
def test_the_chinese_release_is_graded_with_the_english_key(tmp_path, capsys):
    root = course.init_course(tmp_path / "course")
    submitted = {}
    for lang in ("en", "zh"):
        assert cli.main(["--course", str(root), "release", "value"] + (["--lang", lang] if lang != "en" else [])) == 0
        released = nbformat.read(root / "release" / "value" / "value.ipynb", as_version=4)
        assert bool(HAN.search(released.cells[0].source.split("\n", 1)[1])) == (lang == "zh")
        data = next(c for c in released.cells if selfcheck.SELF_CHECK_TAG in c.metadata.get("tags", []))
        assert ("'lang': 'zh'" in data.source) == (lang == "zh")
        for kind in ("solution", "partial"):
            nb = samples.submission(root, "value", "solution")
            submitted[f"{lang}-{kind}"] = _one_part_wrong(nb, "choice") if kind == "partial" else nb
    assert "release/value" in capsys.readouterr().out
    for student, nb in submitted.items():
        folder = root / "submitted" / student / "value"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / "value.ipynb")
    outcomes = {o.student: o for o in autograde.autograde(root, "value", timeout=120, jobs=2)}
    assert all(o.status == "graded" for o in outcomes.values()), {s: o.reason for s, o in outcomes.items()}
    total = _spec("value").auto_points
    choice = next(p.points for p in _spec("value").parts if p.grade_id == "choice")
    assert outcomes["en-solution"].auto_score == outcomes["zh-solution"].auto_score == total
    assert outcomes["en-partial"].auto_score == outcomes["zh-partial"].auto_score == total - choice
    for kind in ("solution", "partial"):
        en, zh = outcomes[f"en-{kind}"].cells, outcomes[f"zh-{kind}"].cells
        assert {g: c["passed"] for g, c in en.items()} == {g: c["passed"] for g, c in zh.items()}
    # The course's release is now the Chinese one: the grader gives its reasons in Chinese, to every submission.
    assert outcomes["zh-partial"].cells["choice"]["message"] == "choice: 答案不对"
    feedback = nbformat.read(root / "autograded" / "zh-partial" / "value" / "value.ipynb", as_version=4)
    notes = [o.text for c in feedback.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert "答案检查未通过（Answer check failed）：choice: 答案不对\n" in notes
    # The graders' notes (formgrader) and the written-answers sheet give the Chinese model answers and rubrics.
    spec = _spec("value")
    graders = [c.source for c in feedback.cells if GRADER_NOTES in c.metadata.get("tags", [])]
    assert graders == [spec.instructor_text(answer, "zh", grader=True) for answer in spec.written]
    page, sheet = written.write_sheet(root, "value")
    text = page.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in text and "<h1>书面作答：value</h1>" in text
    for answer in spec.written:
        zh = spec.translations["zh"].written[answer.grade_id]
        assert f"<h2>{answer.grade_id}（{answer.points} 分）</h2>" in text
        assert f"<strong>题目。</strong> {html.escape(zh.prompt)}" in text
        assert f"<strong>参考答案。</strong> {html.escape(zh.model_answer)}" in text
        assert all(f"- {html.escape(c)}（1 分）" in text for c in zh.criteria)
        assert html.escape(answer.model_answer) not in text and answer.rubric[0].description not in text
    assert sheet.read_text(encoding="utf-8").startswith(",".join(written.COLUMNS))


def test_release_refuses_an_unknown_language(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["--course", str(tmp_path), "release", "value", "--lang", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err
    root = course.init_course(tmp_path / "course")
    with pytest.raises(ValueError, match=r"lang must be one of 'en', 'zh', got 'de'"):
        course.release(root, "value", lang="de")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_chinese_emphasis_renders(name):
    """CommonMark closes ``**…**`` after punctuation only before a space or punctuation: "**分值：**自" stays raw."""
    from markdown_it import MarkdownIt

    render = MarkdownIt().render
    for cell in notebook(_spec(name), "crm-lab", lang="zh").cells:
        if cell.cell_type == "markdown":
            shown = re.sub(r"<code>.*?</code>", "", render(cell.source))
            assert "**" not in shown and not re.search(r"(?<![\w*])\*[^\s*]", shown), f"{name}: {cell.id}"
