"""Shared fixtures: where the built book lives; figures drawn off-screen and closed after each test; hypothesis
without deadlines."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# No per-example deadline: on a loaded two-core machine (CI, or tests beside a book build) a correct example
# can take longer than hypothesis's default 200 ms, and a flaky failure says nothing about the code.
settings.register_profile("crmlab", deadline=None)
settings.load_profile("crmlab")

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
