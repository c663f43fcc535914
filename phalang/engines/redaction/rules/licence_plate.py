"""Thai vehicle licence plates: "1กข 1234", "กข-1234 กรุงเทพมหานคร", "ทะเบียน 3ฒ 5678".

A plate is one or two Thai consonants, optionally after a leading digit, then one to four
digits, optionally followed by the province. Two consonants and a number are also ordinary
Thai ("คน 5 คน", "รถ 2 คัน"), so the form without a leading digit counts only next to the word
ทะเบียน/plate, before a province name, or written with a dash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from phalang.engines.redaction.findings import Finding, fold_digits

# The 77 provinces as printed on plates (kept here so this engine needs no gazetteer;
# tests/engines/redaction/test_licence_plates.py checks it against the gazetteer).
PROVINCES = (
    "กระบี่ กรุงเทพมหานคร กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี ชัยนาท "
    "ชัยภูมิ ชุมพร ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา นครศรีธรรมราช นครสวรรค์ "
    "นนทบุรี นราธิวาส น่าน บึงกาฬ บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ ปราจีนบุรี ปัตตานี "
    "พระนครศรีอยุธยา พะเยา พังงา พัทลุง พิจิตร พิษณุโลก ภูเก็ต มหาสารคาม มุกดาหาร ยะลา ยโสธร "
    "ระนอง ระยอง ราชบุรี ร้อยเอ็ด ลพบุรี ลำปาง ลำพูน ศรีสะเกษ สกลนคร สงขลา สตูล สมุทรปราการ "
    "สมุทรสงคราม สมุทรสาคร สระบุรี สระแก้ว สิงห์บุรี สุพรรณบุรี สุราษฎร์ธานี สุรินทร์ สุโขทัย "
    "หนองคาย หนองบัวลำภู อำนาจเจริญ อุดรธานี อุตรดิตถ์ อุทัยธานี อุบลราชธานี อ่างทอง เชียงราย "
    "เชียงใหม่ เพชรบุรี เพชรบูรณ์ เลย แพร่ แม่ฮ่องสอน"
).split()
_PROVINCE = "|".join(sorted(map(re.escape, [*PROVINCES, "กรุงเทพฯ", "กทม."]), key=len, reverse=True))

_THAI = "\u0e00-\u0e7f"
_CONSONANT = "\u0e01-\u0e2e"
_PLATE_RE = re.compile(
    rf"(?<![{_THAI}\w])(?P<lead>\d)?(?P<letters>[{_CONSONANT}]{{1,2}})(?P<sep>[ \-]?)(?P<number>\d{{1,4}})"
    rf"(?![\d{_THAI}]|[.,]\d)"
    rf"(?P<province>\s*(?:จ\.|จังหวัด)?\s*(?:{_PROVINCE}))?"
)
_CONTEXT_RE = re.compile(r"ทะเบียน|plate|licen[cs]e|registration", re.IGNORECASE)
# How far before the plate the context word may be: "ป้ายทะเบียนรถกระบะสีขาว " fits.
_CONTEXT_REACH = 30


def find(text: str) -> Iterator[Finding]:
    folded = fold_digits(text)
    for m in _PLATE_RE.finditer(folded):
        has_lead = m.group("lead") is not None
        if not has_lead:
            if len(m.group("letters")) != 2:
                continue  # a lone consonant and a number is too common ("ม 5")
            before = folded[max(0, m.start() - _CONTEXT_REACH) : m.start()]
            if not (m.group("province") or m.group("sep") == "-" or _CONTEXT_RE.search(before)):
                continue
        yield Finding("licence_plate", m.start(), m.end(), text[m.start() : m.end()])
