"""Shared fixtures: where the built book lives."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; tests marked ``book`` need it (``make test`` builds it first)."""
    if not (SITE / "index.html").exists():
        pytest.fail(f"{SITE} has no index.html: run `make book` (or `make test`, which builds it) first")
    return SITE
