"""The calculators' words in English and Chinese: glossary terms and texts given per language.

A calculator never carries a Chinese copy of itself: every text it shows is
either English (``"Churn"``), a mapping of language → text (``{"en": …,
"zh": …}``, added as the Chinese edition is written), or refers to a term of
the bilingual glossary (``book/glossary/*.yml``, read by
:mod:`crmlab.glossary`). crmlab's own category names (loyalty segments, trust
strengths and levels, IPA quadrants) come with their Chinese names from the
modules that define them.

>>> chinese("churn rate")
'流失率'
>>> term_text("churn rate", "en"), term_text("churn rate", "zh")
('churn rate (流失率)', '流失率')
>>> text({"en": "Days", "zh": "天数"}, "zh"), text("Days", "en")
('天数', 'Days')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

from crmlab import _lang, glossary, loyalty, satisfaction, trust

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "book" / "glossary"

Q_OUTCOMES_ZH = {"highly satisfied": "高度满意", "satisfied": "一般满意", "dissatisfied": "不满意"}
"""The Q1/Q0 model's verdicts (crmlab.satisfaction.q_model) in the words of the course material (seed 002)."""

Text = str | Mapping[str, str]
"""A text a calculator shows: English, or one text per language code."""

SOURCES = {
    "trust slides": {"en": "the slides 顾客信任 (Customer trust)", "zh": "《顾客信任》"},
    "trust essay": {"en": "the essay 顾客满意顾客信任论文 (on customer satisfaction and trust)",
                    "zh": "《顾客满意顾客信任论文》"},
    "loyalty lecture": {"en": "the lecture 客户忠诚管理 (Customer loyalty management)", "zh": "《客户忠诚管理》"},
    "relationship articles": {"en": "the articles 基于顾客信任的关系营销策略研究 (relationship marketing based on "
                                    "customer trust)", "zh": "《基于顾客信任的关系营销策略研究》"},
    "satisfaction lecture": {"en": "the lecture 顾客满意及其管理 (Customer satisfaction and its management)",
                             "zh": "《顾客满意及其管理》"},
}
"""The course's five source documents as a sentence names them (by title, as the book's Sources page does)."""


@functools.cache
def vocabulary() -> dict[str, str]:
    """English term → Chinese: the glossary's terms (also without a trailing "(ABBREVIATION)") and crmlab's
    category names."""
    words: dict[str, str] = {}
    entries = glossary.load_entries(GLOSSARY) if GLOSSARY.is_dir() else []  # no book/ where crmlab is installed
    for entry in entries:
        words[entry["term"].casefold()] = entry["zh"]
        short = re.sub(r"\s*\([^)]*\)$", "", entry["term"])
        words.setdefault(short.casefold(), entry["zh"])
    categories = {**loyalty.LOYALTY_SEGMENTS_ZH, **trust.TRUST_STRENGTHS_ZH, **trust.TRUST_LEVELS_ZH,
                  **{quadrant: zh for quadrant, (zh, _) in satisfaction.IPA_QUADRANTS.items()}, **Q_OUTCOMES_ZH}
    from crmlab.calculators.cases import RESPONSES_ZH  # a case calculator's choices (imported late: it imports us)

    for english, zh in {**categories, **RESPONSES_ZH}.items():
        words.setdefault(english.casefold(), zh)
    return words


def chinese(term: str) -> str:
    """The Chinese name of an English ``term`` (glossary or crmlab category); ``KeyError`` naming it if none.

    Where crmlab is installed without the book (a package on a hub) the glossary is not there: its terms then
    show in English only (an empty string here), crmlab's own category names still in both languages.
    """
    try:
        return vocabulary()[term.casefold()]
    except KeyError:
        if not GLOSSARY.is_dir():
            return ""
        raise KeyError(f"{term!r} is neither a term of the glossary (book/glossary/*.yml) nor one of crmlab's "
                       "category names: add it to the glossary or write the text out") from None


def with_chinese(english: str, term: str) -> str:
    """``english`` followed by the Chinese name of ``term`` in parentheses (just ``english`` if it has none)."""
    zh = chinese(term)
    return f"{english} ({zh})" if zh else english


def term_text(term: str, lang: str) -> str:
    """A glossary term as a sentence shows it: "English (中文)" in English, the Chinese term in Chinese."""
    check_language(lang)
    return (chinese(term) or term) if lang == "zh" else with_chinese(term, term)


def text(value: Text, lang: str) -> str:
    """``value`` in language ``lang``; a text with no version in that language is shown in English."""
    check_language(lang)
    if isinstance(value, str):
        return value
    return value.get(lang) or value["en"]


def translated(value: Text, lang: str) -> bool:
    """Whether ``value`` has its own text in ``lang`` (English always has)."""
    return lang == "en" or (not isinstance(value, str) and bool(value.get(lang)))


def source(key: str, lang: str = "en") -> str:
    """How a calculator names one of the course's source documents.

    >>> source("loyalty lecture")
    'the lecture 客户忠诚管理 (Customer loyalty management)'
    """
    return text(SOURCES[key], lang)


def check_language(lang: str) -> str:
    return _lang.check(lang)


def pattern(english: str) -> str:
    """The regular expression of a text whose ``{}`` stand for any text (each captured), in the syntax Python's
    ``re`` and JavaScript's ``RegExp`` share.

    >>> pattern("top {} % (of {})")
    '^top (.+?) % \\\\(of (.+?)\\\\)$'
    """
    return "^" + "(.+?)".join(re.sub(r"([.^$*+?()\[\]{}|\\/])", r"\\\1", part)
                              for part in english.split("{}")) + "$"


def by_pattern(value: str, english: str, text: str) -> str | None:
    """``text`` with the parts of ``value`` that fill the ``{}`` of ``english`` in its own ``{}``, in order;
    ``None`` when ``value`` does not read as ``english``.

    >>> by_pattern("top 20 %", "top {} %", "前 {}%"), by_pattern("the rest", "top {} %", "前 {}%")
    ('前 20%', None)
    """
    match = re.fullmatch(pattern(english), value, flags=re.DOTALL)
    if match is None:
        return None
    parts = iter(match.groups())
    return re.sub(r"\{\}", lambda _: next(parts), text)


def js_replacement(text: str) -> str:
    """``text`` as the replacement of JavaScript's ``String.replace`` for :func:`pattern`: ``$1``, ``$2``… for
    its ``{}``, a ``$`` of its own doubled."""
    numbers = iter(range(1, 100))
    return re.sub(r"\{\}", lambda _: f"${next(numbers)}", text.replace("$", "$$"))
