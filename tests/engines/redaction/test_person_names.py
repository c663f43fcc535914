"""Names after titles: the name and surname are hidden, the title kept."""

from __future__ import annotations

from phalang.engines.redaction import redact

from .helpers import found


def test_thai_name_and_surname_after_a_title() -> None:
    text = "ผู้รับเหมาคือนายสมชาย ใจดี เป็นญาติของนายก"
    assert found(text, "person_name") == ["สมชาย ใจดี"]
    assert redact(text).public_text == "ผู้รับเหมาคือนาย[ชื่อ-สกุล] เป็นญาติของนายก"


def test_other_titles() -> None:
    assert found("น.ส.สมหญิง รักดี เป็นเจ้าหน้าที่พัสดุ", "person_name") == ["สมหญิง รักดี"]
    assert found("นางสาว วิไล ศรีสุข", "person_name") == ["วิไล ศรีสุข"]
    assert found("ด.ช.ต้นกล้า มั่นคง ได้รับบาดเจ็บ", "person_name") == ["ต้นกล้า มั่นคง"]
    assert found("พ.ต.อ.วิชัย กล้าหาญ ผู้กำกับ", "person_name") == ["วิชัย กล้าหาญ"]


def test_name_glued_to_the_rest_of_the_sentence() -> None:
    assert found("นายสมศักดิ์เป็นคนสั่งให้ทำ", "person_name") == ["สมศักดิ์"]
    # real budget text: "ตั้งแต่ที่นา นายสุเทพ กระจ่างสุวรรณถึง คลองโคกพร้าว"
    real = "ตั้งแต่ที่นา นายสุเทพ กระจ่างสุวรรณถึง คลองโคกพร้าว"
    assert found(real, "person_name") == ["สุเทพ กระจ่างสุวรรณ"]


def test_the_next_word_is_not_always_a_surname() -> None:
    assert found("นายสมชาย ได้รับเงิน", "person_name") == ["สมชาย"]


def test_words_that_only_start_like_titles() -> None:
    text = "นายกเทศมนตรีและนายอำเภอมาตรวจ นางพยาบาลเห็น ทนายความยืนยัน อำเภอนางรอง เจ้านายสั่ง"
    assert found(text, "person_name") == []
    assert found("ประชุมเมื่อ พ.ศ. 2560", "person_name") == []


def test_english_names() -> None:
    assert found("The contractor, Mr. John Smith, paid the official.", "person_name") == [
        "John Smith"
    ]
    assert found("Dr Somchai met Ms Lee", "person_name") == ["Somchai", "Lee"]


def test_place_names_containing_titles_are_not_names() -> None:
    # real budget text: nang/nai inside subdistrict, district and province names
    for text in [
        "วัดธรรมาวุธาราม ต.นางตะเคียน อ.เมือง จ.สมุทรสงคราม",
        "ตำบลท่าช้าง อำเภอเมืองนครนายกจังหวัดนครนายก",
        "หมู่ที่ 2 ตำบลลำนางแก้ว เทศบาลตำบลลำนางแก้ว",
        "บ้านทมนางาม ม.1 ตำบลนายางกลัก ตามแบบมาตรฐาน",
        "ฟาร์มตัวอย่างในสมเด็จพระนางเจ้าฯ",
    ]:
        assert found(text, "person_name") == [], text


def test_landowner_named_in_a_real_project_name() -> None:
    text = "ก่อสร้างประปา บริเวณบ้านนายจรัญ สีสดฤกษ์หมู่ที่ 6 บ้านคอวัง"
    assert found(text, "person_name") == ["จรัญ สีสดฤกษ์"]
