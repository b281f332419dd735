"""The book's content as a reader meets it (issue 17).

- The five source documents are cited by their titles, never as "seeds"
  (sources, built site).
- Chapter pages and cases show no code a page does not teach: every code
  cell hides its input, or is tagged ``taught`` and folded.
- Every bibliography key a page cites exists in ``book/references.bib``.
- The glossary's Chinese terms are the ones the pages use.
- Both IPA pages of the ``mobi`` survey compute with one named choice
  (:data:`crmlab.satisfaction.MOBI_DRIVERS`), and every page that computes a
  lifetime value points to the timing convention it uses.

Source tests run in ``make quick``; the built-site tests are marked ``book``.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest
from bs4 import BeautifulSoup

from crmlab.glossary import load_entries, toc_docnames

ROOT = Path(__file__).resolve().parent.parent
TOC = ROOT / "_toc.yml"
BIB = ROOT / "book" / "references.bib"
SEED = re.compile(r"\bseeds?\b", re.IGNORECASE)
HIDDEN = {"remove-input", "remove-cell"}
SOURCE_KEYS = ("src_trust_slides", "src_trust_essay", "src_loyalty_lecture", "src_rm_articles",
               "src_satisfaction_lecture")


def toc_pages() -> dict[str, Path]:
    pages = {name: ROOT / f"{name}.md" for name in toc_docnames(TOC)}
    return {name: path for name, path in pages.items() if path.exists()}


def taught_pages() -> dict[str, Path]:
    """Chapter pages and cases: the pages whose code cells must be hidden unless taught."""
    return {name: path for name, path in toc_pages().items()
            if re.match(r"(book/(value|satisfaction|trust|loyalty|relationship)/|cases/)", name)}


def prose(path: Path) -> str:
    """A page's Markdown without its code cells (what a reader reads as text)."""
    return "\n".join(cell.source for cell in jupytext.read(path, fmt="md:myst").cells if cell.cell_type == "markdown")


def code_cells(path: Path) -> list:
    return [cell for cell in jupytext.read(path, fmt="md:myst").cells if cell.cell_type == "code"]


# --- "seed" is jargon: cite the documents by title ------------------------------------------------------

def test_no_page_calls_the_course_material_seeds():
    offenders = {name: SEED.findall(prose(path)) for name, path in toc_pages().items()}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_glossary_and_bibliography_say_no_seed():
    paths = [BIB, *sorted((ROOT / "book" / "glossary").glob("*.yml"))]
    texts = {path.name: path.read_text(encoding="utf-8") for path in paths}
    assert {name: SEED.findall(text) for name, text in texts.items() if SEED.search(text)} == {}


def test_the_sources_page_lists_the_five_documents_by_title():
    text = (ROOT / "book" / "sources.md").read_text(encoding="utf-8")
    bib = BIB.read_text(encoding="utf-8")
    titles = {"src_trust_slides": "顾客信任", "src_trust_essay": "顾客满意顾客信任论文",
              "src_loyalty_lecture": "客户忠诚管理", "src_rm_articles": "基于顾客信任的关系营销策略研究",
              "src_satisfaction_lecture": "顾客满意及其管理"}
    for key, title in titles.items():
        entry = re.search(r"@misc\{" + key + r",(.*?)\n\}", bib, flags=re.DOTALL)
        assert entry, f"references.bib has no entry {key}"
        assert re.search(r"title = \{" + title + r" \[[A-Z][^\]]+\]\}", entry.group(1)), (
            f"{key}: the title must be the Chinese title with an English translation in brackets")
        assert f"《{title}》" in text and f"`{key}`" in text, f"the Sources page does not list and cite {title}"
    assert "book/sources" in toc_docnames(TOC)


def test_every_page_that_draws_on_a_source_cites_it_by_title():
    # A page that names the course material must cite at least one of the five documents.
    uncited = [name for name, path in taught_pages().items()
               if re.search(r"course material|lecture|slides|essay", prose(path))
               and not any(f"`{key}`" in prose(path) for key in SOURCE_KEYS)]
    assert uncited == []


def visible_text(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.select("script, style, div.cell_input"):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


@pytest.mark.book
def test_the_built_site_never_says_seed(site):
    found = {}
    for page in sorted(site.rglob("*.html")):
        text = visible_text(page)
        if SEED.search(text):
            found[str(page.relative_to(site))] = [text[max(0, m.start() - 60):m.end() + 20]
                                                  for m in SEED.finditer(text)]
    assert found == {}


def test_the_seed_detector_sees_only_the_word():
    assert SEED.findall("Seed 002, the seeds, seed-file") == ["Seed", "seeds", "seed"]
    assert not SEED.search("seedling, reseeded, Sewell's Customers for Life")


# --- no build code in front of readers ------------------------------------------------------------------

def cell_tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def test_chapter_and_case_code_is_hidden_unless_taught():
    shown = {}
    for name, path in taught_pages().items():
        for number, cell in enumerate(code_cells(path), start=1):
            tags = cell_tags(cell)
            if tags & HIDDEN:
                continue
            if "taught" not in tags or "hide-input" not in tags:
                shown.setdefault(name, []).append((number, cell.source.splitlines()[0][:60]))
    assert shown == {}, "tag these cells remove-input, or taught + hide-input if the page teaches the code"


def test_taught_cells_teach_and_do_not_glue():
    # A cell that is shown must be about the computation the page teaches, not the build's bookkeeping.
    offenders = [(name, cell.source.splitlines()[0]) for name, path in taught_pages().items()
                 for cell in code_cells(path) if "taught" in cell_tags(cell)
                 and re.search(r"\bglue\(|plt\.subplots|\.set_title\(", cell.source)]
    assert offenders == []


@pytest.mark.book
def test_the_built_site_shows_only_taught_code(site):
    shown = {}
    for name in taught_pages():
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        for cell in BeautifulSoup(html, "html.parser").select("div.cell"):
            if cell.select_one("div.cell_input") and "tag_taught" not in cell.get("class", []):
                shown[name] = shown.get(name, 0) + 1
    assert shown == {}


# --- citations ------------------------------------------------------------------------------------------

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), flags=re.MULTILINE))


def test_every_cited_key_exists():
    keys = bib_keys()
    cited = {name: {key.strip() for group in CITE.findall(path.read_text(encoding="utf-8")) for key in group.split(",")}
             for name, path in toc_pages().items()}
    missing = {name: sorted(found - keys) for name, found in cited.items() if found - keys}
    assert missing == {}
    cards = {path.parent.name: re.search(r"^bibkey: (\S+)", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
             for path in (ROOT / "datasets").glob("*/card.md")}
    assert {name: m.group(1) for name, m in cards.items() if m and m.group(1) not in keys} == {}


def test_bibliography_keys_are_unique_and_every_source_is_cited_somewhere():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(keys) == len(set(keys))
    cited = {key.strip() for path in toc_pages().values()
             for group in CITE.findall(path.read_text(encoding="utf-8")) for key in group.split(",")}
    assert [key for key in SOURCE_KEYS if key not in cited] == []


# --- Chinese terms --------------------------------------------------------------------------------------

def glossary() -> list[dict[str, str]]:
    return load_entries(ROOT / "book" / "glossary")


def test_each_glossary_term_appears_in_chinese_on_its_page():
    missing = [(entry["page"], entry["term"], entry["zh"]) for entry in glossary()
               if entry["zh"] not in (ROOT / f"{entry['page']}.md").read_text(encoding="utf-8")]
    assert missing == []


def test_pages_introduce_glossary_terms_with_the_glossary_chinese():
    # Where a page introduces a term in bold, "**term** (中文…", the Chinese must be the glossary's.
    texts = {name: path.read_text(encoding="utf-8") for name, path in toc_pages().items()}
    wrong = []
    for entry in glossary():
        english = re.sub(r"\s*\([^)]*\)$", "", entry["term"])
        pattern = re.compile(r"\*\*" + re.escape(english) + r"\*\*\s*\(([\u4e00-\u9fff][^,;:)]*)", re.IGNORECASE)
        wrong += [(name, english, found.strip(), entry["zh"]) for name, text in texts.items()
                  for found in pattern.findall(text) if not found.strip().startswith(entry["zh"])]
    assert wrong == []


@pytest.mark.parametrize("term, zh", [
    # The bilingual review's corrections (issue 17, item 6): the glossary must carry these.
    ("moment of truth", "关键时刻"),
    ("perception", "感知"),
    ("importance–performance analysis (IPA)", "重要性-绩效分析"),
    ("target costing", "目标成本法"),
    ("share of wallet", "钱包份额"),
    ("Swedish Customer Satisfaction Barometer (SCSB)", "瑞典顾客满意度晴雨表"),
    ("semi-weak, semi-strong trust", "半弱式半强式信任"),
])
def test_the_reviewed_chinese_terms(term, zh):
    entries = {entry["term"]: entry["zh"] for entry in glossary()}
    assert entries.get(term) == zh


def test_no_page_keeps_a_corrected_rendering():
    texts = {name: prose(path) for name, path in toc_pages().items()}
    corrected = {r"moment of truth\** \(瞬间感受": "moment of truth is 关键时刻",
                 r"perception\** \(认知\)": "perception is 感知",
                 r"Barometer\** \(瑞典顾客满意度指数": "the SCSB barometer is 晴雨表"}
    found = [(name, why) for name, text in texts.items() for pattern, why in corrected.items()
             if re.search(pattern, text)]
    assert found == []


# --- one named choice per formula -----------------------------------------------------------------------

def test_both_ipa_pages_use_the_one_named_choice():
    for name in ("book/satisfaction/drivers", "cases/procter-gamble"):
        code = "\n".join(cell.source for cell in code_cells(ROOT / f"{name}.md"))
        assert "MOBI_DRIVERS" in code, f"{name} does not use crmlab.satisfaction.MOBI_DRIVERS"
        # Variants for comparison may be derived from the named choice (dataclasses.replace), not built anew.
        assert not re.search(r"derived_importance\(|derived_ipa\(|DerivedIPA\(", code), (
            f"{name} chooses the attributes, the overall-satisfaction items or the importance itself")


LTV_CALLS = re.compile(r"\b(lifetime_value|retention_uplift|retention_for_uplift|margin_growth_for_uplift|"
                       r"implied_retention)\(")


def test_every_lifetime_value_page_states_its_timing_convention():
    silent = [name for name, path in taught_pages().items()
              if (LTV_CALLS.search("\n".join(cell.source for cell in code_cells(path)))
                  or re.search(r"1 \+ d - r", prose(path)))
              and "def-clv-timing" not in path.read_text(encoding="utf-8")]
    assert silent == []
