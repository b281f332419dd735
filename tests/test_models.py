"""Tests of crmlab.models: our PLS estimates against the estimates others published for the same model and data.

The published numbers live in ``datasets/<name>/published.csv`` (sources in the
data cards). Tolerances follow each source's precision: half a unit of the
last printed decimal plus ``models.CONVERGENCE_TOLERANCE`` (1e-6, ten times the
1e-7 stop criterion that seminr and SmartPLS share).
"""

from __future__ import annotations

import itertools
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
    # SmartPLS 2.0.M3 via semPLS: the 12 ECSI paths under each of three inner weighting schemes;
    # Tenenhaus's slide: 3 paths and 6 R², scheme unstated.
    counts = mobi_published.groupby(["source", "scheme"]).size().to_dict()
    assert counts == {("smartpls2_sempls", "centroid"): 12, ("smartpls2_sempls", "factorial"): 12,
                      ("smartpls2_sempls", "path"): 12, ("tenenhaus_slides", models.UNSTATED): 9}
    for _, rows in mobi_published.query("source == 'smartpls2_sempls'").groupby("scheme"):
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
    # Only SmartPLS states a scheme: Tenenhaus's slide (scheme unstated) never enters this strict check.
    assert len(table) == 12 and set(table["source"]) == {"smartpls2_sempls"}
    assert (table["tolerance"] < 2e-6).all()
    offenders = table[table["abs_diff"] > table["tolerance"]]
    assert offenders.empty, offenders.to_string()


@pytest.fixture(scope="module")
def slides(mobi_published):
    """Tenenhaus's slide beside our path-weighting estimates, indexed by (statistic, from, to)."""
    table = models.compare(models.ecsi_model(), mobi_published, published_scheme=models.UNSTATED)
    return table.set_index(["statistic", "from", "to"])


def test_slide_paths_square_to_the_slide_r_squared_of_single_predictor_constructs(slides):
    # An independent check of how the three paths were read off the flattened figure: a construct with
    # one predictor has R² = path². Both are printed to 3 decimals, so they may differ by the rounding of
    # the R² (0.0005) plus that of the path, propagated (2 · path · 0.0005).
    single = [(source, target) for source, target in models.ECSI_PATHS
              if [to for _, to in models.ECSI_PATHS].count(target) == 1]
    assert sorted(single) == [("Expectation", "Quality"), ("Image", "Expectation"), ("Satisfaction", "Complaints")]
    for source, target in single:
        path = slides.loc[("path", source, target), "published"]
        r_squared = slides.loc[("r_squared", "", target), "published"]
        assert abs(path**2 - r_squared) <= 0.0005 + 2 * path * 0.0005 + 1e-12, (source, target)


def test_slide_r_squared_of_value_satisfaction_loyalty_is_the_only_close_assignment(slides):
    # The card assigns .335, .672, .432 to Value, Satisfaction, Loyalty by closeness to our R²:
    # no other order of the three numbers stays within 0.03 of ours.
    targets = ["Value", "Satisfaction", "Loyalty"]
    ours = [slides.loc[("r_squared", "", target), "ours"] for target in targets]
    recorded = tuple(slides.loc[("r_squared", "", target), "published"] for target in targets)
    close = [order for order in itertools.permutations(recorded)
             if all(abs(value - estimate) <= 0.03 for value, estimate in zip(order, ours))]
    assert close == [recorded] == [(0.335, 0.672, 0.432)]


def test_slides_differ_from_ours_as_another_analysis_would(slides):
    # Same model, same study, but the slides analyse it with missing answers: every number within 0.03
    # of ours, none within the rounding of its 3 decimals.
    assert len(slides) == 9 and set(slides["source"]) == {"tenenhaus_slides"}
    assert (slides["abs_diff"] <= 0.03).all(), slides.to_string()
    assert (slides["abs_diff"] > slides["tolerance"]).all(), slides.to_string()
    assert slides["abs_diff"].min() > 0.005


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
