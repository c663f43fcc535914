"""Fill Thai translations into phalang/locale/th/LC_MESSAGES/django.po and compile the .mo.

Run after `make messages` has added new msgids. Thai wording follows docs/glossary.md.
The .mo is committed so a fresh machine needs no GNU gettext.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "phalang" / "locale" / "th" / "LC_MESSAGES" / "django.po"

TH: dict[str | tuple[str, str], str | list[str]] = {
    "What we keep":
        "สิ่งที่เราเก็บ",
    "What you wrote and the files you attached. Hidden data in photos, such as the GPS position, is removed before anything is published.":
        "เรื่องที่คุณเล่าและไฟล์ที่แนบ ข้อมูลซ่อนในรูป เช่น พิกัด GPS จะถูกลบก่อนเผยแพร่",
    "We keep no IP address and no browser data of yours.":
        "เราไม่เก็บที่อยู่ IP หรือข้อมูลเบราว์เซอร์ของคุณ",
    "We do not keep your receipt, only a fingerprint of it.":
        "เราไม่เก็บรหัสติดตามของคุณ เก็บเพียงลายนิ้วมือดิจิทัลของรหัส",
    "Your contact is encrypted: only moderators of the organisation handling your report can see it.":
        "ช่องทางติดต่อของคุณถูกเข้ารหัส เห็นได้เฉพาะผู้ตรวจสอบเรื่องขององค์กรที่รับเรื่องของคุณ",
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

# Watch (reports, moderation, public board)
TH.update({
    "All provinces": "ทุกจังหวัด",
    "Tap the map to place a pin": "แตะแผนที่เพื่อปักหมุด",
    "Moderation queue": "คิวคัดกรองเรื่อง",
    "Too many wrong codes. Wait a few seconds, then try the newest code.": "ใส่รหัสผิดหลายครั้ง กรุณารอสักครู่แล้วใช้รหัสล่าสุด",
    "Public status board": "กระดานสถานะสาธารณะ",
    "Category": "ประเภท",
    "All categories": "ทุกประเภท",
    "Status": "สถานะ",
    "Any status": "ทุกสถานะ",
    "Period": "ช่วงเวลา",
    "All time": "ทั้งหมด",
    "days": "วัน",
    "year": "ปี",
    "Filter": "กรอง",
    "%(n)s report": ["%(n)s เรื่อง"],
    "Map of the reports": "แผนที่เรื่องที่แจ้ง",
    "No published reports match.": "ไม่มีเรื่องที่เผยแพร่ตรงกับเงื่อนไข",
    "More": "ดูเพิ่ม",
    "Signed public log": "บันทึกสาธารณะที่ลงนามแล้ว",
    "How fast partners respond": "ความเร็วในการตอบสนองของภาคี",
    "Case": "เรื่อง",
    "Received": "ได้รับเรื่องแล้ว",
    "Public page": "หน้าสาธารณะ",
    "happened on": "เกิดเหตุเมื่อ",
    "project": "โครงการ",
    "Confidential contact": "ช่องทางติดต่อ (ลับ)",
    "Original text (private)": "ข้อความต้นฉบับ (ไม่เปิดเผย)",
    "Public text": "ข้อความสาธารณะ",
    "%(n)s piece of personal data was hidden automatically; check it.": ["ระบบซ่อนข้อมูลส่วนบุคคลอัตโนมัติ %(n)s จุด กรุณาตรวจสอบ"],
    "Publish file": "เผยแพร่ไฟล์",
    "Show the exact point (default: subdistrict centre)": "แสดงตำแหน่งจริง (ค่าเริ่มต้น: จุดกึ่งกลางตำบล)",
    "Update public page": "ปรับปรุงหน้าสาธารณะ",
    "Publish": "เผยแพร่",
    "Reason": "เหตุผล",
    "Unpublish": "หยุดเผยแพร่",
    "Change status": "เปลี่ยนสถานะ",
    "New status": "สถานะใหม่",
    "Reason (shown on the public timeline)": "เหตุผล (แสดงในลำดับเหตุการณ์สาธารณะ)",
    "Save status": "บันทึกสถานะ",
    "Why reopen?": "เหตุผลที่เปิดเรื่องใหม่",
    "Reopen": "เปิดเรื่องใหม่",
    "Message the reporter": "ส่งข้อความถึงผู้แจ้ง",
    "They see it on their channel or with their receipt. They stay anonymous to you.": "ผู้แจ้งจะเห็นข้อความทางช่องทางของตนหรือด้วยรหัสติดตาม และยังคงไม่เปิดเผยตัวตนต่อคุณ",
    "Message": "ข้อความ",
    "Send": "ส่ง",
    "Ask for information (needs info)": "ขอข้อมูลเพิ่มเติม (รอข้อมูล)",
    "Reporter": "ผู้แจ้ง",
    "Evidence": "หลักฐาน",
    "published": "เผยแพร่แล้ว",
    "original (logged)": "ต้นฉบับ (มีการบันทึกการเปิดดู)",
    "Blur areas: one x,y,width,height per line, as fractions 0-1 of the picture": "พื้นที่ที่จะเบลอ: บรรทัดละ x,y,กว้าง,สูง เป็นสัดส่วน 0-1 ของภาพ",
    "Apply blur": "เบลอภาพ",
    "Assignment": "ผู้รับผิดชอบ",
    "Assignee": "ผู้รับผิดชอบ",
    "Assign": "มอบหมาย",
    "Forward": "ส่งต่อ",
    "Organisations": "องค์กร",
    "Note (public)": "หมายเหตุ (สาธารณะ)",
    "Note": "หมายเหตุ",
    "Forwarded to": "ส่งต่อถึง",
    "Possible duplicates": "เรื่องที่อาจซ้ำกัน",
    "Merge this report into it": "รวมเรื่องนี้เข้ากับเรื่องนั้น",
    "Timeline": "ลำดับเหตุการณ์",
    "internal": "ภายใน",
    "File a report for a citizen": "แจ้งเรื่องแทนประชาชน",
    "Routing rules": "กฎการส่งเรื่อง",
    "Open cases": "เรื่องที่ยังเปิดอยู่",
    "Channel": "ช่องทาง",
    "All channels": "ทุกช่องทาง",
    "Age": "อายุเรื่อง",
    "Any age": "ทุกอายุ",
    "Anyone": "ทุกคน",
    "Assigned to me": "มอบหมายให้ฉัน",
    "Unassigned": "ยังไม่มีผู้รับผิดชอบ",
    "Where": "สถานที่",
    "Select": "เลือก",
    "Nothing here.": "ไม่มีรายการ",
    "Mark selected as spam": "ทำเครื่องหมายว่าเป็นสแปม",
    "New reports go to the organisations of the most specific matching rule (district, then province, then anywhere).": "เรื่องใหม่จะส่งไปยังองค์กรตามกฎที่ตรงที่สุด (อำเภอ แล้วจังหวัด แล้วทุกพื้นที่)",
    "Delete": "ลบ",
    "Add a rule": "เพิ่มกฎ",
    "Any category": "ทุกประเภท",
    "Anywhere": "ทุกพื้นที่",
    "Save": "บันทึก",
    "Organisation": "องค์กร",
    "Cases forwarded": "เรื่องที่ได้รับ",
    "Median days to first response": "มัธยฐานจำนวนวันถึงการตอบครั้งแรก",
    "Oldest unanswered (days)": "เรื่องที่ค้างตอบนานที่สุด (วัน)",
    "Resolved": "แก้ไขแล้ว",
    "No case has been forwarded yet.": "ยังไม่มีการส่งต่อเรื่อง",
    "Handled by": "ผู้รับผิดชอบ",
    "Related procurement and budget projects": "โครงการจัดซื้อจัดจ้างและงบประมาณที่เกี่ยวข้อง",
    "Me too": "ฉันก็เจอ",
    "Report received": "ได้รับเรื่องแล้ว",
    "This is your receipt. It is shown only once: write it down or take a screenshot now.": "นี่คือรหัสติดตามของคุณ ซึ่งจะแสดงเพียงครั้งเดียว กรุณาจดหรือบันทึกภาพหน้าจอไว้ตอนนี้",
    "Receipt": "รหัสติดตาม",
    "Use it on this website, on LINE or Telegram (ติดตามเรื่อง), or by SMS (สถานะ followed by the receipt) to check the status, add information and answer questions.": "ใช้รหัสนี้บนเว็บไซต์นี้ ใน LINE หรือ Telegram (เมนู ติดตามเรื่อง) หรือทาง SMS (พิมพ์ สถานะ ตามด้วยรหัส) เพื่อดูสถานะ เพิ่มข้อมูล และตอบคำถามเจ้าหน้าที่",
    "Anyone with the receipt can read the conversation about this report: keep it private.": "ใครที่มีรหัสนี้จะอ่านบทสนทนาเกี่ยวกับเรื่องนี้ได้ โปรดเก็บเป็นความลับ",
    "We cannot recover a lost receipt: we only keep a fingerprint of it.": "หากรหัสหาย เราไม่สามารถกู้คืนให้ได้ เพราะเราเก็บเพียงลายนิ้วมือดิจิทัลของรหัส",
    "Follow up a report": "ติดตามเรื่อง",
    "Report a problem": "แจ้งเรื่อง",
    "You do not need an account. We do not record your IP address or your device. After sending you get a receipt: keep it to follow up, add information or answer questions.": "ไม่ต้องมีบัญชี เราไม่บันทึกหมายเลข IP หรืออุปกรณ์ของคุณ เมื่อส่งแล้วคุณจะได้รับรหัสติดตาม เก็บไว้เพื่อติดตามเรื่อง เพิ่มข้อมูล หรือตอบคำถาม",
    "Where?": "เกิดขึ้นที่ไหน?",
    "Use my location": "ใช้ตำแหน่งของฉัน",
    "We remove hidden data such as GPS location from photos before anything is published.": "เราลบข้อมูลซ่อนในรูป เช่น พิกัด GPS ก่อนเผยแพร่ทุกครั้ง",
    "Send report": "ส่งเรื่อง",
    "Thank you. Your information was added to the report.": "ขอบคุณ ข้อมูลของคุณถูกเพิ่มในเรื่องแล้ว",
    "Filed on": "แจ้งเมื่อ",
    "Conversation with the moderators": "บทสนทนากับเจ้าหน้าที่",
    "You": "คุณ",
    "No messages yet.": "ยังไม่มีข้อความ",
    "Download a signed proof of receipt": "ดาวน์โหลดหลักฐานการรับเรื่องที่ลงนามแล้ว",
    "Check status": "ตรวจสอบสถานะ",
    "Corruption or a failing public service: tell us safely, anonymously if you wish.": "การทุจริตหรือบริการสาธารณะที่บกพร่อง แจ้งได้อย่างปลอดภัย ไม่ต้องเปิดเผยตัวตนก็ได้",
    "Check the status with your receipt, add information, answer questions.": "ดูสถานะด้วยรหัสติดตาม เพิ่มข้อมูล และตอบคำถาม",
    "Every published report, where it stands, and who is handling it.": "ทุกเรื่องที่เผยแพร่ สถานะล่าสุด และใครเป็นผู้รับผิดชอบ",
    "What is it about?": "เป็นเรื่องเกี่ยวกับอะไร?",
    "What happened?": "เกิดอะไรขึ้น?",
    "Who, what, where, when. Do not write your own name unless you want it known.": "ใคร ทำอะไร ที่ไหน เมื่อไร ไม่ต้องเขียนชื่อตัวเองหากไม่ต้องการให้ผู้อื่นรู้",
    "— choose a province —": "— เลือกจังหวัด —",
    "District and subdistrict, or the address": "อำเภอและตำบล หรือที่อยู่",
    "When did it happen?": "เกิดขึ้นเมื่อไร?",
    "Related procurement or budget project id (if you know it)": "รหัสโครงการจัดซื้อจัดจ้างหรืองบประมาณที่เกี่ยวข้อง (ถ้าทราบ)",
    "Photos or documents (JPEG, PNG, WebP, PDF; up to 10 files of 20 MB)": "รูปหรือเอกสาร (JPEG, PNG, WebP, PDF ไม่เกิน 10 ไฟล์ ไฟล์ละ 20 MB)",
    "Who may know it was you?": "ใครรู้ได้บ้างว่าคุณเป็นผู้แจ้ง?",
    "How can moderators reach you? (phone, LINE id or e-mail)": "เจ้าหน้าที่ติดต่อคุณได้ทางใด? (โทรศัพท์ LINE ID หรืออีเมล)",
    "Your name (named reports only)": "ชื่อของคุณ (เฉพาะกรณีเปิดเผยชื่อ)",
    "How did the citizen reach you?": "ประชาชนติดต่อมาทางใด?",
    "Phone call": "โทรศัพท์",
    "Walk-in": "มาด้วยตนเอง",
    "Letter": "จดหมาย",
    "Other": "อื่น ๆ",
    "Your receipt": "รหัสติดตามของคุณ",
    "Add information or answer the moderator": "เพิ่มข้อมูลหรือตอบเจ้าหน้าที่",
    "More photos or documents": "รูปหรือเอกสารเพิ่มเติม",
    "Photos, documents, video or sound ({types}; up to 10 files of 20 MB)":
        "รูป เอกสาร วิดีโอ หรือเสียง ({types} ไม่เกิน 10 ไฟล์ ไฟล์ละ 20 MB)",
    "More photos, documents, video or sound": "รูป เอกสาร วิดีโอ หรือเสียงเพิ่มเติม",
    "Video": "วิดีโอ",
    "Audio": "เสียง",
    "original only, never published": "เก็บเฉพาะต้นฉบับ ไม่เผยแพร่",
    "Anonymous: no contact, a receipt only": "ไม่เปิดเผยตัวตน: ไม่ให้ช่องทางติดต่อ ใช้รหัสติดตามเท่านั้น",
    "Confidential: a contact only moderators can see": "เปิดเผยเฉพาะเจ้าหน้าที่: ให้ช่องทางติดต่อที่เฉพาะผู้ตรวจสอบเห็น",
    "Named": "เปิดเผยชื่อ",
    "Web": "เว็บไซต์",
    "API": "API",
    "Staff entry (phone or walk-in)": "เจ้าหน้าที่บันทึกแทน (โทรศัพท์หรือมาด้วยตนเอง)",
    "Screening": "กำลังคัดกรอง",
    "Needs information": "รอข้อมูลเพิ่มเติม",
    "Verified": "ตรวจสอบแล้ว",
    "Forwarded": "ส่งต่อแล้ว",
    "In progress": "กำลังดำเนินการ",
    "Closed: unfounded": "ปิดเรื่อง: ไม่มีมูล",
    "Closed: duplicate": "ปิดเรื่อง: ซ้ำ",
    "Rejected: spam": "ปฏิเสธ: สแปม",
    "To the reporter": "ถึงผู้แจ้ง",
    "From the reporter": "จากผู้แจ้ง",
    "%(n)s reports marked as spam.": "ทำเครื่องหมายสแปมแล้ว %(n)s เรื่อง",
    "Choose a report you can see to merge into.": "กรุณาเลือกเรื่องที่คุณเข้าถึงได้เพื่อรวมเข้าด้วยกัน",
    "Unknown action.": "ไม่รู้จักคำสั่งนี้",
    "Done.": "เรียบร้อยแล้ว",
    "Too many wrong receipts. Wait 15 minutes and try again.": "ใส่รหัสติดตามผิดหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่",
    "No report has this receipt. Check the digits and try again.": "ไม่พบเรื่องที่ใช้รหัสนี้ กรุณาตรวจสอบตัวเลขแล้วลองใหม่",
})


# Watch: a case followed to its end (receipt page, fix confirmation, internal notes, dossier)
TH.update({
    "This is your receipt. Write it down, copy it or take a screenshot now: after a few minutes, or when you tap “I have saved it”, this page no longer shows it.":
        "นี่คือรหัสติดตามของคุณ กรุณาจดไว้ คัดลอก หรือถ่ายภาพหน้าจอตอนนี้ เมื่อผ่านไปไม่กี่นาที หรือเมื่อคุณแตะ “บันทึกไว้แล้ว” หน้านี้จะไม่แสดงรหัสอีก",
    "Copy the receipt": "คัดลอกรหัสติดตาม",
    "Copied": "คัดลอกแล้ว",
    "I have saved it": "บันทึกไว้แล้ว",
    "No receipt is shown here: it is shown only for a few minutes, in the browser that sent the report.":
        "ไม่มีรหัสติดตามแสดงที่นี่ รหัสจะแสดงเพียงไม่กี่นาที และเฉพาะในเบราว์เซอร์ที่ส่งเรื่องเท่านั้น",
    ("deep link", "Send in LINE"): "ส่งทาง LINE",
    "Follow this case in the chat: the link opens it there for the next 15 minutes, without your receipt.":
        "ติดตามเรื่องนี้ในแชต: ลิงก์นี้เปิดเรื่องนี้ในแชตได้ภายใน 15 นาที โดยไม่ต้องใช้รหัสติดตามของคุณ",
    ("deep link", "Open in Telegram"): "เปิดใน Telegram",
    ("watch fix answer", "Fixed: the reporter confirmed it"): "แก้ไขแล้ว: ผู้แจ้งยืนยัน",
    ("watch fix answer", "Not fixed: the reporter disputed it"): "ยังไม่ได้แก้ไข: ผู้แจ้งโต้แย้ง",
    "When an organisation marks a case resolved, the reporter is asked whether it was really fixed. “Fix confirmed” and “Fix disputed” are shares of the answers.":
        "เมื่อองค์กรแจ้งว่าแก้ไขเรื่องแล้ว ผู้แจ้งจะถูกถามว่าแก้ไขแล้วจริงไหม “ยืนยันว่าแก้แล้ว” และ “โต้แย้งว่ายังไม่แก้” คือสัดส่วนจากคำตอบเหล่านั้น",
    "Fix confirmed": "ยืนยันว่าแก้แล้ว",
    "Fix disputed": "โต้แย้งว่ายังไม่แก้",
    "%(n)s answers": "%(n)s คำตอบ",
    "Yes, it is fixed": "ใช่ แก้ไขแล้ว",
    "No, it is not fixed": "ไม่ ยังไม่ได้แก้ไข",
    "A photo of how it is now (optional)": "รูปถ่ายสภาพตอนนี้ (ไม่บังคับ)",
    "Thank you for confirming the fix.": "ขอบคุณที่ยืนยันว่าแก้ไขแล้ว",
    "Thank you. The case is open again and the agency has been told it is not fixed.":
        "ขอบคุณ เรื่องนี้ถูกเปิดอีกครั้ง และแจ้งหน่วยงานแล้วว่ายังไม่ได้แก้ไข",
    "Was it really fixed?": "แก้ไขแล้วจริงไหม?",
    "Internal notes": "บันทึกภายใน",
    "For moderators and partner staff on this case only: never public, never shown to the reporter.":
        "สำหรับผู้ตรวจสอบเรื่องและเจ้าหน้าที่ภาคีที่ดูแลเรื่องนี้เท่านั้น ไม่เปิดเผยต่อสาธารณะ และไม่แสดงให้ผู้แจ้งเห็น",
    "my organisation only": "เฉพาะองค์กรของฉัน",
    "Internal note": "บันทึกภายใน",
    "Only my organisation may read it": "ให้เฉพาะองค์กรของฉันอ่านได้",
    "Add note": "เพิ่มบันทึก",
    "Me too: this is my problem as well": "ฉันก็เจอปัญหานี้เหมือนกัน",
    "See the case": "ดูเรื่องนี้",
    "Already reported nearby?": "มีคนแจ้งเรื่องนี้ในละแวกนี้แล้วหรือยัง?",
    "If one of these is your problem, press “me too” instead of sending a new report: it counts, and the case is followed up all the same.":
        "ถ้าเรื่องใดต่อไปนี้คือปัญหาของคุณ กด “ฉันก็เจอปัญหานี้เหมือนกัน” แทนการแจ้งเรื่องใหม่ได้ ระบบจะนับเสียงของคุณ และเรื่องนั้นยังได้รับการติดตามเหมือนเดิม",
    "Drag on the picture to mark each area to blur, then apply.": "ลากบนรูปเพื่อกำหนดบริเวณที่จะเบลอ แล้วกดใช้การเบลอ",
    "Download the case dossier (PDF and evidence, signed)": "ดาวน์โหลดแฟ้มคดี (PDF และหลักฐาน พร้อมลายเซ็น)",
    "The agency says this case is resolved. Tell us whether it really is: your answer is counted on the public page of how agencies respond.":
        "หน่วยงานแจ้งว่าเรื่องนี้แก้ไขแล้ว บอกเราว่าแก้ไขจริงหรือไม่ คำตอบของคุณจะถูกนับในหน้าสาธารณะที่แสดงการตอบสนองของหน่วยงาน",
    "Boundaries: Natural Earth; district borders approximate":
        "ขอบเขต: Natural Earth · เส้นแบ่งอำเภอเป็นค่าประมาณ",
    ("forward form", "No internal note is shared: the organisation will read none of them."):
        "ไม่มีบันทึกภายในที่จะให้องค์กรที่ได้รับเรื่องอ่านได้",
    ("forward form", "%(n)s internal note, marked shared, will be readable by the organisation."):
        "บันทึกภายใน %(n)s รายการจะให้องค์กรที่ได้รับเรื่องอ่านได้ (เฉพาะที่เลือกแบ่งปันไว้)",
    ("internal note", "shared with the organisations on this case"): "แบ่งปันกับองค์กรที่ดูแลเรื่องนี้",
    ("internal note", "Share this note with the organisations the case is forwarded to (otherwise only my organisation reads it)"):
        "แบ่งปันบันทึกนี้กับองค์กรที่ได้รับเรื่องต่อ (ถ้าไม่เลือก จะอ่านได้เฉพาะองค์กรของฉัน)",
})


def main() -> int:
    po = polib.pofile(str(PO))
    po.metadata["Language"] = "th"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in po:
        # A label with a message context is keyed (context, msgid): one msgid, one meaning.
        th = TH.get((entry.msgctxt, entry.msgid)) if entry.msgctxt else TH.get(entry.msgid)
        if th is None:
            # makemessages guesses "fuzzy" translations from similar strings: never trust them.
            if "fuzzy" in entry.flags or (not entry.msgstr and not entry.msgstr_plural.get(0)):
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
