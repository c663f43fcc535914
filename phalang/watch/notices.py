"""What a reporter is told about what Phalang keeps, in plain Thai, on every channel.

One place for these sentences, so that the chat, SMS and web say the same thing, and so that
they change with the rules they describe: the reply address is deleted when the case closes
(workflow.change_status), message bodies once sent (channels/outbox.py), and only a keyed hash
of the receipt is stored (receipts.py). Pure text: the chat dialog imports it without Django.
"""

from __future__ import annotations

from typing import NamedTuple


class Notice(NamedTuple):
    """One sentence in Thai, and the same in English for the English web page."""

    th: str
    en: str


# How long the story is kept: with the receipt, on every channel. Nothing deletes a report's
# text or files when the case closes (they are the case's record); the public board shows only
# the text moderators checked and photos stripped of hidden data (watch/evidence.py).
STORY_KEPT = Notice(
    "เรื่องที่เล่าและไฟล์ที่แนบ เก็บไว้เป็นบันทึกของเรื่องต่อไปแม้ปิดเรื่องแล้ว "
    "(ลบข้อมูลซ่อนในรูป เช่น พิกัด ก่อนเผยแพร่)",
    "What you told us and the files you attached are kept as the case's record, also after it closes "
    "(hidden data in photos, such as the GPS position, is removed before anything is published).")

# The reply address, as each channel keeps it (workflow.forget_reporter, purge.py).
# A resolved case keeps it until the reporter answers "แก้ไขแล้วจริงไหม?" or the question expires.
CHAT_REPLY_KEPT = Notice(
    "รหัสบัญชีแชตของคุณเก็บแบบเข้ารหัสเพื่อส่งความคืบหน้าเท่านั้น และลบเมื่อปิดเรื่อง "
    "(ถ้าหน่วยงานแจ้งว่าแก้ไขแล้ว จะลบเมื่อคุณยืนยันว่าแก้ไขแล้วจริง หรือเมื่อคำถามนี้หมดเวลาตอบ)",
    "Your chat account id is kept encrypted, only to send you news of the case, and deleted when it closes "
    "(when an agency says it is fixed: once you confirm the fix, or when the question expires).")
# A web report has no reply address: news waits on the status page, read with the receipt.
WEB_NO_REPLY = Notice(
    "ไม่มีที่อยู่ตอบกลับ: เราไม่ส่งข้อความหาคุณ ดูความคืบหน้าได้ด้วยรหัสติดตามที่หน้าติดตามเรื่อง",
    "No reply address: we send you nothing; follow the case with your receipt on the follow-up page.")
# The contact a confidential or named web report gives (contact_enc): encrypted and kept with the
# case, then erased when the case has been closed for the PDPA retention period (watch/purge.py).
def web_contact_kept() -> Notice:
    from phalang.lib import conf

    days = conf.phalang("PDPA_RETENTION_DAYS")
    return Notice(
        "ช่องทางติดต่อที่ให้ไว้เก็บแบบเข้ารหัสไว้กับเรื่อง เฉพาะผู้ดูแลขององค์กรที่รับเรื่องเปิดดูได้ "
        f"และลบทิ้งเมื่อปิดเรื่องครบ {days} วัน",
        "The contact you gave is kept encrypted with the case: only moderators of the organisation handling "
        f"it can see it, and it is erased {days} days after the case closes.")


# At the start of a LINE or Telegram report, before the first question.
CHAT_START = ("ไม่เปิดเผยตัวตน: เรื่องที่แจ้งจะไม่มีชื่อหรือบัญชีของคุณ "
              "เราเก็บเพียงรหัสบัญชีแชตของคุณแบบเข้ารหัส เพื่อส่งความคืบหน้าให้คุณ และลบทิ้งเมื่อปิดเรื่อง")

# With the receipt, in the chat.
CHAT_RECEIPT = (f"สิ่งที่เราเก็บ: {STORY_KEPT.th} {CHAT_REPLY_KEPT.th} "
                "ข้อความที่เราส่งถึงคุณถูกลบจากระบบหลังส่ง และเราไม่เก็บรหัสติดตาม "
                "ถ้ากลัวคนอื่นเห็น ให้ลบแชตนี้หลังจดรหัสไว้")

# With the receipt, by SMS (short: every 70 Thai characters is one more SMS part).
SMS_RECEIPT = "เราเก็บเบอร์นี้แบบเข้ารหัสเพื่อแจ้งความคืบหน้า และลบเมื่อปิดเรื่อง ไม่เก็บรหัสติดตาม"

# Who wrote to the reporter (watch.workflow.message_reporter, actions.status_view): the platform's
# moderators, or by name a partner organisation the case was forwarded to, which must never pass
# for a moderator.
MODERATOR_SENDER = Notice("ผู้ตรวจสอบเรื่องของพลัง", "Phalang moderator")
PARTNER_SENDER = Notice("{organisation} (หน่วยงานที่ได้รับเรื่อง)",
                        "{organisation} (organisation the case was forwarded to)")
# With every partner message, on every channel.
PARTNER_WARNING = Notice(
    "ข้อควรระวัง: หน่วยงานอื่นนอกจากผู้ตรวจสอบเรื่องของพลังไม่จำเป็นต้องรู้ชื่อหรือเบอร์โทรของคุณ "
    "เว้นแต่คุณเลือกเปิดเผยเอง ไม่ต้องให้ถ้าคุณไม่ต้องการ",
    "Careful: organisations other than Phalang's moderators never need your name or phone number unless "
    "you chose to share it. Do not give them if you do not want to.")


def sender(partner: str | None, language: str = "th") -> str:
    """The sender of a message to the reporter: the moderators, or the named partner organisation."""
    notice = PARTNER_SENDER if partner else MODERATOR_SENDER
    text = notice.en if language == "en" else notice.th
    return text.format(organisation=partner) if partner else text


def partner_warning(language: str = "th") -> str:
    return PARTNER_WARNING.en if language == "en" else PARTNER_WARNING.th
