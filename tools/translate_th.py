"""Fill Thai translations into phalang/locale/th/LC_MESSAGES/django.po and compile the .mo.

Run after `make messages` has added new msgids. Thai wording follows docs/glossary.md.
The .mo is committed so a fresh machine needs no GNU gettext.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "phalang" / "locale" / "th" / "LC_MESSAGES" / "django.po"

TH: dict[str, str | list[str]] = {
    "6-digit code from your authenticator app": "รหัส 6 หลักจากแอปยืนยันตัวตน",
    "Enter all 6 digits.": "กรุณากรอกให้ครบ 6 หลัก",
    "Enter 6 digits only.": "กรอกได้ 6 หลักเท่านั้น",
    "The code has digits only.": "รหัสมีแต่ตัวเลขเท่านั้น",
    "Two-factor check passed.": "ยืนยันตัวตนสองขั้นตอนสำเร็จ",
    "That code is not right, or it has expired. Try the newest one.":
        "รหัสไม่ถูกต้องหรือหมดอายุแล้ว กรุณาใช้รหัสล่าสุด",
    "Civil society": "ภาคประชาสังคม",
    "Media": "สื่อมวลชน",
    "Academia": "สถาบันวิชาการ",
    "Government agency": "หน่วยงานรัฐ",
    "Volunteer group": "กลุ่มอาสาสมัคร",
    "Political party": "พรรคการเมือง",
    "Private sector": "ภาคเอกชน",
    "name (Thai)": "ชื่อ (ภาษาไทย)",
    "name (English)": "ชื่อ (ภาษาอังกฤษ)",
    "Administrator": "ผู้ดูแล",
    "Moderator": "ผู้ตรวจสอบเรื่อง",
    "Coordinator": "ผู้ประสานงาน",
    "Partner staff": "เจ้าหน้าที่ภาคี",
    "Volunteer": "อาสาสมัคร",
    "No place in the gazetteer matches that text.": "ไม่พบสถานที่ที่ตรงกับข้อความนี้ในฐานข้อมูลสถานที่",
    "Latitude and longitude must be numbers, for example 13.6 and 100.7.":
        "ละติจูดและลองจิจูดต้องเป็นตัวเลข เช่น 13.6 และ 100.7",
    "No subdistrict within 50 km of that point.": "ไม่พบตำบลในรัศมี 50 กิโลเมตรจากจุดนี้",
    "Too many attempts": "พยายามเข้าสู่ระบบหลายครั้งเกินไป",
    "This account is locked for a while after too many wrong passwords. Try again in 15 minutes, or ask your organisation's administrator.":
        "บัญชีนี้ถูกล็อกชั่วคราวเพราะใส่รหัสผ่านผิดหลายครั้ง กรุณาลองใหม่ใน 15 นาที หรือติดต่อผู้ดูแลขององค์กร",
    "Staff login": "เข้าสู่ระบบสำหรับเจ้าหน้าที่",
    "For partner staff, moderators, coordinators and volunteers. Citizens do not need an account to report or ask for help.":
        "สำหรับเจ้าหน้าที่ภาคี ผู้ตรวจสอบเรื่อง ผู้ประสานงาน และอาสาสมัคร ประชาชนไม่ต้องมีบัญชีเพื่อแจ้งเรื่องหรือขอความช่วยเหลือ",
    "Username": "ชื่อผู้ใช้",
    "Password": "รหัสผ่าน",
    "Log in": "เข้าสู่ระบบ",
    "Two-factor check": "ยืนยันตัวตนสองขั้นตอน",
    "Your role handles sensitive information, so it needs a second factor. Scan this code with an authenticator app (for example Google Authenticator, Microsoft Authenticator or Aegis), then type the 6-digit code it shows.":
        "บทบาทของคุณเข้าถึงข้อมูลอ่อนไหว จึงต้องยืนยันตัวตนขั้นที่สอง สแกนรหัสนี้ด้วยแอปยืนยันตัวตน (เช่น Google Authenticator, Microsoft Authenticator หรือ Aegis) แล้วกรอกรหัส 6 หลักที่แอปแสดง",
    "QR code for your authenticator app": "คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน",
    "Or type this key into the app:": "หรือพิมพ์คีย์นี้ลงในแอป:",
    "Type the 6-digit code from your authenticator app.": "กรอกรหัส 6 หลักจากแอปยืนยันตัวตน",
    "Verify": "ยืนยัน",
    "Phalang": "พลัง",
    "Skip to content": "ข้ามไปยังเนื้อหา",
    "DEMO site: every organisation, person and case here is made up.":
        "เว็บไซต์ตัวอย่าง: องค์กร บุคคล และเรื่องทั้งหมดในนี้สมมติขึ้น",
    "Log out": "ออกจากระบบ",
    "Phalang is open-source software for accountable citizen action.":
        "พลังเป็นซอฟต์แวร์โอเพนซอร์สเพื่อการลงมือของพลเมืองที่ตรวจสอบได้",
    "Turn citizen energy into accountable action": "เปลี่ยนพลังพลเมืองเป็นการลงมือที่ตรวจสอบได้",
    "Report corruption and failing public services safely, follow open procurement data, organise mutual aid, and find common ground.":
        "แจ้งเบาะแสการทุจริตและปัญหาบริการสาธารณะอย่างปลอดภัย ติดตามข้อมูลจัดซื้อจัดจ้างแบบเปิด จัดการความช่วยเหลือซึ่งกันและกัน และหาจุดร่วมเพื่อร่วมมือกัน",
    "What you can do here": "สิ่งที่คุณทำได้ที่นี่",
    "Find a place": "ค้นหาสถานที่",
    "Look up a province, district or subdistrict by address or by coordinates.":
        "ค้นหาจังหวัด อำเภอ หรือตำบล จากที่อยู่หรือพิกัด",
    "Open API": "API แบบเปิด",
    "Everything public here is also available as JSON for researchers and integrators.":
        "ข้อมูลสาธารณะทุกอย่างที่นี่มีให้ในรูปแบบ JSON สำหรับนักวิจัยและนักพัฒนา",
    "Today is": "วันนี้",
    "The gazetteer holds %(n)s province with its districts and subdistricts.":
        ["ฐานข้อมูลสถานที่มี %(n)s จังหวัด พร้อมอำเภอและตำบล"],
    "Address in Thai": "ที่อยู่ (ภาษาไทย)",
    "Search": "ค้นหา",
    "Or by coordinates": "หรือค้นจากพิกัด",
    "Latitude": "ละติจูด",
    "Longitude": "ลองจิจูด",
    "Nearest subdistrict": "ตำบลที่ใกล้ที่สุด",
    "Subdistrict": "ตำบล/แขวง",
    "District": "อำเภอ/เขต",
    "Province": "จังหวัด",
    "Distance to its centre": "ระยะห่างจากจุดศูนย์กลางตำบล",
    "km": "กม.",
}


def main() -> int:
    po = polib.pofile(str(PO))
    po.metadata["Language"] = "th"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in po:
        th = TH.get(entry.msgid)
        if th is None:
            if not entry.msgstr and not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: th[0] if isinstance(th, list) else th}
        else:
            entry.msgstr = th if isinstance(th, str) else th[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for m in missing:
        print("untranslated:", m, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
