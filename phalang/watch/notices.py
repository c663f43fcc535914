"""What a reporter is told about what Phalang keeps, in plain Thai, on every channel.

One place for these sentences, so that the chat, SMS and web say the same thing, and so that
they change with the rules they describe: the reply address is deleted when the case closes
(workflow.change_status), message bodies once sent (channels/outbox.py), and only a keyed hash
of the receipt is stored (receipts.py). Pure text: the chat dialog imports it without Django.
"""

from __future__ import annotations

# At the start of a LINE or Telegram report, before the first question.
CHAT_START = ("ไม่เปิดเผยตัวตน: เรื่องที่แจ้งจะไม่มีชื่อหรือบัญชีของคุณ "
              "เราเก็บเพียงรหัสบัญชีแชตของคุณแบบเข้ารหัส เพื่อส่งความคืบหน้าให้คุณ และลบทิ้งเมื่อปิดเรื่อง")

# With the receipt, in the chat.
CHAT_RECEIPT = ("สิ่งที่เราเก็บ: เรื่องที่เล่าและรูป (ลบข้อมูลซ่อนในรูป เช่น พิกัด ก่อนเผยแพร่) "
                "และรหัสบัญชีแชตแบบเข้ารหัสเพื่อส่งความคืบหน้า ซึ่งจะลบเมื่อปิดเรื่อง "
                "ข้อความที่เราส่งถึงคุณถูกลบจากระบบหลังส่ง และเราไม่เก็บรหัสติดตาม "
                "ถ้ากลัวคนอื่นเห็น ให้ลบแชตนี้หลังจดรหัสไว้")

# With the receipt, by SMS (short: every 70 Thai characters is one more SMS part).
SMS_RECEIPT = "เราเก็บเบอร์นี้แบบเข้ารหัสเพื่อแจ้งความคืบหน้า และลบเมื่อปิดเรื่อง ไม่เก็บรหัสติดตาม"
