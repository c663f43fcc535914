"""Personal names after a title: นาย สมชาย ใจดี, น.ส.สมหญิง, ร.ต.อ.วิชัย, Mr John Smith.

The name and surname are redacted, the title kept ("นาย[ชื่อ-สกุล]"), so readers still see that
a person was named. Thai is often written without spaces, so a name runs until a space or a
word that names rarely contain (เป็น, ได้, ที่, ...). Words that only start like a title are
excluded: นายก (mayor), นายอำเภอ (district chief), นางพยาบาล (nurse), อำเภอนางรอง (a place).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phalang.engines.redaction.findings import Finding

# Longest first: "นางสาว" before "นาง", "พ.ต.อ." before "พ.ต.".
_THAI_TITLES = sorted(
    [
        "นางสาว", "นาง", "นาย", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง",
        "นายแพทย์", "แพทย์หญิง", "นพ.", "พญ.", "ทพ.", "ทพญ.", "ดร.", "ผศ.", "รศ.", "ศ.",
        "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.", "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.",
        "ด.ต.", "จ.ส.ต.", "ส.ต.อ.", "ส.ต.ท.", "ส.ต.ต.", "พล.อ.", "พล.ท.", "พล.ต.", "พ.อ.", "พ.ท.",
        "พ.ต.", "ร.อ.", "ร.ท.", "ร.ต.", "จ.ส.อ.", "ส.อ.", "ส.ท.", "ส.ต.",
    ],
    key=len,
    reverse=True,
)  # fmt: skip

# Words that begin with a title but are not followed by a name.
_NOT_A_NAME_AFTER = {
    "นาย": (
        "กรัฐมนตรี", "กเทศมนตรี", "กองค์การ", "กอบต", "กอบจ", "กสมาคม", "กสภา", "กเมือง", "กฯ",
        "อำเภอ", "จ้าง", "ทุน", "หน้า", "ช่าง", "ตำรวจ", "ทหาร", "ด่าน", "ประกัน", "พราน", "ท้าย",
        "ร้อย", "สิบ", "พล", "เรือ", "งาน", "ห้าง", "ประตู", "กอง", "ทะเบียน", "ตรวจ", "แบบ",
    ),
    "นาง": (
        "พยาบาล", "งาม", "ฟ้า", "แบบ", "รำ", "เอก", "สนม", "กวัก", "รอง", "เลิ้ง", "ใน", "พญา",
    ),
}  # fmt: skip
# Place names contain นาย/นาง too (หาดนางแก้ว, ลำนางแก้ว, นครนายก, สมเด็จพระนางเจ้า). When a
# title is glued to the word before it, it starts a name only after words that introduce a
# person; after a space it always may. Measured on 28,857 budget project names: this keeps
# landowners' names ("บริเวณบ้านนายจรูญ") and drops almost all place names.
_INTRODUCERS = (
    "คือ", "โดย", "ของ", "กับ", "และ", "ให้", "จาก", "ถึง", "ชื่อ", "เป็น", "ว่า", "ผม", "ดิฉัน",
    "ฉัน", "หนู", "ได้แก่", "แจ้ง", "ระหว่าง", "บ้าน", "ที่ดิน", "ไร่", "สวน", "ที่", "หา", "ไป", "พบ",
    "เห็น", "เรียก", "ส่ง", "จ้าง", "นำ", "รับ", "ซึ่ง", "เมื่อ", "แต่", "หรือ", "ทั้ง", "ตัวแทน",
    "ผู้รับเหมา", "ขอ", "ถาม", "บอก", "พร้อม", "ยัง", "ก็", "อีก", "ยืนยัน", "ติดต่อ", "พา", "สั่ง",
    "มอบ", "ภรรยา", "สามี", "ลูก", "พ่อ", "วาน", "นี้", "นั้น", "ชาย", "หญิง", "คน", "ทาง",
)  # fmt: skip
_GLUED_BEFORE = re.compile("[\u0e01-\u0e4e]\\.?$")  # "ต.นางตะเคียน" is glued to the ต.
# A Thai name starts with a consonant or a leading vowel, never with า or a mark (นา|งาม, นา|ยาง).
_NAME_START = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44]")
_MAYOR_ALONE = re.compile(r"นายก(?![\u0e01-\u0e4e])")  # "นายก" on its own means the mayor

_NAME_CHAR = "\u0e01-\u0e2e\u0e30-\u0e4e"  # Thai letters, vowels and marks; no digits or ฯ
# Dotted titles must start a word: the "ศ." in "พ.ศ. 2560" is the Buddhist Era, not a professor.
_TITLE_RE = re.compile(
    "|".join(
        (f"(?<![\u0e01-\u0e4e.]){re.escape(t)}" if "." in t else re.escape(t)) for t in _THAI_TITLES
    )
)
_RUN_RE = re.compile(f"[{_NAME_CHAR}]+")
# Where a name glued to the rest of the sentence most likely ends.
_NAME_ENDERS = (
    "เป็น", "ได้", "ที่", "ซึ่ง", "และ", "กับ", "ว่า", "ผู้", "อายุ", "ตำแหน่ง", "บ้านเลขที่", "โทร",
    "เบอร์", "ถึง", "จาก", "ของ", "อยู่", "คือ", "เมื่อ", "ไม่", "จะ", "ก็", "ได้รับ", "แจ้ง",
    "นายก", "กำนัน", "ผู้ใหญ่บ้าน", "ปลัด", "หัวหน้า", "เจ้าหน้าที่", "สั่ง", "ให้", "เรียก",
    "ตำบล", "อำเภอ", "จังหวัด", "หมู่",
)  # fmt: skip
# A following word that starts like this is part of the sentence, not a surname.
_NOT_SURNAME = (
    *_NAME_ENDERS, "ตำบล", "อำเภอ", "จังหวัด", "หมู่", "บ้าน", "นาย", "นาง", "ตาม", "เทศบาล", "อบต",
    "องค์การ", "กว้าง", "ยาว", "สาย", "ถนน", "ขนาด",
)  # fmt: skip

_ENGLISH_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?P<name>[A-Z][a-zA-Z'’\-]+(?:\s+[A-Z][a-zA-Z'’\-]+)?)"
)


def _cut(run: str) -> str:
    cut = len(run)
    for word in _NAME_ENDERS:
        at = run.find(word, 2)  # a name has at least two letters before the next word
        if 0 < at < cut:
            cut = at
    return run[:cut]


def _thai_names(text: str) -> Iterator[Finding]:
    for title in _TITLE_RE.finditer(text):
        after = text[title.end() :]
        if (
            title.group() in _NOT_A_NAME_AFTER
            and (
                after.startswith(_NOT_A_NAME_AFTER[title.group()])
                or (title.group() == "นาย" and _MAYOR_ALONE.match(text, title.start()))
                or text[: title.start()].endswith(("เจ้า", "ท"))  # เจ้านาย = boss, ทนาย = lawyer
                or (
                    _GLUED_BEFORE.search(text[: title.start()])
                    and not text[: title.start()].endswith(_INTRODUCERS)
                )
            )
        ):
            continue
        start = title.end()
        while start < len(text) and text[start] == " " and start - title.end() < 2:
            start += 1
        first = _RUN_RE.match(text, start)
        if (
            not first
            or not _NAME_START.match(first.group())
            or first.group().startswith(_NOT_SURNAME)
        ):
            continue
        name = _cut(first.group())
        end = start + len(name)
        if len(name) < 2:
            continue
        if len(name) == len(first.group()):
            # The given name ended at a space: the next Thai word is the surname, unless it
            # reads as the rest of the sentence.
            gap = end
            while gap < len(text) and text[gap] == " " and gap - end < 2:
                gap += 1
            surname = _RUN_RE.match(text, gap) if gap > end else None
            if surname and not surname.group().startswith(_NOT_SURNAME):
                end = gap + len(_cut(surname.group()))
        yield Finding("person_name", start, end, text[start:end])


def find(text: str) -> Iterator[Finding]:
    yield from _thai_names(text)
    for m in _ENGLISH_RE.finditer(text):
        yield Finding("person_name", m.start("name"), m.end("name"), m.group("name"))
