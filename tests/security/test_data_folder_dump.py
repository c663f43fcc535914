"""The test that dumps everything: "a stolen data folder reveals no reporter".

A real deployment runs in its own data folder (tests/security/dump_scenario.py, a separate
process, SQLite as in the embedded default): anonymous reports over LINE, Telegram, SMS (through
the fake platform APIs) and the web form, follow-ups by receipt, moderators' messages, closed
cases, the worker until it is idle. Then every byte of the data folder (database, WAL, uploads,
logs), and of a copy taken while the server was still running, is searched for every receipt,
LINE userId, Telegram id and name, and phone number in all usual spellings: none may be found.
The second run uses the production key setup and also asserts that no key lies in the data folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from phalang.lib import keys
from tests.conftest import ROOT
from tests.security import helpers as h
from tests.watch.conftest import LINE_SECRET, SMS_SECRET, TELEGRAM_SECRET
from tests.watch.helpers import jpeg_with_gps

PYTHON = sys.executable
PHALANG = str(Path(sys.executable).parent / "phalang")

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the data-folder scenario runs on its own SQLite folder; the SQLite run of the suite covers it")


@pytest.fixture(scope="module")
def migrated_db(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """An empty database migrated by ``phalang migrate``, made once per run and copied into each
    scenario's data folder. The parallel workers (pytest-xdist) share one: the first makes it
    under a lock, in the run's common temporary folder, and the other waits for it (~5 s of CPU
    that a second ``migrate`` would spend on the same schema)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, db = shared / "dump-template", shared / "dump-template" / "phalang.sqlite3"
    with (shared / "dump-template.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not db.exists():
            made = shared / "dump-template.new"
            shutil.rmtree(made, ignore_errors=True)
            made.mkdir()
            env = _base_env(made) | {"PHALANG_SQLITE_SYNCHRONOUS": "OFF"}
            done = subprocess.run([PHALANG, "migrate", "-v0"], cwd=ROOT, env=env, capture_output=True, timeout=900)
            assert done.returncode == 0, done.stderr.decode()[-2000:]
            made.rename(folder)  # complete or absent: a failed migrate leaves no template behind
    return db


def _base_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PHALANG_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return env | {"PHALANG_DATA_DIR": str(data), "PHALANG_STATIC_STORAGE": "plain"}


def _scenario(phase: str, env: dict[str, str], args: dict[str, object], tmp: Path, log: Path) -> dict[str, object]:
    args_file, result = tmp / f"{phase}.json", tmp / f"{phase}-result.json"
    args_file.write_text(json.dumps(args | {"result": str(result)}), encoding="utf-8")
    with log.open("ab") as fh:  # the process's output is a log in the data folder, like a deployment's
        done = subprocess.run([PYTHON, "-m", "tests.security.dump_scenario", phase, str(args_file)], cwd=ROOT,
                              env=env, stdout=fh, stderr=subprocess.STDOUT, timeout=900)
    assert done.returncode == 0, log.read_text(errors="replace")[-3000:]
    return dict(json.loads(result.read_text(encoding="utf-8")))


def _every_file(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("key_setup", ["demo", "production"])
def test_no_reporter_in_the_data_folder(key_setup, channels, migrated_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    line, telegram, sms = channels
    data, hot_copy, keydir = tmp_path / "data", tmp_path / "hot-copy", tmp_path / "etc-keys"
    (data / "logs").mkdir(parents=True)
    shutil.copy(migrated_db, data / "phalang.sqlite3")
    env = _base_env(data) | {
        "PHALANG_LINE_CHANNEL_SECRET": LINE_SECRET, "PHALANG_LINE_CHANNEL_ACCESS_TOKEN": line.access_token,
        "PHALANG_LINE_API_BASE": line.url, "PHALANG_LINE_DATA_API_BASE": line.url, "PHALANG_LINE_PUSH": "1",
        "PHALANG_TELEGRAM_BOT_TOKEN": telegram.token, "PHALANG_TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "PHALANG_TELEGRAM_API_BASE": telegram.url, "PHALANG_SMS_SHARED_SECRET": SMS_SECRET,
        "PHALANG_SMS_SENDER_URL": sms.send_url, "PHALANG_SMS_SENDER_TOKEN": sms.token,
    }
    if key_setup == "production":
        env |= {"PHALANG_GENERATE_KEYS": "0", "PHALANG_KEYS_DIR": str(keydir)}
        made = subprocess.run([PHALANG, "keys", "generate"], cwd=ROOT, env=env, capture_output=True, timeout=300)
        assert made.returncode == 0, made.stderr.decode()[-2000:]

    people = [h.new_line_reporter(), h.new_telegram_reporter(), h.new_sms_reporter()]
    photo = str(10**17 + secrets.randbelow(10**17))
    line.add_content(photo, jpeg_with_gps())
    args: dict[str, object] = {"line_user": people[0].ids[0], "telegram_chat": int(people[1].ids[0]),
                               "telegram_name": people[1].ids[1], "phone": people[2].ids[0],
                               "photo_id": photo, "hot_copy": str(hot_copy)}
    log = data / "logs" / "phalang.log"
    filed = _scenario("file", env, args, tmp_path, log)
    texts = line.texts() + telegram.texts() + [m["text"] for m in sms.messages]
    receipts = {"line": h.receipts_in(line.texts())[0], "telegram": h.receipts_in(telegram.texts())[0],
                "sms": h.receipts_in([m["text"] for m in sms.messages])[0], "web": str(filed["web_receipt"])}
    assert len(set(receipts.values())) == 4, texts
    _scenario("follow", env, args | {"receipts": receipts}, tmp_path, log)
    # The reporters were reached all along: status answers, moderators' messages, the closing news.
    assert any("ขอบคุณ เราตรวจสอบแล้ว" in t for t in telegram.texts(people[1].ids[0]))
    assert any(m["to"] == people[2].ids[0] and "ขอบคุณ เราตรวจสอบแล้ว" in m["text"] for m in sms.messages)
    assert any(p["to"] == people[0].ids[0] for p in line.pushes)

    needles = [n for p in people for n in p.ids] + [s for r in receipts.values() for s in h.receipt_spellings(r)]
    files = _every_file(data) + _every_file(hot_copy)
    assert any("vault" in f.parts for f in files), "the photo reached the vault"
    found = {str(f.relative_to(tmp_path)): hits for f in files if (hits := h.found_in_bytes(f.read_bytes(), needles))}
    assert found == {}, f"reporters can be found in the data folder: {found}"

    if key_setup == "production":
        leftovers = [f for f in files if f.suffix == ".key"]
        assert leftovers == [], leftovers
        secrets_hex = [p.read_text().strip() for p in keydir.glob("*.key")]
        assert len(secrets_hex) == len(keys.KEYS)
        raw = [bytes.fromhex(s) for s in secrets_hex]
        in_folder = [f for f in files if any(s.encode() in (b := f.read_bytes()) for s in secrets_hex)
                     or any(r in b for r in raw)]
        assert in_folder == [], f"key material lies in the data folder: {in_folder}"
