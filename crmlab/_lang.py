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
