from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def demo_data(db):  # type: ignore[no-untyped-def]
    """The shipped demo processes and budget lines, imported through the real import."""
    from phalang.opendata.demo import seed

    seed()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
