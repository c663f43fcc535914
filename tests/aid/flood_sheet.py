"""A made-up (synthetic) 200-row Thai flood spreadsheet for Chiang Mai, written the way real ones are.

Nothing here is real: names, phones and house numbers are drawn from a fixed seed. What is
realistic is the mess: a title row above the header, headers with variants ("ชื่อ-สกุล",
"เบอร์โทรศัพท์", "ต้องการความช่วยเหลือ"), several needs in one cell, urgency as words
(ด่วนมาก, ด่วน, ปกติ), phones as 081-234-5678, +66 81 234 5678, 0812345678 stored as a number,
two numbers in one cell, Thai digits, "ต." prefixes on subdistricts, and a few rows no one
could serve (no place we know, no way to reach the person).
"""

from __future__ import annotations

import csv
import io
import random

TITLE = "รายชื่อผู้ประสบอุทกภัย จ.เชียงใหม่ (ข้อมูลสมมติสำหรับทดสอบ)"
HEADER = ["ลำดับ", "ชื่อ-สกุล", "เบอร์โทรศัพท์", "บ้านเลขที่", "หมู่", "ต.", "อำเภอ", "จังหวัด",
          "ต้องการความช่วยเหลือ", "ความเร่งด่วน", "จำนวนคน", "หมายเหตุ", "ยินยอมให้อาสาเห็นเบอร์"]

# Subdistricts along the Ping and its tributaries that flood (real names, made-up households).
PLACES = [
    ("ป่าแดด", "เมืองเชียงใหม่"), ("หนองหอย", "เมืองเชียงใหม่"), ("วัดเกต", "เมืองเชียงใหม่"),
    ("ช้างคลาน", "เมืองเชียงใหม่"), ("ฟ้าฮ่าม", "เมืองเชียงใหม่"), ("ท่าศาลา", "เมืองเชียงใหม่"),
    ("หนองผึ้ง", "สารภี"), ("ยางเนิ้ง", "สารภี"), ("ท่าวังตาล", "สารภี"),
    ("ป่าไผ่", "สันทราย"), ("สันนาเม็ง", "สันทราย"), ("ริมเหนือ", "แม่ริม"), ("ริมใต้", "แม่ริม"),
]
FIRST = ["สมศรี", "สมชาย", "บุญมี", "คำปัน", "ศรีนวล", "จันทร์ทิพย์", "ประเสริฐ", "อำพร", "แก้ว", "บัวผัน",
         "ทองดี", "มาลี", "สุพัตรา", "วิชัย", "นงลักษณ์", "อินทร์", "ผ่องศรี", "เรณู", "สุริยา", "บุญเรือง"]
LAST = ["ใจดี", "แสงคำ", "อินต๊ะ", "ปัญญาวงค์", "คำมูล", "ศรีวิชัย", "ยาวิลาศ", "กันทะวงค์", "ตาคำ", "จันทร์แก้ว"]
TITLES = ["นาย", "นาง", "นางสาว", "", "ป้า", "ลุง"]
NEEDS = ["น้ำดื่ม", "ถุงยังชีพ", "น้ำดื่ม, ถุงยังชีพ", "อพยพ", "เรือ", "อพยพ ผู้ป่วยติดเตียง", "ยาประจำตัว",
         "ข้าวกล่อง 3 มื้อ", "ผู้ป่วยติดเตียง ต้องย้ายไปโรงพยาบาล", "ผ้าห่ม ผ้าอ้อมเด็ก", "ต้องการเรือออกมา", "ส่งโรงพยาบาล", "ยาเบาหวานหมด",
         "น้ำเปล่า อาหารแห้ง", "ช่วยขนย้ายของ", ""]
URGENCY = ["ด่วนมาก", "ด่วน", "ปกติ", "ด่วนมาก!!", "ปานกลาง", "", "3", "ด่วนที่สุด"]
NOTES = ["ยายอายุ 85 เดินไม่ได้", "มีเด็กเล็ก 2 คน", "น้ำท่วมถึงอก", "", "", "ติดต่อลูกสาวแทน", "บ้านชั้นเดียว",
         "ผู้สูงอายุอยู่คนเดียว", "มีสุนัข 3 ตัว"]

# Rows no one could serve, at fixed lines (the header is line 2, so data starts at line 3).
UNKNOWN_PLACE_LINES = {40, 120}  # a subdistrict and district no gazetteer knows, and no pin
NO_CONTACT_LINES = {77}  # no phone, no house number, no pin


def _phone(rng: random.Random, i: int) -> str:
    n = f"08{rng.randint(1, 9)}{rng.randint(0, 9999999):07d}"
    style = i % 7
    if style == 0:
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    if style == 1:
        return f"+66 {n[1:3]} {n[3:6]} {n[6:]}"
    if style == 2:
        return n[1:]  # saved as a number: the 0 is gone
    if style == 3:
        return f"{n[:3]}-{n[3:6]}-{n[6:]} / 09{rng.randint(0, 99999999):08d}"
    if style == 4:
        return n.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    if style == 5:
        return f"66{n[1:]}"
    return n


def rows(n: int = 200, seed: int = 2026) -> list[list[str]]:
    rng = random.Random(seed)
    out = [[TITLE] + [""] * (len(HEADER) - 1), HEADER]
    for i in range(n):
        line = i + 3
        sub, dist = PLACES[i % len(PLACES)]
        name = f"{rng.choice(TITLES)}{rng.choice(FIRST)} {rng.choice(LAST)}".strip()
        row = [str(i + 1), name, _phone(rng, i), f"{rng.randint(1, 300)}/{rng.randint(1, 9)}",
               str(rng.randint(1, 12)), ("ต." if i % 3 == 0 else "") + sub, dist,
               "เชียงใหม่" if i % 5 else "จ.เชียงใหม่", rng.choice(NEEDS), rng.choice(URGENCY),
               rng.choice(["1", "2", "3", "4 คน", "5", "6", "ผู้ใหญ่ 2 เด็ก 1", ""]), rng.choice(NOTES),
               "" if i % 4 == 3 else "ยินยอม"]
        if line in UNKNOWN_PLACE_LINES:
            row[5], row[6] = "บ้านไม่มีจริง", "อำเภอสมมติ"
        if line in NO_CONTACT_LINES:
            row[2], row[3], row[4] = "", "", ""
        out.append(row)
    return out


def csv_bytes(n: int = 200) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows(n))
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(n: int = 200) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r in rows(n):
        # Phones saved as numbers, as Excel does when someone types them in.
        sheet.append([int(c) if j == 2 and c.isdigit() else c for j, c in enumerate(r)])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


REFUSED_LINES = UNKNOWN_PLACE_LINES | NO_CONTACT_LINES
