"""Tests of crmlab.models: our PLS estimates against the estimates others published for the same model and data.

The published numbers live in ``datasets/<name>/published.csv`` (sources in the
data cards). Tolerances follow each source's precision: half a unit of the
last printed decimal plus ``models.CONVERGENCE_TOLERANCE`` (1e-6, ten times the
1e-7 stop criterion that seminr and SmartPLS share).
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from crmlab import data, models


@pytest.fixture(scope="module")
def mobi_published():
    return data.published("mobi")


@pytest.fixture(scope="module")
def corp_rep_published():
    return data.published("corp_rep")


def test_published_tables_hold_every_path_of_each_model(mobi_published, corp_rep_published):
    # SmartPLS 2.0.M3 via semPLS: the 12 ECSI paths under each of three inner weighting schemes.
    assert mobi_published.groupby("scheme").size().to_dict() == {"centroid": 12, "factorial": 12, "path": 12}
    for _, rows in mobi_published.groupby("scheme"):
        assert sorted(zip(rows["from"], rows["to"])) == sorted(models.ECSI_PATHS)
    # Hair et al.'s workbook prints 5 paths, 2 R² and 10 loadings; R seminr's fixture holds the 5 paths.
    counts = corp_rep_published.groupby(["source", "statistic"]).size().to_dict()
    assert counts == {("hair2021_workbook", "loading"): 10, ("hair2021_workbook", "path"): 5,
                      ("hair2021_workbook", "r_squared"): 2, ("seminr_r_fixture", "path"): 5}
    for _, rows in corp_rep_published.query("statistic == 'path'").groupby("source"):
        assert sorted(zip(rows["from"], rows["to"])) == sorted(models.REPUTATION_PATHS)


@pytest.mark.parametrize("name", ["mobi", "corp_rep"])
def test_decimals_column_matches_the_digits_as_published(name):
    # The tolerance is derived from 'decimals'; it must say how the value is written in the file.
    raw = pd.read_csv(data.DATASETS / name / data.PUBLISHED, dtype=str, keep_default_na=False)
    assert (raw["value"].str.split(".").str[1].str.len() == raw["decimals"].astype(int)).all()


@pytest.mark.parametrize("weighting", sorted(models.SCHEMES))
def test_ecsi_matches_smartpls_under_the_same_scheme(weighting, mobi_published):
    model = models.ecsi_model(weighting=weighting)
    assert models.scheme(model) == weighting
    table = models.compare(model, mobi_published)
    assert len(table) == 12
    assert (table["tolerance"] < 2e-6).all()
    offenders = table[table["abs_diff"] > table["tolerance"]]
    assert offenders.empty, offenders.to_string()


def test_the_scheme_comparison_can_tell_the_schemes_apart(mobi_published):
    # Path weighting and centroid give Complaints → Loyalty 0.0669 vs 0.0712 in SmartPLS: comparing
    # path-weighting estimates with centroid numbers must fail by far more than the tolerance.
    ours = models.estimates(models.ecsi_model(weighting="path")).set_index(["from", "to"])["estimate"]
    centroid = mobi_published.query("scheme == 'centroid'").set_index(["from", "to"])["value"]
    assert (ours.loc[centroid.index] - centroid).abs().max() > 1e-3


def test_reputation_model_matches_the_workbook_and_the_r_fixture(corp_rep_published):
    table = models.compare(models.reputation_model(), corp_rep_published)
    assert len(table) == 22
    offenders = table[table["abs_diff"] > table["tolerance"]]
    assert offenders.empty, offenders.to_string()
    # R seminr and the Python port run the same algorithm on the same bytes: equal to ~1e-14.
    assert table.query("source == 'seminr_r_fixture'")["abs_diff"].max() < 1e-12


def test_a_wrong_measurement_model_fails_the_comparison(monkeypatch, mobi_published):
    # Drop one quality item: the paths move by more than SmartPLS's tolerance.
    wrong = {**models.ECSI_CONSTRUCTS, "Quality": models.ECSI_CONSTRUCTS["Quality"][:-1]}
    monkeypatch.setattr(models, "ECSI_CONSTRUCTS", wrong)
    table = models.compare(models.ecsi_model(), mobi_published)
    assert (table["abs_diff"] > table["tolerance"]).any()


def test_a_missing_path_is_reported_not_compared(monkeypatch, mobi_published):
    monkeypatch.setattr(models, "ECSI_PATHS", models.ECSI_PATHS[:-1])
    with pytest.raises(ValueError, match=r"\('path', 'Complaints', 'Loyalty'\)\] have no counterpart"):
        models.compare(models.ecsi_model(), mobi_published)


def test_listwise_deletion_is_not_what_the_sources_did(corp_rep_published):
    # The sources replace the 11 missing answers by item means; dropping the 8 respondents instead moves
    # the paths beyond the fixture's tolerance, so the comparison checks the missing-data treatment too.
    complete = data.load("corp_rep").dropna().reset_index(drop=True)
    table = models.compare(models.reputation_model(complete), corp_rep_published)
    assert table.query("source == 'seminr_r_fixture'")["abs_diff"].max() > 1e-4


def test_estimates_table_is_tidy():
    table = models.estimates(models.ecsi_model())
    assert list(table.columns) == ["statistic", "from", "to", "estimate"]
    assert table.groupby("statistic").size().to_dict() == {"loading": 24, "path": 12, "r_squared": 6}
    paths = table.query("statistic == 'path'")
    assert list(zip(paths["from"], paths["to"])) == list(models.ECSI_PATHS)
    assert table.query("statistic == 'r_squared'")["estimate"].between(0, 1).all()


def test_bad_input_messages():
    mobi = data.load("mobi")
    with pytest.raises(ValueError, match=r"weighting must be one of 'path', 'factorial', 'centroid'; got 'mode_b'"):
        models.ecsi_model(weighting="mode_b")
    with pytest.raises(TypeError, match=r"data must be a pandas DataFrame of survey answers, got list; "
                                        r".*load\('mobi'\)"):
        models.ecsi_model([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match=r"data lacks the ECSI item column\(s\) \['CUSCO'\]"):
        models.ecsi_model(mobi.drop(columns="CUSCO"))
    with pytest.raises(ValueError, match=r"data lacks the corporate-reputation item column\(s\) \['comp_1'"):
        models.reputation_model(mobi)
    with pytest.raises(TypeError, match=r"column\(s\) \['CUSA1'\] are not numeric"):
        models.ecsi_model(mobi.assign(CUSA1="high"))
    with pytest.raises(TypeError, match=r"model must be an estimated PLS model .*got DataFrame"):
        models.estimates(mobi)
    with pytest.raises(TypeError, match=r"published must be a DataFrame from crmlab.data.published\(\)"):
        models.compare(models.reputation_model(), {"COMP": 0.16})
    with pytest.raises(ValueError, match=r"no estimates for the 'factorial' weighting scheme; it has \['path'\]"):
        models.compare(models.reputation_model(weighting="factorial"), data.published("corp_rep"))


def test_published_refuses_a_data_set_without_estimates_and_a_broken_file(tmp_path):
    with pytest.raises(ValueError, match=r"'cdnow' has no published estimates .*with published estimates: "
                                         r"corp_rep, mobi"):
        data.published("cdnow")
    shutil.copytree(data.DATASETS / "corp_rep", tmp_path / "corp_rep")
    target = tmp_path / "corp_rep" / data.PUBLISHED
    target.write_text(target.read_text().replace("0.162,3", "0.l62,3", 1))    # a letter l for the digit 1
    with pytest.raises(data.DataError, match=r"column 'value', rule number: 1 value\(s\) are not written as numbers; "
                                             r"first '0.l62' in data row 1"):
        data.published("corp_rep", root=tmp_path)
    target.write_text(target.read_text().replace("value,decimals", "estimate,decimals", 1))
    with pytest.raises(data.DataError, match=r"rule columns: expected \['source', "):
        data.published("corp_rep", root=tmp_path)
