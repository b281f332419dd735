"""Shared fixtures: where the built book lives; figures drawn off-screen and closed after each test."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; tests marked ``book`` need it (``make test`` builds it first)."""
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make book` (or `make test`, which builds it) first")
    return SITE


@pytest.fixture(autouse=True)
def close_figures():
    """Close every matplotlib figure a test opened, so memory does not grow across the suite."""
    yield
    plt.close("all")
