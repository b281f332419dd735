"""Tests of the figures for the real-data pages (crmlab.plots.models, crmlab.plots.transactions)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlab.plots.models import plot_indices, plot_path_estimates
from crmlab.plots.transactions import plot_cohort_retention, plot_rfm_grid


def test_indices_draw_one_bar_per_cell_with_its_value():
    table = pd.DataFrame({"equal": [72.0, 63.4], "PLS": [72.5, 70.9]}, index=["Satisfaction", "Loyalty"])
    ax = plot_indices(table)
    widths = sorted(round(patch.get_width(), 1) for patch in ax.patches)
    assert widths == [63.4, 70.9, 72.0, 72.5]
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Satisfaction", "Loyalty"]
    assert {text.get_text() for text in ax.texts} >= {"63.4", "70.9"}


def test_indices_refuse_values_off_the_index_scale():
    with pytest.raises(ValueError, match="0–100 index scale"):
        plot_indices(pd.DataFrame({"x": [101.0]}))
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        plot_indices([70, 80])


def test_path_estimates_place_dots_at_the_estimates_and_mark_zero():
    paths = pd.DataFrame({"estimate": [0.5, 0.05], "low": [0.4, -0.1], "high": [0.6, 0.2]}, index=["A → B", "B → C"])
    ax = plot_path_estimates(paths, reference=pd.Series({"A → B": 0.48}), reference_label="paper")
    dots = ax.lines[0].get_xydata()
    assert dots.tolist() == [[0.5, 0.0], [0.05, 1.0]]
    assert any(line.get_xdata()[0] == 0 for line in ax.lines[1:])          # the dashed zero line
    reference = ax.collections[-1].get_offsets()
    assert reference[0].tolist() == [0.48, 0.0] and np.ma.is_masked(reference[1][0])   # no reference for B → C
    assert "paper" in [text.get_text() for text in ax.get_legend().get_texts()]


@pytest.mark.parametrize(("frame", "error", "message"), [
    (pd.DataFrame({"estimate": [0.5]}), TypeError, "columns 'estimate', 'low' and 'high'"),
    (pd.DataFrame({"estimate": [0.5], "low": [0.6], "high": [0.7]}), ValueError, "must contain its estimate"),
])
def test_path_estimates_validate(frame, error, message):
    with pytest.raises(error, match=message):
        plot_path_estimates(frame)


def test_cohort_curves_skip_the_entry_period_by_default():
    table = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.4], 2: [0.3, np.nan]}, index=["2024-01", "2024-02"])
    ax = plot_cohort_retention(table)
    first = ax.get_lines()[0]
    assert list(first.get_xdata()) == [1, 2] and list(first.get_ydata()) == [0.5, 0.3]
    assert len(plot_cohort_retention(table, skip_first=False).get_lines()[0].get_xdata()) == 3


def test_cohort_curves_refuse_counts():
    with pytest.raises(ValueError, match="shares between 0 and 1"):
        plot_cohort_retention(pd.DataFrame({0: [120.0], 1: [30.0]}))
    with pytest.raises(TypeError, match="non-empty DataFrame"):
        plot_cohort_retention(pd.DataFrame())


def test_rfm_grid_counts_customers_per_cell():
    # Cells: (R1, F1) has 2 customers with spend 10 and 30 (mean 20); (R2, F3) has 1 customer.
    scores = pd.DataFrame({"R": [1, 1, 2], "F": [1, 1, 3], "monetary": [10.0, 30.0, 50.0]})
    ax = plot_rfm_grid(scores)
    cells = {(round(text.get_position()[1]), round(text.get_position()[0])): text.get_text() for text in ax.texts}
    assert cells == {(0, 0): "2", (1, 2): "1"}
    colours = ax.images[0].get_array()
    assert colours[0, 0] == 20.0 and colours[1, 2] == 50.0 and np.ma.is_masked(colours[0, 1])
    with pytest.raises(TypeError, match="columns 'R', 'F' and 'monetary'"):
        plot_rfm_grid(scores.drop(columns="monetary"))


def test_rfm_grid_numbers_stay_readable_on_dark_cells():
    scores = pd.DataFrame({"R": [1, 2], "F": [1, 1], "monetary": [10.0, 500.0]})
    colours = [text.get_color() for text in plot_rfm_grid(scores).texts]
    # Two cells, one customer each: the cheap cell (R1) is pale, black text; the expensive one (R2) dark, white text.
    assert colours == ["black", "white"]
