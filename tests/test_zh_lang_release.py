"""The Chinese student version (``crmlab release ASSIGNMENT --lang zh``) is graded with the English key.

One course releases an assignment in English, then in Chinese; students answer each version (the model
solution, and the solution with one part wrong); the grader must give the Chinese submissions exactly the
English ones' scores, cell by cell. Every assignment must have its Chinese texts.
"""

from __future__ import annotations

import dataclasses
import re

import nbformat
import pytest

from crmlab import cli
from crmlab.grading import autograde, course, samples, selfcheck
from crmlab.grading.answers import Expect, compare, compare_with_fingerprint, fingerprint
from crmlab.grading.spec import EVERYONE, Translation, load_spec, notebook

ASSIGNMENTS = course.assignments(course.TEMPLATE)
HAN = re.compile(r"[\u4e00-\u9fff]")


def _spec(name):
    return load_spec(course.TEMPLATE, name).ASSIGNMENT


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_has_all_its_texts_in_chinese(name):
    assignment = _spec(name)
    assert "zh" in assignment.translations, f"{name}: no Chinese texts (translations={{'zh': Translation(...)}})"
    zh = assignment.translations["zh"]
    texts = [zh.title, zh.intro, *zh.written.values()] + [text for pair in zh.parts.values() for text in pair if text]
    for text in texts:
        assert HAN.search(text), f"{name}: not Chinese: {text[:60]!r}"
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
def test_the_chinese_notebook_has_the_english_cells_code_and_tests(name):
    assignment = _spec(name)
    english, chinese = notebook(assignment, "crm-lab"), notebook(assignment, "crm-lab", lang="zh")
    assert [c.id for c in english.cells] == [c.id for c in chinese.cells]
    assert [c.metadata for c in english.cells] == [c.metadata for c in chinese.cells]
    for en, zh in zip(english.cells, chinese.cells):
        role = en.metadata.get("nbgrader", {})
        if en.cell_type == "code" and role.get("grade_id") != "setup" and role:
            assert en.source == zh.source, f"{name} {role['grade_id']}: code or tests differ"
        if en.cell_type == "markdown" and role.get("grade_id", "").endswith("-prompt"):
            assert HAN.search(zh.source)
    intro = chinese.cells[0].source
    assert intro.startswith(f"# {assignment.translations['zh'].title}")
    assert f"<!-- covers: {' '.join(assignment.covers)} -->" in intro


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
