"""The ``ax=`` convention shared by every plotting function of :mod:`crmlab.plots`."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes


def axes(ax: Any) -> Axes:
    """Return ``ax`` if it is a matplotlib Axes, a new Axes if it is None, else raise TypeError."""
    if ax is None:
        return plt.subplots()[1]
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax
