"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The example corpus ($GOVINFO_CORPUS, else ../shared/corpus next to the repo).

    Missing corpus: the test fails under CI (env var CI set) and is skipped otherwise.
    """
    path = Path(os.environ.get("GOVINFO_CORPUS", REPO.parent / "shared" / "corpus"))
    if not (path / "seeds").is_dir():
        message = f"corpus not found at {path} (set GOVINFO_CORPUS)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
