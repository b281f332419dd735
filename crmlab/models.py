"""The satisfaction chapter's PLS path models, specified once and estimated with ``seminr``.

Two models: the European Customer Satisfaction Index (ECSI) on the ``mobi``
survey (Tenenhaus et al. 2005) and Hair et al.'s "simple" corporate-reputation
model on ``corp_rep`` (competence and likeability → satisfaction → loyalty;
Hair et al. 2021, ch. 3). Both are composite models with mode A (correlation)
outer weights, estimated by partial least squares with the ``seminr`` package
(pinned to 0.2.1 in ``requirements.txt``). :func:`estimates` turns a fitted
model into a tidy table (paths, R², loadings), and :func:`compare` sets it
beside the estimates others published (:func:`crmlab.data.published`), with a
tolerance derived from how many decimals each source prints.

>>> ecsi = ecsi_model()
>>> paths = estimates(ecsi).query("statistic == 'path'")
>>> len(paths), round(float(paths.set_index(["from", "to"]).loc[("Quality", "Satisfaction"), "estimate"]), 3)
(12, 0.512)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import seminr
from seminr.math.named_matrix import NamedMatrix

from crmlab import _checks, data

ECSI_CONSTRUCTS: dict[str, list[str]] = {
    "Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"],
    "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
    "Quality": ["PERQ1", "PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7"],
    "Value": ["PERV1", "PERV2"],
    "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"],
    "Complaints": ["CUSCO"],
    "Loyalty": ["CUSL1", "CUSL2", "CUSL3"],
}
"""ECSI constructs and the ``mobi`` items measuring each (Tenenhaus et al. 2005, fig. 8)."""

ECSI_PATHS: tuple[tuple[str, str], ...] = (
    ("Image", "Expectation"), ("Image", "Satisfaction"), ("Image", "Loyalty"),
    ("Expectation", "Quality"), ("Expectation", "Value"), ("Expectation", "Satisfaction"),
    ("Quality", "Value"), ("Quality", "Satisfaction"),
    ("Value", "Satisfaction"),
    ("Satisfaction", "Complaints"), ("Satisfaction", "Loyalty"),
    ("Complaints", "Loyalty"),
)
"""The twelve ECSI paths (from, to), as in Tenenhaus et al. (2005) and semPLS's ``ECSImobi``."""

REPUTATION_CONSTRUCTS: dict[str, list[str]] = {
    "COMP": ["comp_1", "comp_2", "comp_3"],
    "LIKE": ["like_1", "like_2", "like_3"],
    "CUSA": ["cusa"],
    "CUSL": ["cusl_1", "cusl_2", "cusl_3"],
}
"""Competence, likeability, satisfaction (one item) and loyalty in ``corp_rep`` (Hair et al. 2021, ch. 3)."""

REPUTATION_PATHS: tuple[tuple[str, str], ...] = (
    ("COMP", "CUSA"), ("COMP", "CUSL"), ("LIKE", "CUSA"), ("LIKE", "CUSL"), ("CUSA", "CUSL"),
)
"""The five paths of Hair et al.'s simple corporate-reputation model (from, to)."""

CONVERGENCE_TOLERANCE = 1e-6
"""Slack added to a source's rounding error when comparing estimates.

``seminr`` and SmartPLS both stop iterating when the outer weights change by
less than 1e-7, so two correct programs can leave the weights, and the paths
computed from them, apart by a few times 1e-7; 1e-6 covers that and is still a
thousand times smaller than a difference in the third decimal, where a wrong
model or wrong data shows.
"""


def centroid_weighting(sm_matrix: Any, construct_scores: Any, dependant: Any, paths_matrix: NamedMatrix) -> NamedMatrix:
    """Centroid inner weighting scheme: the sign of the correlation between adjacent constructs.

    Wold's original scheme (Tenenhaus et al. 2005, section 2.2): a construct's
    inner estimate is the sum of its neighbours' scores, each signed by its
    correlation with the construct. ``seminr`` 0.2.1 ships only the path and
    factorial schemes; this function has the signature of its
    ``inner_weights`` argument.
    """
    correlations = np.corrcoef(np.asarray(construct_scores.values), rowvar=False)
    adjacent = paths_matrix.values + paths_matrix.values.T
    return NamedMatrix(paths_matrix.rows, paths_matrix.cols, np.ascontiguousarray(np.sign(correlations) * adjacent))


UNSTATED = "unstated"
"""The ``scheme`` recorded for a published source that does not say which inner weighting scheme it used."""

SCHEMES = {"path": seminr.path_weighting, "factorial": seminr.path_factorial, "centroid": centroid_weighting}
"""Inner weighting schemes by name: path weighting (the default of seminr and SmartPLS), factorial, centroid."""


def _estimate(frame: Any, constructs: dict[str, list[str]], paths: tuple[tuple[str, str], ...], weighting: str,
              model_name: str, data_name: str) -> Any:
    if frame is None:
        frame = data.load(data_name)
    _checks.choice("weighting", weighting, tuple(SCHEMES))
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame of survey answers, got {type(frame).__name__}; "
                        f"load it with crmlab.data.load({data_name!r})")
    items = [item for block in constructs.values() for item in block]
    missing = [item for item in items if item not in frame.columns]
    if missing:
        raise ValueError(f"data lacks the {model_name} item column(s) {missing}; the model needs {items} "
                         f"(crmlab.data.load({data_name!r}) has them)")
    answers = _checks.numeric_frame("data", frame[items])
    measurement = seminr.constructs(*[
        seminr.composite(name, seminr.single_item(block[0]) if len(block) == 1 else block)
        for name, block in constructs.items()
    ])
    structure = seminr.relationships(*[seminr.paths(from_=source, to=target) for source, target in paths])
    return seminr.estimate_pls(answers, measurement, structure, inner_weights=SCHEMES[weighting])


def ecsi_model(data: pd.DataFrame | None = None, weighting: str = "path") -> Any:
    """Estimate the ECSI model (:data:`ECSI_CONSTRUCTS`, :data:`ECSI_PATHS`) by PLS; return seminr's model.

    ``data`` defaults to the ``mobi`` survey; ``weighting`` is the inner
    scheme, ``"path"``, ``"factorial"`` or ``"centroid"`` (see :data:`SCHEMES`).
    Outer weights are mode A; missing answers are replaced by the item mean
    (seminr's default). Source: Tenenhaus et al. (2005).

    >>> ecsi_model(weighting="pathh")
    Traceback (most recent call last):
    ...
    ValueError: weighting must be one of 'path', 'factorial', 'centroid'; got 'pathh'
    """
    return _estimate(data, ECSI_CONSTRUCTS, ECSI_PATHS, weighting, "ECSI", "mobi")


def reputation_model(data: pd.DataFrame | None = None, weighting: str = "path") -> Any:
    """Estimate Hair et al.'s simple corporate-reputation model by PLS; return seminr's model.

    ``data`` defaults to the ``corp_rep`` survey, whose −99 codes
    :func:`crmlab.data.load` has turned into NA; they are replaced by the
    item mean, as in Hair et al. (2021, ch. 3: ``missing = mean_replacement``,
    path weighting). Constructs and paths: :data:`REPUTATION_CONSTRUCTS`,
    :data:`REPUTATION_PATHS`.

    >>> table = estimates(reputation_model()).set_index(["statistic", "to"])
    >>> round(float(table.loc[("r_squared", "CUSL"), "estimate"]), 3)
    0.562
    """
    return _estimate(data, REPUTATION_CONSTRUCTS, REPUTATION_PATHS, weighting, "corporate-reputation", "corp_rep")


def _check_model(model: Any) -> None:
    if not hasattr(model, "path_coef") or not hasattr(model, "structural_model"):
        raise TypeError(f"model must be an estimated PLS model (from ecsi_model or reputation_model), "
                        f"got {type(model).__name__}")


def estimates(model: Any) -> pd.DataFrame:
    """A fitted model's estimates as a tidy table: ``statistic``, ``from``, ``to``, ``estimate``.

    Rows: every path (construct → construct, in the order of the
    specification), the R² of every endogenous construct (``from`` empty) and
    every outer loading (item → construct).

    >>> estimates(reputation_model()).groupby("statistic").size().to_dict()
    {'loading': 10, 'path': 5, 'r_squared': 2}
    """
    _check_model(model)
    rows = [("path", row.source, row.target, model.path_coef.get(row.source, row.target))
            for row in model.structural_model.rows]
    rows += [("r_squared", "", construct, model.r_squared.get("Rsq", construct))
             for construct in model.structural_model.all_endogenous()]
    loadings = model.outer_loadings
    rows += [("loading", item, construct, loadings.get(item, construct))
             for construct in loadings.cols for item in loadings.rows if loadings.get(item, construct) != 0]
    frame = pd.DataFrame(rows, columns=["statistic", "from", "to", "estimate"])
    return frame.astype({"estimate": "float64"})


def scheme(model: Any) -> str:
    """The name of the inner weighting scheme a model was estimated with (a key of :data:`SCHEMES`)."""
    _check_model(model)
    for name, function in SCHEMES.items():
        if model.inner_weights is function:
            return name
    raise ValueError(f"model was estimated with an inner weighting scheme not in SCHEMES: {model.inner_weights!r}")


def compare(model: Any, published: pd.DataFrame, published_scheme: str | None = None) -> pd.DataFrame:
    """Our estimates beside published ones under the model's weighting scheme, with the gap and its tolerance.

    ``published`` is a table from :func:`crmlab.data.published`; only its rows
    for the model's scheme are compared, or those for ``published_scheme`` if
    given: a source that does not say which scheme it used is recorded with
    scheme :data:`UNSTATED` and compared only when asked for by that name.
    Returns one row per published number: ``source``, ``statistic``, ``from``,
    ``to``, ``ours``, ``published``, ``abs_diff`` and ``tolerance`` = half a
    unit of the last decimal the source prints + :data:`CONVERGENCE_TOLERANCE`,
    the gap that rounding alone explains; a source that analysed other data
    (the ``mobi`` card says which) is expected to exceed it. A published number
    with no counterpart in the model raises ``ValueError`` (a different model
    was published).

    >>> table = compare(reputation_model(), data.published("corp_rep"))
    >>> bool((table["abs_diff"] <= table["tolerance"]).all())
    True
    >>> slides = compare(ecsi_model(), data.published("mobi"), published_scheme=UNSTATED)
    >>> sorted(slides["source"].unique()), bool((slides["abs_diff"] > slides["tolerance"]).all())
    (['tenenhaus_slides'], True)
    """
    _check_model(model)
    if not isinstance(published, pd.DataFrame) or not set(data.PUBLISHED_COLUMNS) <= set(published.columns):
        raise TypeError(f"published must be a DataFrame from crmlab.data.published() with columns "
                        f"{list(data.PUBLISHED_COLUMNS)}, got {type(published).__name__}")
    wanted = scheme(model) if published_scheme is None else published_scheme
    rows = published[published["scheme"] == wanted]
    if rows.empty:
        raise ValueError(f"published holds no estimates for the {wanted!r} weighting scheme; it has "
                         f"{sorted(published['scheme'].unique())}")
    ours = estimates(model).set_index(["statistic", "from", "to"])["estimate"]
    keys = pd.MultiIndex.from_frame(rows[["statistic", "from", "to"]])
    unmatched = [key for key in keys if key not in ours.index]
    if unmatched:
        raise ValueError(f"published estimate(s) {unmatched} have no counterpart in the model: "
                         "it is not the model the source estimated")
    table = rows[["source", "statistic", "from", "to"]].reset_index(drop=True)
    table["ours"] = ours.loc[keys].to_numpy()
    table["published"] = rows["value"].to_numpy()
    table["abs_diff"] = (table["ours"] - table["published"]).abs()
    table["tolerance"] = 0.5 * 10.0 ** -rows["decimals"].to_numpy() + CONVERGENCE_TOLERANCE
    return table
