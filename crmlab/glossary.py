"""The bilingual glossary (English, 中文) the book renders from ``book/glossary/*.yml``.

Each chapter keeps its terms in one YAML file, a list of entries with the keys
``term`` (English), ``zh`` (Chinese), ``definition`` (one line, English),
``definition_zh`` (the same definition in Chinese, which the Chinese edition
shows), ``page`` (the docname of the page that teaches it, e.g.
``book/satisfaction/servqual``) and an optional ``anchor`` (a heading or label
id on that page). ``book/glossary.md`` and ``zh/book/glossary.md`` call
:func:`glossary_html` at build time, so the glossary cannot drift from the
data, and a term whose page is missing from ``_toc.yml`` fails the build.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Any

import yaml

from crmlab import _lang

REQUIRED_FIELDS = ("term", "zh", "definition", "definition_zh", "page")
OPTIONAL_FIELDS = ("anchor",)
CHAPTER_FILES = ("value", "satisfaction", "trust", "loyalty", "relationship")
"""Glossary files in chapter order; the table lists terms alphabetically regardless."""


def toc_docnames(toc_path: str | Path) -> list[str]:
    """Every docname listed in a jupyter-book ``_toc.yml`` (format ``jb-book``), root first; ``glob`` entries
    expand to the pages they match.

    >>> import tempfile, pathlib
    >>> toc = pathlib.Path(tempfile.mkdtemp()) / "_toc.yml"
    >>> _ = toc.write_text("format: jb-book\\nroot: book/intro\\nparts:\\n- caption: A\\n  chapters:\\n"
    ...                    "  - file: book/value/index\\n    sections:\\n    - file: book/value/cost.md\\n")
    >>> toc_docnames(toc)
    ['book/intro', 'book/value/index', 'book/value/cost']
    """
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    if not isinstance(toc, dict) or "root" not in toc:
        raise ValueError(f"{toc_path} is not a jupyter-book table of contents: it has no 'root' entry")
    names = [_docname(toc["root"])]

    def walk(entries: Any) -> None:
        for entry in entries or []:
            if "file" in entry:
                names.append(_docname(entry["file"]))
            if "glob" in entry:  # as Sphinx expands it: every matching page, sorted by name
                root = Path(toc_path).parent
                names.extend(_docname(path.relative_to(root).as_posix()) for path in sorted(root.glob(entry["glob"]))
                             if path.suffix in (".md", ".ipynb"))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return names


def _docname(path: str) -> str:
    for suffix in (".md", ".ipynb"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


def load_entries(folder: str | Path) -> list[dict[str, str]]:
    """All glossary entries from the ``*.yml`` files in ``folder``, each with its ``source`` file name.

    A file holding only comments (a chapter whose terms are not written yet)
    contributes no entries. Raises ``ValueError`` naming the file and entry when
    an entry is not a mapping, lacks a required field, has an empty field or an
    unknown key.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"glossary folder {folder} does not exist")
    entries = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data is None:
            continue
        if not isinstance(data, list):
            raise ValueError(f"{path.name} must be a YAML list of entries, got {type(data).__name__}")
        for number, entry in enumerate(data, start=1):
            entries.append(_checked_entry(entry, f"{path.name} entry {number}") | {"source": path.name})
    return entries


def _checked_entry(entry: Any, where: str) -> dict[str, str]:
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be a mapping with keys {REQUIRED_FIELDS}, got {entry!r}")
    missing = [field for field in REQUIRED_FIELDS if field not in entry]
    unknown = [key for key in entry if key not in REQUIRED_FIELDS + OPTIONAL_FIELDS]
    if missing or unknown:
        raise ValueError(f"{where} ({entry.get('term', '?')!r}): missing field(s) {missing}, unknown key(s) {unknown}")
    for key, value in entry.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where} ({entry['term']!r}): field {key!r} must be non-empty text, got {value!r}")
    return {key: value.strip() for key, value in entry.items()}


HEADINGS = _lang.Messages(
    english={"en": "English", "zh": "英文"}, chinese={"en": "中文", "zh": "中文术语"},
    definition={"en": "Definition", "zh": "定义"}, taught={"en": "Taught in", "zh": "讲授章节"},
)
"""The glossary table's column headings in English and Chinese."""


_ORDER = {"en": lambda entry: entry["term"].casefold(),
          # GB 2312 (kept by GB 18030) lists its 3,755 common characters in pinyin order: a Chinese glossary's
          # order without a pinyin dictionary (every Chinese term of ours is written in them; tested).
          "zh": lambda entry: entry["zh"].encode("gb18030")}


def glossary_html(folder: str | Path, toc_path: str | Path, here: str = "book/glossary", lang: str = "en") -> str:
    """The glossary as one HTML table (English, 中文, definition, where taught), sorted by term.

    With ``lang="zh"`` the headings are Chinese, the Chinese term comes first, in pinyin order, and the
    definition is the entry's ``definition_zh``; the page titles come from the pages beside ``toc_path`` (the Chinese
    edition passes its own ``_toc.yml``).

    The last column links to the teaching page under its title (its first
    ``# `` heading), relative to the page ``here`` (a docname), so the table
    works wherever the site is served. Raises ``ValueError`` if a term is
    listed twice or names a page that is not in the table of contents.
    """
    _lang.check(lang)
    entries = load_entries(folder)
    pages = set(toc_docnames(toc_path))
    seen: dict[str, str] = {}
    for entry in entries:
        key = entry["term"].casefold()
        if key in seen:
            raise ValueError(f"glossary term {entry['term']!r} is listed twice ({seen[key]} and {entry['source']})")
        seen[key] = entry["source"]
        if entry["page"] not in pages:
            raise ValueError(f"glossary term {entry['term']!r} ({entry['source']}) links to {entry['page']!r}, "
                             "which is not a page in _toc.yml")
    root = Path(toc_path).parent
    rows = []
    for entry in sorted(entries, key=_ORDER[lang]):
        target = posixpath.relpath(entry["page"], posixpath.dirname(here)) + ".html"
        if "anchor" in entry:
            target += "#" + entry["anchor"]
        marked = "" if lang == "en" else ' lang="en"'  # the English term inside the Chinese table
        english = f'<td{marked}>{html.escape(entry["term"])}</td>'
        chinese = f'<td lang="zh" style="white-space: nowrap">{html.escape(entry["zh"])}</td>'
        definition = f'<td>{html.escape(entry["definition_zh" if lang == "zh" else "definition"])}</td>'
        link = f'<td><a href="{html.escape(target)}">{html.escape(page_title(root, entry["page"]))}</a></td>'
        rows.append("<tr>" + (english + chinese if lang == "en" else chinese + english) + definition + link + "</tr>")
    keys = ("english", "chinese") if lang == "en" else ("chinese", "english")
    header = "<tr>" + "".join(f"<th>{HEADINGS(key, lang)}</th>" for key in (*keys, "definition", "taught")) + "</tr>"
    return (f'<table class="table glossary-table">\n<thead>{header}</thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")


def page_title(root: str | Path, docname: str) -> str:
    """The first level-1 Markdown heading of the page ``docname`` under ``root`` (the docname if none)."""
    path = Path(root) / f"{docname}.md"
    if path.exists():
        match = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        if match:
            return match.group(1).strip()
    return docname
