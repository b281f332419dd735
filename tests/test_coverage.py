"""Syllabus coverage: every syllabus ID is taught on some page of the book, and no page names an unknown ID.

Pages declare what they cover with a comment ``<!-- covers: S6 S7 -->`` (MyST
Markdown), a front-matter key ``covers: [S6, S7]``, or, in an ``.ipynb``, the
notebook metadata key ``"covers": ["S6", "S7"]``. Every page in ``_toc.yml`` must
declare something; pages that teach no syllabus item (introduction, glossary,
references, data cards, exercises, instructor notes) may say nothing, and any
page may say ``<!-- covers: none -->`` explicitly.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from crmlab.glossary import toc_docnames

ROOT = Path(__file__).resolve().parent.parent
SYLLABUS = ROOT / "book" / "syllabus.yml"
TOC = ROOT / "_toc.yml"

COVERS_COMMENT = re.compile(r"<!--\s*covers:\s*(.*?)-->", flags=re.DOTALL)
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", flags=re.DOTALL)
EXEMPT = re.compile(r"(^book/(intro|glossary|references|datasets)$)|exercise|instructor")
"""Pages allowed to declare no covers at all: they teach no syllabus item by themselves."""


def syllabus_ids(path: Path = SYLLABUS) -> dict[str, str]:
    """ID → title for every item in book/syllabus.yml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ids: dict[str, str] = {}
    for chapter in data.values():
        for item_id, title in chapter["items"].items():
            assert item_id not in ids, f"{item_id} is listed twice in {path.name}"
            ids[item_id] = title
    return ids


def page_file(docname: str, root: Path = ROOT) -> Path | None:
    """The .md or .ipynb file of a docname, or None if neither exists."""
    for suffix in (".md", ".ipynb"):
        if (root / f"{docname}{suffix}").exists():
            return root / f"{docname}{suffix}"
    return None


def declared_covers(path: Path) -> list[str] | None:
    """The IDs a page declares (``[]`` for an explicit ``none``), or None if it declares nothing."""
    if path.suffix == ".ipynb":
        covers = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("covers")
        return None if covers is None else _ids(covers)
    text = path.read_text(encoding="utf-8")
    found: list[str] | None = None
    front = FRONT_MATTER.match(text)
    if front:
        covers = (yaml.safe_load(front.group(1)) or {}).get("covers")
        if covers is not None:
            found = _ids(covers)
    for comment in COVERS_COMMENT.findall(text):
        found = (found or []) + _ids(comment)
    return found


def _ids(covers: str | list[str]) -> list[str]:
    tokens = covers.replace(",", " ").split() if isinstance(covers, str) else [str(c) for c in covers]
    return [token for token in tokens if token.lower() != "none"]


def toc_pages() -> dict[str, Path | None]:
    return {docname: page_file(docname) for docname in toc_docnames(TOC)}


# --- the parser itself, on pages written for the test -------------------------------------------------

def test_parser_reads_comments_front_matter_and_notebook_metadata(tmp_path):
    md = tmp_path / "page.md"
    md.write_text("---\njupytext:\n  text_representation: {}\ncovers: [S1, S2]\n---\n# Title\n"
                  "<!-- covers: S3 S4 -->\ntext\n<!--covers:S5,\n C-OH-->\n", encoding="utf-8")
    assert declared_covers(md) == ["S1", "S2", "S3", "S4", "S5", "C-OH"]
    notebook = tmp_path / "case.ipynb"
    notebook.write_text(json.dumps({"metadata": {"covers": ["T3", "C-SH"]}, "cells": []}), encoding="utf-8")
    assert declared_covers(notebook) == ["T3", "C-SH"]


def test_parser_tells_none_from_nothing(tmp_path):
    explicit = tmp_path / "glossary.md"
    explicit.write_text("# Glossary\n<!-- covers: none -->\n", encoding="utf-8")
    silent = tmp_path / "silent.md"
    silent.write_text("# A page\nNo declaration, and a comment that is not one: <!-- cover: S1 -->\n", encoding="utf-8")
    assert declared_covers(explicit) == []
    assert declared_covers(silent) is None


def test_syllabus_lists_all_49_items():
    ids = syllabus_ids()
    # SYLLABUS.md: V1–V4 (4) + S1–S13 (13) + T1–T12 (12) + L1–L12 (12) + R0–R3 (4) + 4 cases = 49.
    assert len(ids) == 49
    expected = ([f"V{n}" for n in range(1, 5)] + [f"S{n}" for n in range(1, 14)] + [f"T{n}" for n in range(1, 13)]
                + [f"L{n}" for n in range(1, 13)] + [f"R{n}" for n in range(0, 4)] + ["C-OH", "C-SH", "C-CC", "C-PG"])
    assert sorted(ids) == sorted(expected)
    assert all(title.strip() for title in ids.values())


# --- the book -----------------------------------------------------------------------------------------

def test_every_toc_page_exists():
    missing = [docname for docname, path in toc_pages().items() if path is None]
    assert not missing, f"_toc.yml lists pages with no .md or .ipynb file: {missing}"


def test_every_toc_page_declares_what_it_covers():
    silent = [docname for docname, path in toc_pages().items()
              if path is not None and not EXEMPT.search(docname) and declared_covers(path) is None]
    assert not silent, ("these pages declare no syllabus IDs; add `<!-- covers: ID ID -->` "
                        f"(or `<!-- covers: none -->` if the page teaches no item): {silent}")


def test_no_page_names_an_unknown_id():
    known = syllabus_ids()
    unknown = {docname: sorted(set(declared_covers(path) or []) - set(known))
               for docname, path in toc_pages().items() if path is not None}
    unknown = {docname: ids for docname, ids in unknown.items() if ids}
    assert not unknown, f"pages name IDs that are not in book/syllabus.yml: {unknown}"


@pytest.mark.parametrize("chapter", ["value", "satisfaction", "trust", "loyalty", "relationship", "cases"])
def test_every_syllabus_id_is_covered(chapter):
    chapter_ids = yaml.safe_load(SYLLABUS.read_text(encoding="utf-8"))[chapter]["items"]
    covered = {item for path in toc_pages().values() if path is not None for item in declared_covers(path) or []}
    missing = [item for item in chapter_ids if item not in covered]
    assert not missing, ("syllabus IDs covered by no page in _toc.yml: "
                         + ", ".join(f"{item} ({chapter_ids[item]})" for item in missing))
