"""self_identifying_warnings(): reports whose author can be recognised from the text."""

from __future__ import annotations

from phalang.engines.redaction import self_identifying_warnings
from phalang.engines.redaction.authorship import NAMES_SELF, ONLY_ONE, OWN_CONTACT, OWN_ROLE


def test_author_gives_own_name() -> None:
    assert NAMES_SELF in self_identifying_warnings("ผมชื่อสมชาย อยากแจ้งว่ามีการฮั้วประมูล")
    assert NAMES_SELF in self_identifying_warnings("ดิฉัน นางสาววิไล ขอร้องเรียน")
    assert NAMES_SELF in self_identifying_warnings("My name is Anna and I saw the bribe.")


def test_author_is_the_only_one() -> None:
    text = "ดิฉันเป็นพนักงานคนเดียวที่ดูแลเอกสารจัดซื้อ จึงเห็นว่ามีการแก้ราคา"
    warnings = self_identifying_warnings(text)
    assert ONLY_ONE in warnings and OWN_ROLE in warnings
    assert ONLY_ONE in self_identifying_warnings("I am the only accountant in the office.")


def test_author_states_own_position() -> None:
    assert OWN_ROLE in self_identifying_warnings("ผมทำงานที่ อบต. มา 5 ปี เห็นการเบิกเงินเท็จ")
    assert OWN_ROLE in self_identifying_warnings("I work in the procurement unit.")


def test_author_gives_own_contact() -> None:
    assert OWN_CONTACT in self_identifying_warnings("ติดต่อผมได้ที่ 081-234-5678")
    assert OWN_CONTACT in self_identifying_warnings("ผมเห็นเหตุการณ์ โทร 0812345678")


def test_third_person_report_has_no_warning() -> None:
    text = "ผู้รับเหมาก่อสร้างถนนหมู่ 5 ใช้ปูนไม่ครบตามแบบ ถนนแตกร้าวภายในสามเดือน งบประมาณ 1,500,000 บาท"
    assert self_identifying_warnings(text) == []
    # someone else's phone number in a third-person report is redacted, not a self-warning
    assert self_identifying_warnings("ผู้รับเหมาโทรมาจากเบอร์ 081-234-5678") == []
