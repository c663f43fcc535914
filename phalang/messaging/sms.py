"""SMS: one-message commands for basic phones and internet shutdowns, and a configurable sender.

Inbound (POST /webhooks/sms from an Android SMS-gateway app or a provider): sender, text, time,
and the shared secret. Formats (Thai or English keyword first):
  แจ้ง <จังหวัด> <ข้อความ>          report: province, then the story
  สถานะ <รหัส>                       status by receipt
  เพิ่ม <รหัส> <ข้อความ>  (or ตอบ)   add information / answer a moderator
"""

from __future__ import annotations

import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

import urllib3
from django.conf import settings

_http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=5, read=20), retries=False)

REPORT_WORDS = ("แจ้ง", "report")
STATUS_WORDS = ("สถานะ", "status")
ADD_WORDS = ("เพิ่ม", "ตอบ", "add", "reply")


class SmsError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def secret_ok(value: str) -> bool:
    expected = settings.SMS_SHARED_SECRET
    return bool(expected) and bool(value) and hmac.compare_digest(value.encode(), expected.encode())


def normalize_phone(raw: str) -> str:
    digits = re.sub(r"[^\d+]", "", raw or "")
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


@dataclass
class SmsCommand:
    kind: str  # report | status | add | unknown
    province_text: str = ""
    text: str = ""
    receipt_text: str = ""


def parse_command(text: str) -> SmsCommand:
    body = (text or "").strip()
    first, _, rest = body.partition(" ")
    word = first.lower()
    if word in REPORT_WORDS:
        province, _, story = rest.strip().partition(" ")
        return SmsCommand("report", province_text=province, text=story.strip())
    if word in STATUS_WORDS:
        return SmsCommand("status", receipt_text=rest.strip())
    if word in ADD_WORDS:
        m = re.match(r"^([\d๐-๙][\d๐-๙\s\-]{18,40}[\d๐-๙])\s*(.*)$", rest.strip(), re.S)
        if m:
            return SmsCommand("add", receipt_text=m.group(1), text=m.group(2).strip())
        return SmsCommand("add", receipt_text=rest.strip())
    return SmsCommand("unknown", text=body)


HELP = ("พลัง: ส่ง \"แจ้ง <จังหวัด> <เรื่อง>\" เพื่อแจ้งเรื่อง, \"สถานะ <รหัส>\" เพื่อดูสถานะ, "
        "\"เพิ่ม <รหัส> <ข้อความ>\" เพื่อเพิ่มข้อมูล")


def send(to: str, text: str) -> None:
    """POST {"to", "text"} to the configured gateway; without one, the message is only recorded."""
    if not settings.SMS_SENDER_URL:
        return
    headers = {"Content-Type": "application/json"}
    if settings.SMS_SENDER_TOKEN:
        headers["Authorization"] = f"Bearer {settings.SMS_SENDER_TOKEN}"
    resp = _http.request("POST", settings.SMS_SENDER_URL, body=json.dumps({"to": to, "text": text}).encode(),
                         headers=headers)
    if resp.status >= 300:
        raise SmsError(f"SMS gateway answered HTTP {resp.status}", resp.status)


def parse_inbound(request_data: dict[str, Any]) -> tuple[str, str, str]:
    sender = str(request_data.get("from") or request_data.get("sender") or "")
    text = str(request_data.get("text") or request_data.get("message") or "")
    sent_at = str(request_data.get("sent_at") or request_data.get("time") or "")
    return normalize_phone(sender), text[:1000], sent_at[:40]
