"""Audit item 3: the keys that open the database must not lie beside it.

In production (PHALANG_GENERATE_KEYS=0) every key comes from a keys directory outside the data
folder; `phalang check --deploy` fails when a key is missing or lies inside the data folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from phalang.lib import keys
from tests.conftest import ROOT


@pytest.fixture
def production(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    data, keydir = tmp_path / "data", tmp_path / "etc-keys"
    monkeypatch.setenv("PHALANG_DATA_DIR", str(data))
    monkeypatch.setenv("PHALANG_KEYS_DIR", str(keydir))
    monkeypatch.setenv("PHALANG_GENERATE_KEYS", "0")
    for name in keys.KEYS:
        monkeypatch.delenv(keys.env_name(name), raising=False)
    keys.get_key.cache_clear()
    call_command("keys", "generate")
    yield data, keydir
    keys.get_key.cache_clear()


def deploy_errors() -> str:
    try:
        call_command("check", "--deploy", "--tag", "security")
    except SystemCheckError as exc:
        return str(exc)
    return ""


def test_production_keys_outside_the_data_folder_pass(production) -> None:  # type: ignore[no-untyped-def]
    _data, keydir = production
    assert sorted(p.stem for p in keydir.glob("*.key")) == sorted(keys.KEYS)
    assert deploy_errors() == ""
    assert keys.get_key("vault") and not keys.keys_in_data_folder()


def test_a_missing_key_fails_the_deploy_check(production) -> None:  # type: ignore[no-untyped-def]
    _data, keydir = production
    (keydir / "vault.key").unlink()
    assert "key 'vault' is missing" in deploy_errors()
    with pytest.raises(keys.MissingKeyError):
        keys.get_key("vault")  # and nothing is invented in its place
    assert not (keydir / "vault.key").exists()


def test_a_key_in_the_data_folder_fails_the_deploy_check(production) -> None:  # type: ignore[no-untyped-def]
    data, keydir = production
    (data / "keys").mkdir(parents=True)
    shutil.copy(keydir / "channel.key", data / "keys" / "channel.key")  # an old demo key left behind
    assert "a key lies in the data folder" in deploy_errors()


def test_a_keys_directory_inside_the_data_folder_fails(production, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data, keydir = production
    shutil.copytree(keydir, data / "secrets")
    monkeypatch.setenv("PHALANG_KEYS_DIR", str(data / "secrets"))
    assert "lies inside the data folder" in deploy_errors()


def test_generating_keys_in_production_fails(production, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PHALANG_GENERATE_KEYS", "1")
    assert "PHALANG_GENERATE_KEYS is not 0" in deploy_errors()


def test_every_key_the_code_uses_is_named_and_documented() -> None:
    used: set[str] = set()
    calls = re.compile(r'(?:keyed_hash|get_key|get_secret_text)\(\s*"([a-z-]+)"|'
                       r'(?:encrypt|decrypt|encrypt_bytes|decrypt_bytes|seal|unseal)\([^()]*(?:\([^()]*\))?[^()]*,\s*"([a-z-]+)"\)')
    for path in (ROOT / "phalang").rglob("*.py"):
        for m in calls.finditer(path.read_text(encoding="utf-8")):
            used.add(m.group(1) or m.group(2))
    used |= {"contact", "vault", "channel"}  # the default purposes of encrypt, encrypt_bytes, seal
    assert used - set(keys.KEYS) == set()
    deploy = Path(ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert [n for n in keys.KEYS if f"`{n}.key`" not in deploy] == []


def test_renamed_key_copies_in_the_data_folder_fail(production) -> None:  # type: ignore[no-untyped-def]
    """Found only by exact file name before: a renamed copy, a .bak, or a key pasted into a note."""
    data, keydir = production
    for rel in ("media/backup/old-channel.key", "backup/channel.key.bak"):
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(keydir / "channel.key", data / rel)
    (data / "notes.txt").write_text("vault for the new server: " + (keydir / "vault.key").read_text().strip())
    (data / "media" / "photo.jpg").write_bytes(b"\xff\xd8 nothing secret here")
    errors = deploy_errors()
    found = {p.relative_to(data).as_posix() for p in keys.keys_in_data_folder()}
    assert found == {"media/backup/old-channel.key", "backup/channel.key.bak", "notes.txt"}, found
    assert "old-channel.key" in errors and "channel.key.bak" in errors and "notes.txt" in errors
