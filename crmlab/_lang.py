"""The reader's language: one check of ``lang``, glossary terms and per-module message catalogues.

Every crmlab function whose output a reader sees (a figure, a calculator, a
sentence, a table) takes ``lang="en"`` or ``lang="zh"``. Its words come from
two places only:

- a **glossary term** (``book/glossary/*.yml``, read by :mod:`crmlab.glossary`):
  :func:`term` gives it in the reader's language, never retyped;
- a module's **message catalogue** (:class:`Messages`): each other phrase once,
  with its English and Chinese side by side under one id, filled with
  :meth:`str.format` fields. A catalogue refuses an entry without both.

>>> check("zh")
'zh'
>>> check("fr")
Traceback (most recent call last):
...
ValueError: lang must be one of 'en', 'zh', got 'fr'
>>> term("churn rate", "zh"), term("churn rate", "en")
('流失率', 'churn rate')
>>> say = Messages(greeting={"en": "{n} customers", "zh": "{n} 位顾客"})
>>> say("greeting", "zh", n=5)
'5 位顾客'
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "zh")
"""The languages crmlab speaks: English (the default) and Simplified Chinese."""


def check(lang: object, name: str = "lang") -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else ``ValueError`` naming the argument, value and choices."""
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, LANGUAGES))}, got {lang!r}")
    return lang


def term(english: str, lang: str, *, both: bool = False) -> str:
    """A glossary term (or crmlab category name) in ``lang``.

    In Chinese its glossary name; in English the term itself, or with ``both`` the term followed by its
    Chinese name ("churn rate (流失率)", how the English book introduces terms). ``KeyError`` if
    ``english`` is not in the glossary. Where crmlab is installed without the book the glossary is absent
    and the English term is shown.
    """
    from crmlab.calculators import _text  # the glossary's vocabulary (imports crmlab's category names)

    check(lang)
    zh = _text.chinese(english)
    if lang == "zh":
        return zh or english
    return f"{english} ({zh})" if both and zh else english


TABLE_WORDS_ZH = {
    "importance": "重要性", "performance": "绩效", "quadrant": "象限", "attribute": "属性",
    "total value (TCV)": "总顾客价值（TCV）", "total cost (TCC)": "总顾客成本（TCC）",
    "delivered value (CDV)": "顾客让渡价值（CDV）", "ratio (TCV/TCC)": "价值成本比（TCV/TCC）",
    "chosen": "选中", "offer": "方案", "outcome": "结果", "segment": "细分", "customers": "顾客数",
    "share": "比例", "level": "层次", "strength": "信任强度", "satisfaction": "满意度",
    "period": "期", "acquired": "新获取", "lost": "流失", "quarter": "季度", "observed": "实际观测",
    "cohort": "同期群", "retention": "保持率",
    "prices given quality": "给定质量下的价格", "expected to meet needs": "预期满足需要",  # two more mobi items
    # the ECSI model's constructs (crmlab.models.ECSI_CONSTRUCTS), as its path tables name them
    "Image": "企业形象", "Expectation": "顾客期望", "Quality": "感知质量", "Value": "感知价值",
    "Satisfaction": "顾客满意", "Complaints": "顾客抱怨", "Loyalty": "顾客忠诚",
}
"""The column names of crmlab's tables (``satisfaction.ipa_table``, ``value.compare_offers``…) in Chinese: the one
vocabulary of them, which tables (:func:`translate`) and charts and calculators (:func:`table_word`) read."""


def table_word(name: str) -> dict[str, str]:
    """A column name of crmlab's tables as a chart's field or a control names it, per language.

    >>> table_word("quadrant")
    {'en': 'quadrant', 'zh': '象限'}
    """
    return {"en": name, "zh": TABLE_WORDS_ZH[name]}


HTML_LANG = {"en": "en", "zh": "zh-CN"}
"""Each language's tag for ``<html lang>`` (BCP 47), as the book's pages carry it."""


def notebook_lang(nb) -> str:
    """The language a notebook of crmlab's was written in: its metadata ``crmlab.lang`` (which
    :func:`crmlab.grading.spec.notebook` writes), English if it has none."""
    return check(nb.metadata.get("crmlab", {}).get("lang", "en"))


def translate(frame, lang: str):
    """A table of crmlab's (a DataFrame or Series) as a page in ``lang`` shows it: its column and index names, its
    labels and its text cells written in that language where crmlab or the glossary has a word for them
    (:func:`term`, :data:`TABLE_WORDS_ZH`; ``True``/``False`` as 是/否), the numbers untouched. In English the
    table itself.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"importance": [0.7], "quadrant": ["urgent improvement"], "chosen": [True]},
    ...                      index=pd.Index(["speed"], name="attribute"))
    >>> shown = translate(frame, "zh")
    >>> list(shown.columns), shown.index.name, shown.iloc[0, 1:].tolist()
    (['重要性', '象限', '选中'], '属性', ['急需改进区', '是'])
    """
    check(lang)
    if lang == "en":
        return frame
    import numpy

    from crmlab.satisfaction import MOBI_DRIVERS  # the mobi survey's aspects, by their English labels

    words_zh = {**TABLE_WORDS_ZH, **MOBI_DRIVERS.chinese}

    def word(value):
        if isinstance(value, (bool, numpy.bool_)):
            return "是" if value else "否"
        if not isinstance(value, str):
            return value
        if value in words_zh:
            return words_zh[value]
        try:
            return term(value, lang)
        except KeyError:
            return value

    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    def words(series):
        return series.map(word) if is_bool_dtype(series) or not is_numeric_dtype(series) else series

    if hasattr(frame, "to_series") and not hasattr(frame, "columns"):  # an index: the labels themselves
        return frame.map(word)
    shown = frame.copy()
    if hasattr(shown, "columns"):
        shown.columns = [word(c) for c in shown.columns]
        for position in range(shown.shape[1]):
            shown.isetitem(position, words(shown.iloc[:, position]))
    else:
        shown = words(shown)
    shown.index = shown.index.map(word)
    shown.index.names = [word(n) if n is not None else None for n in shown.index.names]
    if getattr(shown, "name", None) is not None:
        shown.name = word(shown.name)
    return shown


class Messages:
    """A module's phrases, each under one id with its text per language (``{"en": …, "zh": …}``).

    Calling it fills the phrase in ``lang`` with ``str.format`` fields; an id it does not hold is a
    ``KeyError`` naming it. Every entry needs a non-empty text in every language of :data:`LANGUAGES`.
    """

    def __init__(self, **entries: Mapping[str, str]) -> None:
        for key, texts in entries.items():
            missing = [lang for lang in LANGUAGES if not isinstance(texts.get(lang), str) or not texts[lang]]
            if missing or set(texts) - set(LANGUAGES):
                raise ValueError(f"message {key!r} needs a text in each of {LANGUAGES} and nothing else; "
                                 f"missing {missing}, got {sorted(texts)}")
        self.entries = dict(entries)

    def __call__(self, key: str, lang: str, /, **values: object) -> str:
        check(lang)
        try:
            texts = self.entries[key]
        except KeyError:
            raise KeyError(f"no message {key!r}; the catalogue has {sorted(self.entries)}") from None
        return texts[lang].format(**values)

    def __contains__(self, key: str) -> bool:
        return key in self.entries
