"""The reporters' side of tests/security/test_data_folder_dump.py, run as its own process with its
own data folder, the way a deployment runs: ``python -m tests.security.dump_scenario PHASE ARGS``.

Phase ``file``: anonymous reports over LINE (with a photo), Telegram, SMS and the web form.
Phase ``follow``: each reporter checks the status with their receipt and adds information, a
moderator closes the chat and SMS cases, the worker finishes; then a hot copy of the data folder
is taken (what a thief copying a running server gets). Each phase ends as a server that stops:
its database connections are closed (SQLite checkpoints and removes the WAL), so the second
phase is a restart.

ARGS is a JSON file: the reporters' ids, for ``follow`` their receipts, and where to write the
result (outside the data folder). The fake platform
APIs run in the test process; this process reaches them over HTTP through the usual settings.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any


def main(phase: str, args_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phalang.settings")
    import django

    django.setup()
    from django.db import connections
    from django.test import Client

    from phalang.chat.loops import drain
    from phalang.lib.env import data_dir
    from tests.fakes import line as fl
    from tests.fakes import telegram as ft
    from tests.security import helpers as h

    args: dict[str, Any] = json.loads(Path(args_path).read_text(encoding="utf-8"))
    line = h.Reporter("line", [args["line_user"]])
    telegram = h.Reporter("telegram", [str(args["telegram_chat"]), args["telegram_name"]])
    sms = h.Reporter("sms", h.phone_spellings(args["phone"]))
    client = Client()
    out: dict[str, Any] = {}

    if phase == "file":
        uid = line.ids[0]
        for ev in (fl.follow_event(user=uid), fl.text_event("แจ้งเรื่อง", user=uid),
                   fl.postback_event("cat=corruption", user=uid),
                   fl.text_event("ปลัดอำเภอเรียกเงินสามพันบาทเพื่อออกบัตรให้เร็วขึ้น", user=uid),
                   fl.location_event(13.61, 100.72, user=uid),
                   fl.image_event(message=args["photo_id"], user=uid),
                   fl.postback_event("act=done", user=uid), fl.text_event("ยืนยัน", user=uid)):
            h.line_post(client, ev)
            drain()
        h.file_by_telegram(client, drain, telegram, "รถพยาบาลของ อบต. ถูกใช้ไปงานส่วนตัวของนายก")
        h.file_by_sms(client, drain, sms, "บ่อบาดาลที่ขุดใหม่ไม่มีน้ำตั้งแต่วันแรก")
        page = client.post("/report/", {"category": "corruption", "anonymity": "anonymous",
                                        "description": "มีการแบ่งงานจ้างเหมาให้ต่ำกว่าวงเงินเพื่อเลี่ยงการประกวดราคา"},
                           HTTP_ACCEPT_LANGUAGE="th", follow=True).content.decode()
        out["web_receipt"] = h.receipts_in([page])[0]
    else:
        from phalang.accounts.actions import create_user
        from phalang.watch import actions, workflow
        from phalang.watch.models import Status

        receipts = args["receipts"]
        h.line_post(client, fl.text_event(f"สถานะ {receipts['line']}", user=line.ids[0]))
        drain()
        h.line_post(client, fl.postback_event("act=add", user=line.ids[0]))
        h.line_post(client, fl.text_event("เงินถูกโอนเข้าบัญชีภรรยาของปลัด", user=line.ids[0]))
        drain()
        chat, name = int(telegram.ids[0]), telegram.ids[1]
        h.telegram_post(client, ft.message_update(receipts["telegram"].replace("-", " "), chat_id=chat,
                                                  first_name=name))
        h.sms_post(client, sms.ids[1], f"สถานะ {receipts['sms'].replace('-', '')}", sent_at="2026-12-06T11:00:00")
        h.sms_post(client, sms.ids[0], f"เพิ่ม {receipts['sms']} น้ำขุ่นตั้งแต่เดือนที่แล้ว",
                   sent_at="2026-12-06T11:05:00")
        client.post("/status/", {"receipt": receipts["web"]}, HTTP_ACCEPT_LANGUAGE="th")
        client.post("/status/", {"receipt": receipts["web"], "message": "มีเอกสารสัญญาด้วย"},
                    HTTP_ACCEPT_LANGUAGE="th")
        drain()
        admin = create_user("moderator", "correct-horse-battery", is_superuser=True)
        for channel in ("line", "telegram", "sms"):
            report = actions.find_by_receipt(receipts[channel])
            assert report is not None, channel
            workflow.message_reporter(report, by=admin, body="ขอบคุณ เราตรวจสอบแล้ว")
            workflow.change_status(report, Status.CLOSED_UNFOUNDED, by=admin, reason="ไม่พบหลักฐานเพียงพอ")
        drain()  # the worker finishes: events processed, news sent

        # A thief who copies the folder of a running server, then the server stops.
        shutil.copytree(data_dir(), Path(args["hot_copy"]), ignore=shutil.ignore_patterns("*.writelock"))
    connections.close_all()  # the server stops
    # Outside the data folder: it holds the web receipt, which the test needs and the folder must not.
    Path(args["result"]).write_text(json.dumps(out), encoding="utf-8")
    # What is garbage now is collected (finalisers run); what is still alive is left to the end
    # of the process. Otherwise the interpreter's exit runs its full collections over every live
    # object (the Thai word trie, the LINE SDK's models): ~2 s of CPU after the "file" phase,
    # ~0.8 s after "follow", that change nothing on disk.
    gc.collect()
    gc.freeze()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
