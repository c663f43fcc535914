"""User trial (a 34-row Thai flood sheet): doubtful rows passed without notice. People "สิบ" became 1
and "-3" became 3; the phone "12345" was noted on the request but not listed in the result; a blank
row was reported as ไม่พบตำบล/อำเภอ "-" instead of being skipped. Thai number words are read,
negative counts are flagged, every doubtful value is listed as a warning with its row number, and
blank rows are skipped and counted."""

from __future__ import annotations

import re

from phalang.aid import importer
from phalang.aid.models import HelpRequest

HEAD = ["ลำดับ", "ชื่อ", "เบอร์โทร", "บ้านเลขที่", "ตำบล", "อำเภอ", "จังหวัด", "ความต้องการ", "จำนวนคน", "หมายเหตุ"]
PLACE = ["ป่าแดด", "เมืองเชียงใหม่", "เชียงใหม่"]


def _row(n: int, people: str, phone: str = "0812345678") -> list[str]:
    return [str(n), f"คนที่ {n}", phone, f"{n}/1", *PLACE, "น้ำดื่ม", people, ""]


def test_doubtful_values_are_read_or_flagged_and_listed(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    rows = [HEAD, _row(1, "สิบ"), _row(2, "-3"), _row(3, "2", phone="12345"), _row(4, "สามคน"),
            ["5", "", "", "", "", "", "", "", "", ""],  # a blank row (only its running number)
            ["", "", "", "", "", "", "", "", "", ""], _row(7, "ผู้ใหญ่ สอง เด็ก หนึ่ง"), _row(8, "ไม่ทราบ")]
    result = importer.import_rows(flood_group, rows, by=flood_coordinator)
    people = {r.pk: r.people for r in HelpRequest.objects.all()}
    by_line = dict(zip([2, 3, 4, 5, 8, 9], [HelpRequest.objects.get(pk=pk) for pk in result.created], strict=True))
    assert by_line[2].people == 10  # "สิบ"
    assert by_line[5].people == 3  # "สามคน"
    assert by_line[8].people == 3  # "ผู้ใหญ่ สอง เด็ก หนึ่ง"
    assert len(people) == 6
    # Blank rows: skipped and counted, never refused.
    assert result.blank == 2
    assert not [r for r in result.refused if r.line in (6, 7)], result.refused
    warned = {w.line: w for w in result.warnings}
    assert 3 in warned and "-3" in warned[3].reason_th  # a negative count is flagged
    assert 4 in warned and "12345" in warned[4].reason_th  # the unreadable phone is listed
    assert 9 in warned and "ไม่ทราบ" in warned[9].reason_th  # no number at all: flagged, not silently 1
    assert 2 not in warned and 5 not in warned  # words read as numbers are not doubtful
    assert result.as_json()["warnings"] and result.as_json()["blank"] == 2


def test_the_result_page_lists_the_warnings(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows([HEAD, _row(1, "-3"), ["", "", "", "", "", "", "", "", "", ""], _row(3, "2")])
    client = verified_client(flood_coordinator)
    resp = client.post(f"/aid/coordinate/{flood_group.slug}/import/", {
        "csv_text": buf.getvalue(), **{f"map_{k}": v for k, v in importer.guess_mapping(HEAD).items()}},
        HTTP_ACCEPT_LANGUAGE="th")
    html = client.get(resp["Location"], HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert 'id="row-warnings"' in html and "-3" in html
    assert "แถวว่าง" in html


def test_a_fraction_or_a_thousands_separator_is_one_number() -> None:
    """Re-trial: "2.5" people was imported as 7 (2 + 5) and "1,200" as 201, both without a word."""
    from phalang.aid.importer import read_people

    assert read_people("2.5")[0] == 3 and "ไม่ใช่จำนวนเต็ม" in read_people("2.5")[1][0]
    assert read_people("๒.๕")[0] == 3
    assert read_people("1,200")[0] == 1200  # then refused by the 1-500 range, as any large count
    assert read_people("ผู้ใหญ่ 2 เด็ก 1") == (3, None) and read_people("3-4 คน") == (4, None)



def test_each_reason_is_shown_in_the_pages_language_only(verified_client, flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    """Trial finding: every refusal and warning printed an English line under its Thai one. The
    page now gives each reason in its own language (the command's JSON keeps both)."""
    import csv
    import html
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows([HEAD, _row(1, "-3"), ["2", "คนไม่มีที่อยู่", "", "", "", "", "", "น้ำดื่ม", "2", ""]])
    client = verified_client(flood_coordinator)
    resp = client.post(f"/aid/coordinate/{flood_group.slug}/import/", {
        "csv_text": buf.getvalue(), **{f"map_{k}": v for k, v in importer.guess_mapping(HEAD).items()}},
        HTTP_ACCEPT_LANGUAGE="th")
    pages = {}
    for lang in ("th", "en"):
        client.cookies["phalang_lang"] = lang
        pages[lang] = html.unescape(client.get(resp["Location"]).content.decode())
    warning_th, warning_en = 'จำนวนคน "-3" ติดลบ', 'People "-3" is negative'
    assert warning_th in pages["th"] and warning_en not in pages["th"]
    assert warning_en in pages["en"] and warning_th not in pages["en"]
    # The refused row too (no place at all): one reason, in the page's language.
    reasons = {lang: re.findall(r"<td>([^<]*)</td></tr>", page.split('id="row-errors"')[1].split("</table>")[0])
               for lang, page in pages.items()}
    assert len(reasons["th"]) == len(reasons["en"]) == 1
    assert "ตำบล" in reasons["th"][0] and not re.search(r"[A-Za-z]", reasons["th"][0])
    assert not re.search(r"[\u0E00-\u0E7F]", reasons["en"][0]) and re.search(r"[A-Za-z]{4,}", reasons["en"][0])


def test_a_need_the_kit_does_not_know_is_a_warning(flood_group, flood_coordinator) -> None:  # type: ignore[no-untyped-def]
    """Trial finding: under the epidemic kit, a flood sheet's "เรือ" and "ย้ายของขึ้นที่สูง" became
    "อื่นๆ" without a word. Each such row is listed with what the sheet said and what was done;
    a need the kit knows, or a blank cell, is not."""
    from phalang.aid import actions as aid_actions

    aid_actions.set_kit(flood_group, "epidemic", by=None)
    rows = [HEAD, [*_row(1, "2")[:7], "เรือ", "2", ""], [*_row(2, "2")[:7], "ย้ายของขึ้นที่สูง", "2", ""],
            [*_row(3, "2")[:7], "ยา", "2", ""], [*_row(4, "2")[:7], "", "2", ""]]
    result = importer.import_rows(flood_group, rows, by=flood_coordinator)
    assert len(result.created) == 4
    warned = {w.line: w for w in result.warnings if w.column == "ความต้องการ"}
    assert set(warned) == {2, 3}, result.warnings
    assert "เรือ" in warned[2].reason_th and "อื่นๆ" in warned[2].reason_th and "โรคระบาด" in warned[2].reason_th
    assert '"เรือ"' in warned[2].reason_en and "Other" in warned[2].reason_en
