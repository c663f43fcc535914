"""Keys live outside the database: from the environment or private files in the data dir."""

from __future__ import annotations

import stat

import pytest

from phalang.lib import keys


@pytest.fixture
def fresh(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHALANG_DATA_DIR", str(tmp_path))
    keys.get_key.cache_clear()
    yield tmp_path
    keys.get_key.cache_clear()


def test_generated_on_first_use_private_and_stable(fresh) -> None:  # type: ignore[no-untyped-def]
    first = keys.get_key("receipt")
    path = fresh / "keys" / "receipt.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys.get_key.cache_clear()
    assert keys.get_key("receipt") == first and len(first) == 32


def test_environment_wins(fresh, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHALANG_RECEIPT_KEY", "00" * 32)
    assert keys.get_key("receipt") == bytes(32)


def test_multi_machine_mode_refuses_to_invent_keys(fresh, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHALANG_GENERATE_KEYS", "0")
    with pytest.raises(keys.MissingKeyError, match="PHALANG_AUDIT_KEY"):
        keys.get_key("audit")
