"""A Chinese class's feedback: the page is marked Chinese, and crmlab's and nbgrader's words on it are Chinese.

A fresh course, the assignment released in Chinese, one student's submission with a wrong answer and the
written answers not graded yet; autograde, then feedback with the ungraded ones included.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from crmlab.grading import autograde, course, feedback, roster, samples

pytestmark = pytest.mark.slow


def test_feedback_of_a_chinese_release_is_in_chinese(tmp_path):
    root = course.init_course(tmp_path / "course")
    (tmp_path / "class.csv").write_text("id\n2024001\n", encoding="utf-8")
    roster.import_class_list(root, tmp_path / "class.csv")
    course.release(root, "value", lang="zh")
    assert course.release_lang(root, "value") == "zh"
    nb = samples.submission(root, "value", student_id="2024001")
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "ratio-b-answer":
            cell.source = "ratio_b = 1.0"  # a number, the wrong one: the grader's note says why it scored 0
    folder = root / "submitted" / "2024001" / "value"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "value.ipynb")
    [outcome] = autograde.autograde(root, "value", jobs=1)
    assert outcome.status == "graded", outcome.reason
    assert outcome.cells["ratio-b"]["message"] == "ratio_b: 数值不对（误差在 ±0.001 以内才算对）"

    done = feedback.generate_feedback(root, "value", include_ungraded=True)
    page = done.pages[0].read_text(encoding="utf-8")
    assert re.search(r'<html lang="zh-CN"', page)
    assert "答案检查未通过（Answer check failed）：ratio_b: 数值不对" in page
    assert "书面作答尚未评分" in page and page.count("尚未评分（满分") == 2  # the two written answers
    assert "not graded yet" not in page.lower() and "Answer check failed:" not in page
    # nbgrader's own words (its feedback template) are Chinese too: the table of contents, the cells' headings.
    assert "测试单元</a>（得分：1.0 / 1.0）" in page and "书面作答</a>（尚未评分；满分 3.0）" in page
    assert "学生的作答" in page and "评分单元：<code>ratio-b</code>" in page and "（回到顶部）" in page
    for english in ("Test cell", "Written response", "Student's answer", "Grade cell", "(Top)", "Score:"):
        assert english not in page, english


def test_an_english_release_keeps_its_english_feedback_words():
    page = '<html><body><h4>value (Score: 6.0 / 17.0)</h4><a href="#memo">memo</a> (Score: 0.0 / 3.0)'
    shown = feedback.in_language(feedback.mark_not_graded(page, ["memo"]), "en")
    assert shown == page.replace("<html>", '<html lang="en">').replace(
        "(Score: 6.0 / 17.0)", "(Score so far: 6.0 / 17.0; written answers not graded yet)").replace(
        "(Score: 0.0 / 3.0)", "(not graded yet; out of 3.0)")
