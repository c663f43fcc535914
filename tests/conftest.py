"""Shared test fixtures: where the real data lives, and skipping cleanly without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    return Path(os.environ.get("PHALANG_TESTDATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder (``../shared/data`` or ``$PHALANG_TESTDATA``); skip when absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real test data not found at {path}: set PHALANG_TESTDATA to run this test")
    return path
