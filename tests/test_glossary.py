"""The bilingual glossary: complete entries, pages that exist in the book, no duplicates, a table that renders."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from crmlab.glossary import CHAPTER_FILES, REQUIRED_FIELDS, glossary_html, load_entries, toc_docnames

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "book" / "glossary"
TOC = ROOT / "_toc.yml"
CJK = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")  # CJK punctuation, full-width forms: ，。；：（）～
ASCII_PUNCTUATION_BY_CJK = re.compile(r"[\u4e00-\u9fff][,.;:!?()]|[,.;:!?()][\u4e00-\u9fff]")


def entries() -> list[dict[str, str]]:
    return load_entries(GLOSSARY)


def test_one_file_per_chapter():
    assert sorted(path.stem for path in GLOSSARY.glob("*.yml")) == sorted(CHAPTER_FILES)


def test_every_entry_has_every_field_in_the_right_language():
    found = entries()
    assert found, "the glossary is empty"
    for entry in found:
        where = f"{entry['source']}: {entry['term']!r}"
        assert all(entry[field].strip() for field in REQUIRED_FIELDS), where
        assert CJK.search(entry["zh"]), f"{where}: zh must be Chinese, got {entry['zh']!r}"
        assert not CJK.search(entry["term"]), f"{where}: term must be English"
        assert "\n" not in entry["definition"], f"{where}: the definition must be one line"


def _gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def test_every_chinese_definition_is_one_sentence_of_simplified_chinese():
    wrong = []
    for entry in entries():
        text, where = entry["definition_zh"], f"{entry['source']}: {entry['term']!r}"
        if not CJK.search(text):
            wrong.append((where, "no Chinese"))
        # GB2312 holds simplified characters only: a traditional one (滿, 顧) or a stray symbol fails here.
        outside = sorted({char for char in text if not (char.isascii() or FULL_WIDTH.match(char) or _gb2312(char))})
        if outside:
            wrong.append((where, f"not simplified Chinese, ASCII or full-width punctuation: {outside}"))
        if ASCII_PUNCTUATION_BY_CJK.search(text):
            wrong.append((where, f"ASCII punctuation beside Chinese: {ASCII_PUNCTUATION_BY_CJK.findall(text)}"))
        if not text.endswith("。") or text.count("。") != 1 or "\n" in text:
            wrong.append((where, "not one sentence ending in 。"))
    assert not wrong, wrong


def test_chinese_definitions_call_other_terms_by_their_glossary_chinese():
    # A term used in an English definition ("... under the tolerance ceiling") appears in the Chinese one as
    # that term's zh (容忍上限), or, for a name written in Latin capitals (SERVQUAL), as the name itself.
    found = entries()
    wrong = []
    for other in found:
        english = re.sub(r"\s*\([^)]*\)$", "", other["term"])
        used = re.compile(rf"\b{re.escape(english)}s?\b", re.IGNORECASE)
        names = (other["zh"], english) if english.isupper() else (other["zh"],)
        wrong += [(entry["term"], english, other["zh"]) for entry in found
                  if entry is not other and used.search(entry["definition"])
                  and not any(name in entry["definition_zh"] for name in names)]
    assert not wrong, f"(entry, term its definition uses, the zh its definition_zh lacks): {wrong}"


def test_the_chinese_table_shows_the_chinese_definitions_and_the_english_table_the_english():
    # As zh/book/glossary.md builds it: the shared files through the Chinese edition's links, its own _toc.yml.
    chinese = glossary_html(ROOT / "zh" / "book" / "glossary", ROOT / "zh" / "_toc.yml", lang="zh")
    english = glossary_html(GLOSSARY, TOC)
    found = entries()
    for entry in found:
        assert f"<td>{html.escape(entry['definition_zh'])}</td>" in chinese, entry["term"]
        assert html.escape(entry["definition"]) not in chinese, entry["term"]
        assert f"<td>{html.escape(entry['definition'])}</td>" in english, entry["term"]
        assert html.escape(entry["definition_zh"]) not in english, entry["term"]
    # The only English cells of the Chinese table are the English terms, one a row.
    assert chinese.count(' lang="en"') == len(found)


def test_the_chinese_table_is_in_pinyin_order():
    chinese = glossary_html(ROOT / "zh" / "book" / "glossary", ROOT / "zh" / "_toc.yml", lang="zh")
    terms = re.findall(r'<td lang="zh"[^>]*>([^<]+)</td>', chinese)
    # In pinyin, written out for this test: bǎozhèngxìng, chǎnpǐn, fúwù bǔjiù, guīyīn, kǒubēi, lòutǒng,
    # qíngǎn zhōngchéng, rèntóngkǎ, wěntài, zhōngjiè zuòyòng, zuànshí móxíng.
    expected = ["保证性", "产品价值", "服务补救", "归因", "口碑", "漏桶", "情感忠诚", "认同卡", "稳态", "中介作用",
                "钻石模型"]
    assert [term for term in terms if term in expected] == expected
    assert len(terms) == len(entries())
    # The order is GB 2312's, which is pinyin's for its 3,755 common characters: every Chinese term uses only them.
    rare = [(term, char) for term in terms for char in term
            if CJK.match(char) and char.encode("gb2312")[0] >= 0xD8]
    assert not rare


def test_no_term_is_listed_twice():
    terms = [entry["term"].casefold() for entry in entries()]
    duplicates = sorted({term for term in terms if terms.count(term) > 1})
    assert not duplicates, f"glossary terms listed more than once: {duplicates}"


def test_every_page_is_in_the_table_of_contents():
    pages = set(toc_docnames(TOC))
    missing = [(entry["source"], entry["term"], entry["page"]) for entry in entries() if entry["page"] not in pages]
    assert not missing, f"glossary entries link to pages that are not in _toc.yml: {missing}"


def test_every_anchor_is_a_label_of_its_page_in_both_editions():
    # A heading's own id comes from its words, so it differs in the Chinese edition; a label is the same in both.
    wrong = []
    for entry in entries():
        if "anchor" not in entry:
            continue
        for page in (ROOT / f"{entry['page']}.md", ROOT / "zh" / f"{entry['page']}.md"):
            text = page.read_text(encoding="utf-8")
            if not re.search(rf"^(\({re.escape(entry['anchor'])}\)=|:label:\s*{re.escape(entry['anchor'])})\s*$",
                             text, re.M):
                wrong.append((entry["term"], str(page.relative_to(ROOT)), entry["anchor"]))
    assert not wrong, f"glossary anchors that are not a label on their page: {wrong}"


def test_glossary_page_is_in_the_appendix_before_references():
    names = toc_docnames(TOC)
    assert "book/glossary" in names
    assert names.index("book/glossary") < names.index("book/references")


# --- the loader and renderer, on files written for the test ---------------------------------------------

def write(folder: Path, name: str, data) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True) if data is not None else "# only a comment\n",
                               encoding="utf-8")


@pytest.fixture
def toc(tmp_path) -> Path:
    path = tmp_path / "_toc.yml"
    path.write_text("format: jb-book\nroot: book/intro\nparts:\n- caption: Chapters\n  chapters:\n"
                    "  - file: book/value/index\n    sections:\n    - file: book/value/delivered-value\n"
                    "- caption: Appendix\n  chapters:\n  - file: book/glossary\n", encoding="utf-8")
    page = tmp_path / "book" / "value" / "delivered-value.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\nkernelspec: {}\n---\n\n# Customer delivered value (顾客让渡价值)\n", encoding="utf-8")
    return path


ENTRY = {"term": "customer delivered value", "zh": "顾客让渡价值", "definition": "Total value minus total cost.",
         "definition_zh": "总顾客价值减去总顾客成本。", "page": "book/value/delivered-value",
         "anchor": "def-delivered-value"}


def test_renderer_links_each_term_to_its_page_under_the_page_title(tmp_path, toc):
    folder = tmp_path / "glossary"
    write(folder, "value.yml", [ENTRY, dict(ENTRY, term="another <term>", anchor=None)])
    write(folder, "trust.yml", None)  # a chapter with no terms yet
    with pytest.raises(ValueError, match=r"field 'anchor' must be non-empty text"):
        glossary_html(folder, toc)
    write(folder, "value.yml", [ENTRY, {k: v for k, v in dict(ENTRY, term="another <term>").items() if k != "anchor"}])
    table = glossary_html(folder, toc, here="book/glossary")
    # From book/glossary.html the page book/value/delivered-value is at value/delivered-value.html.
    assert ('<a href="value/delivered-value.html#def-delivered-value">Customer delivered value (顾客让渡价值)</a>'
            in table)
    assert '<a href="value/delivered-value.html">' in table
    assert "another &lt;term&gt;" in table  # escaped
    # Sorted by term: "another" before "customer".
    assert table.index("another &lt;term&gt;") < table.index("<td>customer delivered value</td>")
    assert table.count("<tr>") == 3  # header + 2 rows


@pytest.mark.parametrize("bad, message", [
    ({k: v for k, v in ENTRY.items() if k != "zh"}, r"missing field\(s\) \['zh'\]"),
    ({k: v for k, v in ENTRY.items() if k != "definition_zh"},
     r"^value\.yml entry 1 \('customer delivered value'\): missing field\(s\) \['definition_zh'\]"),
    (dict(ENTRY, definition_zh="  "), "field 'definition_zh' must be non-empty text"),
    (dict(ENTRY, colour="red"), r"unknown key\(s\) \['colour'\]"),
    (dict(ENTRY, definition=""), "field 'definition' must be non-empty text"),
    ("just a string", "must be a mapping"),
])
def test_loader_rejects_bad_entries(tmp_path, bad, message):
    write(tmp_path / "glossary", "value.yml", [bad])
    with pytest.raises(ValueError, match=message):
        load_entries(tmp_path / "glossary")


def test_renderer_rejects_duplicates_and_pages_outside_the_toc(tmp_path, toc):
    folder = tmp_path / "glossary"
    write(folder, "value.yml", [ENTRY])
    write(folder, "satisfaction.yml", [dict(ENTRY, term="Customer Delivered Value")])
    with pytest.raises(ValueError, match="listed twice"):
        glossary_html(folder, toc)
    write(folder, "satisfaction.yml", [dict(ENTRY, term="satisfaction", page="book/satisfaction/servqual")])
    with pytest.raises(ValueError, match="not a page in _toc.yml"):
        glossary_html(folder, toc)


# --- the built site --------------------------------------------------------------------------------------

@pytest.mark.book
def test_built_glossary_lists_every_term_and_every_anchor_exists(site):
    page = (site / "book" / "glossary.html").read_text(encoding="utf-8")
    for entry in entries():
        assert f"<td>{entry['term']}</td>" in page.replace("&amp;", "&"), entry["term"]
        if "anchor" in entry:
            target = (site / f"{entry['page']}.html").read_text(encoding="utf-8")
            assert f'id="{entry["anchor"]}"' in target, f"{entry['term']}: no #{entry['anchor']} on {entry['page']}"
