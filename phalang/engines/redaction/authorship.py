"""Warnings for reports that may identify their own author.

Redaction hides other people's data; it cannot hide the author's story. "ผมชื่อ..." or "I am the
only accountant in the office" identifies a whistle-blower as surely as an ID number. These
checks only warn (Thai / English) so the author or a moderator can reword the report.
"""

from __future__ import annotations

import re

from phalang.engines.redaction.engine import find

_I_TH = r"(?:กระผม|ผม|ดิฉัน|ฉัน|ข้าพเจ้า|หนู)"
_FIRST_PERSON_RE = re.compile(rf"{_I_TH}|\b(?:I|I'm|my|me|myself)\b")

_NAMES_SELF_RE = re.compile(
    rf"{_I_TH}\s*ชื่อ|ชื่อ(?:ของ)?\s*{_I_TH}|{_I_TH}\s*(?:นาย|นางสาว|นาง|น\.ส\.)"
    r"|\b(?i:my name is)\b|\b(?:I am|I'm) (?:Mr\.? |Mrs\.? |Ms\.? )?[A-Z][a-z]+",
)
_ONLY_ONE_RE = re.compile(
    r"คนเดียว(?:ที่|ใน|เท่านั้น)|เพียงคนเดียว|มีแค่\s*" + _I_TH + r"|มีแต่\s*" + _I_TH
    + r"|\b(?:the )?only (?:one|person|employee|staff|officer|accountant|driver|engineer|woman|man)\b",
    re.IGNORECASE,
)  # fmt: skip
_OWN_ROLE_RE = re.compile(
    rf"{_I_TH}\s*(?:เป็น(?:พนักงาน|เจ้าหน้าที่|ข้าราชการ|ลูกจ้าง|ครู|หัวหน้า|ผู้|ปลัด|นัก|คน(?:ขับ|ทำ|ดูแล)"
    r"|สมาชิก|กรรมการ|เลขา|ช่าง|วิศวกร|พยาบาล|หมอ|แพทย์|ตำรวจ|ทหาร)|ทำงาน|รับราชการ|ดำรงตำแหน่ง"
    r"|อยู่(?:ฝ่าย|แผนก|กอง|สำนัก))"
    r"|ตำแหน่ง(?:ของ)?\s*" + _I_TH
    + r"|\bI (?:work|worked|am employed)\b|\bI am (?:a|an|the) (?!victim\b)[a-z]+",
)  # fmt: skip
_OWN_CONTACT_RE = re.compile(
    rf"(?:เบอร์|โทร|อีเมล|บัตร|บัญชี|ที่อยู่|บ้าน)(?:ของ)?\s*{_I_TH}|ติดต่อ(?:กลับ)?\s*{_I_TH}|ติดต่อกลับ"
    r"|\bmy (?:phone|number|mobile|email|e-mail|address|id)\b|\b(?:call|contact|email) me\b",
    re.IGNORECASE,
)

NAMES_SELF = (
    "รายงานนี้ระบุชื่อของผู้แจ้งเอง ควรลบชื่อออกหากต้องการปกปิดตัวตน / "
    "This report gives its author's own name; remove it to stay anonymous."
)
ONLY_ONE = (
    "รายงานนี้บอกว่าผู้แจ้งเป็นคนเดียวที่รู้หรือทำสิ่งนี้ ซึ่งอาจทำให้ระบุตัวได้ / "
    "This report says its author is the only person in a role or who knows this, which can identify them."
)
OWN_ROLE = (
    "รายงานนี้ระบุตำแหน่งหรือที่ทำงานของผู้แจ้ง ซึ่งอาจทำให้ระบุตัวได้ / "
    "This report states its author's job or workplace, which can identify them."
)
OWN_CONTACT = (
    "รายงานนี้มีเบอร์โทร อีเมล เลขบัตร หรือเลขบัญชีที่อาจเป็นของผู้แจ้งเอง / "
    "This report contains a phone number, email, ID or account number that may be its author's own."
)


def self_identifying_warnings(text: str) -> list[str]:
    """Warnings (Thai / English) about passages that may identify the report's author."""
    warnings: list[str] = []
    if _NAMES_SELF_RE.search(text):
        warnings.append(NAMES_SELF)
    if _ONLY_ONE_RE.search(text):
        warnings.append(ONLY_ONE)
    if _OWN_ROLE_RE.search(text):
        warnings.append(OWN_ROLE)
    if _OWN_CONTACT_RE.search(text) or (
        _FIRST_PERSON_RE.search(text)
        and find(text, kinds=("thai_id", "phone", "email", "bank_account"))
    ):
        warnings.append(OWN_CONTACT)
    return warnings
