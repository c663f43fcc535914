"""A worker killed in the middle of an event loses nothing and does nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from phalang.chat.loops import drain
from phalang.chat.models import DialogSession, InboundEvent
from phalang.watch.models import Report
from tests.conftest import ROOT
from tests.fakes import line as fl
from tests.foundation.test_task_queue import worker_env
from tests.watch.conftest import LINE_SECRET

PHALANG = str(Path(sys.executable).parent / "phalang")


def send(client, event):  # type: ignore[no-untyped-def]
    body, headers = fl.signed_webhook(LINE_SECRET, [event])
    assert client.post("/webhooks/line", body, content_type="application/json",
                       HTTP_X_LINE_SIGNATURE=headers["X-Line-Signature"]).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_killed_worker_mid_event(client, gazetteer, channels) -> None:  # type: ignore[no-untyped-def]
    line, _tg, _sms = channels
    user = fl.user_id()
    for ev in (fl.text_event("แจ้งเรื่อง", user=user), fl.postback_event("cat=corruption", user=user),
               fl.text_event("มีการฮั้วประมูลงานขุดลอกคลองในตำบล", user=user),
               fl.postback_event("act=skip", user=user), fl.postback_event("act=done", user=user)):
        send(client, ev)
        drain()
    replies_before = len(line.replies)
    send(client, fl.text_event("ยืนยัน", user=user))

    env = worker_env() | {
        "PHALANG_LINE_CHANNEL_SECRET": LINE_SECRET, "PHALANG_LINE_CHANNEL_ACCESS_TOKEN": line.access_token,
        "PHALANG_LINE_API_BASE": line.url, "PHALANG_LINE_DATA_API_BASE": line.url,
        "PHALANG_INBOX_LEASE_SECONDS": "1",
    }
    crashed = subprocess.run([PHALANG, "channels", "drain"], cwd=ROOT, capture_output=True,
                             env=env | {"PHALANG_FAULT_INJECT": "inbox.apply"}, timeout=120)
    assert crashed.returncode == 137, crashed.stderr.decode()[-2000:]
    # Killed after writing the report and the reply, before commit: none of it exists.
    assert Report.objects.count() == 0
    assert InboundEvent.objects.filter(processed_at__isnull=True).count() == 1
    assert DialogSession.objects.get().state["step"] == "confirm"
    assert len(line.replies) == replies_before

    time.sleep(1.2)  # let the dead worker's lease expire
    done = subprocess.run([PHALANG, "channels", "drain"], cwd=ROOT, capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    again = subprocess.run([PHALANG, "channels", "drain"], cwd=ROOT, capture_output=True, env=env, timeout=120)
    assert b"processed 0 events, sent 0 messages" in again.stdout
    assert Report.objects.count() == 1
    assert len(line.replies) == replies_before + 1
    first = line.replies[-1]["messages"][0]  # the receipt: a Flex card, its words in altText
    assert "ได้รับเรื่องแล้ว" in (first.get("text") or first.get("altText") or "")
    assert os.environ.get("PHALANG_FAULT_INJECT") is None
