"""crmlab speaks Chinese (issue 18): every text a reader sees takes ``lang="zh"``, from one source of terms.

Expected Chinese strings are checked by hand against the glossary files (read here with yaml, not through
crmlab) and against numbers worked by hand; every English number of a calculator's sentence must be in its
Chinese sentence.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
import yaml

from crmlab import _lang, calculators, data
from crmlab.case_widgets import check_answer, ipa_map_calculator
from crmlab.glossary import glossary_html
from crmlab.grading.book import exercise_page, exercises_table
from crmlab.plots import cases, loyalty, models, retention, satisfaction, transactions, trust, value

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = {entry["term"]: entry["zh"] for path in sorted((ROOT / "book" / "glossary").glob("*.yml"))
            for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []}
COMPONENTS = dict(product=60, service=20, personnel=10, image=10, monetary=50, time=10, energy=5, psychological=5)


def _texts(ax) -> list[str]:
    figure_texts = [t.get_text() for t in ax.texts] + [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    ticks = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    legend = [t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else []
    return figure_texts + ticks + legend


# Every chart function of crmlab.plots a page calls, with arguments that draw it.
CHARTS = {
    "delivered_value_waterfall": lambda lang: value.delivered_value_waterfall(COMPONENTS, lang=lang),
    "value_delivery_chain": lambda lang: value.value_delivery_chain(lang=lang),
    "target_cost_chart": lambda lang: value.target_cost_chart(20, 0.25, 17, lang=lang),
    "plot_trust_levels": lambda lang: trust.plot_trust_levels("affective", lang=lang),
    "plot_trust_strengths": lambda lang: trust.plot_trust_strengths([0.9, 0.1], [0.5, 0.2], lang=lang),
    "plot_breach_response": lambda lang: trust.plot_breach_response({"weak": 0.5, "semi-strong": 0.3,
                                                                     "strong": 0.2}, lang=lang),
    "plot_trust_model": lambda lang: trust.plot_trust_model(lang=lang),
    "ipa_chart": lambda lang: satisfaction.ipa_chart(pd.Series({"价格": 9, "速度": 8, "装修": 3}),
                                                     pd.Series({"价格": 4, "速度": 9, "装修": 8}), lang=lang),
    "q_model_chart": lambda lang: satisfaction.q_model_chart(customers={"乘客": (6, 3)}, lang=lang),
    "retention_chart": lambda lang: satisfaction.retention_chart(4, lang=lang),
    "servqual_gap_chart": lambda lang: satisfaction.servqual_gap_chart(
        pd.DataFrame({"reliability": [6, 4], "empathy": [5, 5]}),
        pd.DataFrame({"reliability": [7, 4], "empathy": [4, 6]}), lang=lang),
    "csi_model_chart": lambda lang: satisfaction.csi_model_chart("ECSI", lang=lang),
    "plot_dick_basu": lambda lang: loyalty.plot_dick_basu([0.2, 0.8], [0.9, 0.1], lang=lang),
    "plot_satisfaction_loyalty": lambda lang: loyalty.plot_satisfaction_loyalty(lang=lang),
    "plot_profit_over_years": lambda lang: loyalty.plot_profit_over_years(lang=lang),
    "plot_leaky_bucket": lambda lang: retention.plot_leaky_bucket(100, 100, 0.1, 12, lang=lang),
    "plot_retention_uplift": lambda lang: retention.plot_retention_uplift(0.1, claims={"+85 %": 0.85}, lang=lang),
    "plot_indices": lambda lang: models.plot_indices(pd.DataFrame({"w": [70.0, 75.0]}, index=["a", "b"]),
                                                     lang=lang),
    "plot_path_estimates": lambda lang: models.plot_path_estimates(pd.DataFrame(
        {"estimate": [0.5], "low": [0.4], "high": [0.6]}, index=["A -> B"]), lang=lang),
    "plot_cohort_retention": lambda lang: transactions.plot_cohort_retention(pd.DataFrame(
        {0: [1.0], 1: [0.5], 2: [0.3]}, index=["2024-01"]), lang=lang),
    "plot_rfm_grid": lambda lang: transactions.plot_rfm_grid(pd.DataFrame(
        {"R": [1, 1, 2], "F": [1, 2, 2], "monetary": [10.0, 30.0, 50.0]}), lang=lang),
    "plot_trust_journey": lambda lang: cases.plot_trust_journey([("1", "cognitive"), ("2", None)], lang=lang),
    "plot_profit_tiers": lambda lang: cases.plot_profit_tiers(pd.DataFrame(
        {"customer_share": [0.5, 1.0], "profit_share": [0.8, 1.0], "tier": ["A", "B"]}), lang=lang),
    "plot_sales_shock": lambda lang: cases.plot_sales_shock([0, 1], [5, 8], [10, 10], lang=lang),
    "plot_recovery_paths": lambda lang: cases.plot_recovery_paths(
        {"x": pd.DataFrame({"period": [0, 1], "sales": [5, 8]})}, 10, lang=lang),
    "plot_complaint_outcomes": lambda lang: cases.plot_complaint_outcomes(pd.Series(
        {"handled": 10.0, "mishandled": -5.0, "difference": 15.0}), lang=lang),
    "plot_mean_by_score": lambda lang: cases.plot_mean_by_score([1, 2, 2], [3, 4, 5], lang=lang),
    "plot_servqual_gaps": lambda lang: cases.plot_servqual_gaps(pd.Series({"a": -0.5, "b": 0.2}), lang=lang),
}


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_draws_in_chinese_with_chinese_glyphs(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of every glyph its fonts lack ("tofu")
        ax = CHARTS[name]("zh")
        ax.figure.canvas.draw()
    title = ax.get_title() or " ".join(_texts(ax))
    assert re.search(r"[\u4e00-\u9fff]", title), f"{name}: no Chinese in {title!r}"
    english = " ".join(_texts(CHARTS[name]("en")))
    assert not re.search(r"[A-Za-z]{4,} [a-z]{4,}", " ".join(t for t in _texts(ax) if t not in english)), name


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_refuses_an_unknown_language_by_name(name):
    with pytest.raises(ValueError, match=r"^lang must be one of 'en', 'zh', got 'fr'$"):
        CHARTS[name]("fr")


def test_chinese_chart_labels_are_the_glossary_terms():
    ax = value.delivered_value_waterfall(COMPONENTS, lang="zh")
    ticks = [t.get_text().replace("\n", "") for t in ax.get_xticklabels()]
    assert ticks[:4] == [GLOSSARY[t] for t in ("product value", "service value", "personnel value", "image value")]
    assert ticks[5:9] == [GLOSSARY[t] for t in ("monetary cost", "time cost", "energy cost", "psychic cost")]
    assert ax.get_title() == "顾客让渡价值：100 − 70 = 30"  # 60+20+10+10 − (50+10+5+5)
    ax = satisfaction.ipa_chart(pd.Series({"a": 9, "b": 8, "c": 3}), pd.Series({"a": 4, "b": 9, "c": 8}), lang="zh")
    legend = sorted(t.get_text() for t in ax.get_legend().get_texts()) if ax.get_legend() else sorted(
        c.get_label() for c in ax.collections)
    assert legend == sorted(GLOSSARY[f"{q} quadrant"] for q in ("urgent improvement", "competitive advantage",
                                                                  "icing on the cake"))
    ax = trust.plot_breach_response({"weak": 0.5, "semi-strong": 0.3, "strong": 0.2}, 0.4, lang="zh")
    assert f"{GLOSSARY['tolerance ceiling']} = 0.4" in _texts(ax)
    assert ax.get_legend().get_texts()[0].get_text() == f"{GLOSSARY['strong trust']}，占顾客 20%"
    ax = retention.plot_leaky_bucket(100, 100, 0.1, 12, lang="zh")
    assert ax.get_title() == f"{GLOSSARY['leaky bucket']}：每期新增 100 位顾客，流失 10%"
    assert f"{GLOSSARY['steady state']} = 新增顾客 / 流失率 = 1,000" in _texts(ax)  # 100 / 0.1


def test_a_chinese_sentence_states_the_english_numbers():
    english = calculators.leaky_bucket_calculator(churn=10).sentence().splitlines()[-1]
    chinese = calculators.leaky_bucket_calculator(churn=10, lang="zh").sentence().splitlines()[-1]
    assert english == "It settles where inflow equals outflow: steady state = 100 / 10 % = 1,000 customers."
    assert chinese == f"它在流入等于流出处稳定下来：{GLOSSARY['steady state']} = 100 / 10% = 1,000 位顾客。"
    # Offers A and B of crmlab.calculators.value: A 50+10+5+5 = 70 − (40+5+5+0) = 50, B 90 − 60.
    chinese = calculators.delivered_value_calculator(lang="zh").sentence().splitlines()
    assert chinese[0] == "方案 B 的让渡价值多 10 个单位（30 对 20）：顾客选择 B。"
    assert chinese[1] == "让渡价值 = 总顾客价值 − 总顾客成本：A 70 − 50 = 20，B 90 − 60 = 30。"
    word = calculators.word_of_mouth_calculator(lost_per_day=2, tells=10, days=30, lang="zh").sentence()
    assert word == "每天流失 2 位顾客，持续 30 天，共流失 60 位顾客；\n如果每人告诉 10 个人，就有 600 人听说此事。"


NUMBER = re.compile(r"[−+-]?\d+(?:,\d{3})*(?:\.\d+)?")


def test_every_calculator_speaks_chinese_with_the_same_numbers():
    from tests import calculator_helpers as helpers

    english, chinese = helpers.instances("en"), helpers.instances("zh")
    for name, calc in chinese.items():
        assert re.search(r"[\u4e00-\u9fff]", calc.title), f"{name}: title {calc.title!r}"
        for values in helpers.positions(calc, count=5, seed=1):
            en, zh = english[name].sentence(**values), calc.sentence(**values)
            if english[name].outcome(values).message is None:
                assert re.search(r"[\u4e00-\u9fff]", zh), f"{name} {values}: {zh!r}"
                missing = set(NUMBER.findall(en)) - set(NUMBER.findall(zh))
                assert not missing, f"{name} {values}: {missing} of {en!r} not in {zh!r}"


def test_the_glossary_table_in_chinese_has_chinese_headings_and_terms_first():
    table = glossary_html(ROOT / "book" / "glossary", ROOT / "_toc.yml", lang="zh")
    assert "<tr><th>中文术语</th><th>英文</th><th>定义</th><th>讲授章节</th></tr>" in table
    row = next(line for line in table.splitlines() if ">churn rate<" in line)
    assert row.startswith(f'<tr><td lang="zh" style="white-space: nowrap">{GLOSSARY["churn rate"]}</td>'
                          '<td lang="en">churn rate</td>')
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh', got 'en-GB'"):
        glossary_html(ROOT / "book" / "glossary", ROOT / "_toc.yml", lang="en-GB")


def test_data_cards_and_the_catalogue_in_chinese():
    card = data.card("mobi", lang="zh").markdown()
    assert "| 类型 | 真实数据 |" in card and "| 行数 | 250 |" in card
    assert "| 列 | 类型 | 含义 | 单位／量表 | 有效取值 | 缺失值代码 |" in card
    assert "| `CUSA1` | int |" in card and "1 至 10" in card
    assert data.card("mobi").markdown(lang="zh") == card
    catalogue = data.catalog(lang="zh").set_index("name")
    assert catalogue.loc["mobi", "行数"] == 250 and catalogue.loc["oriental_hotel", "类型"] == "模拟数据"
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh', got 'cn'"):
        data.card("mobi", lang="cn")


def test_answer_checks_and_case_calculators_in_chinese(capsys):
    check_answer(0.25, 0.25, lang="zh")
    check_answer(None, 0.25, lang="zh")
    check_answer("a", 0.25, lang="zh")
    assert capsys.readouterr().out.splitlines() == [
        "✅ 正确：0.25。", "✍ 把 None 换成你的答案（一个数），再运行这个单元。",
        "✍ 答案必须是一个数，例如 0.25 或 1500；你写的是 'a'。"]
    group = ipa_map_calculator({"问卷": (pd.Series({"a": 6.0, "b": 3.0}), pd.Series({"a": 4.0, "b": 5.0}))}, lang="zh")
    assert group.calculators[0].title == "重要性—绩效分析：移动分界线"
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh', got 'de'"):
        check_answer(1, 1, lang="de")


def test_exercise_pages_for_the_chinese_edition():
    page = exercise_page("value", lang="zh")
    assert "\n# 练习 1：顾客让渡价值\n" in page
    assert "student_version('value', lang='zh')" in page
    assert "<!-- covers: V1 V3 -->" in page
    table = exercises_table(lang="zh").text
    assert table.startswith("| 练习 | 涵盖内容 | 分值（自动评分 + 书面作答） |")
    assert "{doc}`练习 1：顾客让渡价值 <assignments/01-value>`" in table


def test_a_message_catalogue_needs_both_languages():
    with pytest.raises(ValueError, match=r"message 'x' needs a text in each of \('en', 'zh'\).*missing \['zh'\]"):
        _lang.Messages(x={"en": "only English"})
    say = _lang.Messages(x={"en": "{n} days", "zh": "{n} 天"})
    assert say("x", "zh", n=3) == "3 天"
    with pytest.raises(KeyError, match="no message 'y'"):
        say("y", "en")
