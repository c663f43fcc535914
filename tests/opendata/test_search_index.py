"""Search goes through the term index (FTS5 on SQLite, GIN on PostgreSQL), whole terms only,
kept in step with every write; counts are capped and long result lists page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection

from phalang.engines.thaitext import index_document
from phalang.opendata import search
from phalang.opendata.models import BudgetProject, ContractingProcess, Entity


def _process(i: int, title: str, **kw: Any) -> ContractingProcess:
    return ContractingProcess.objects.create(
        ocid=f"ocds-test-{i}", compiled_release={"ocid": f"ocds-test-{i}"}, digest="x", title=title,
        search_doc=index_document(title), **kw)


def _find(text: str) -> list[str]:
    return list(search.processes(search.parse({"q": text})).values_list("ocid", flat=True))


def test_the_query_uses_the_term_index_not_a_text_scan(db) -> None:  # type: ignore[no-untyped-def]
    sql = str(search.processes(search.parse({"q": "อาคารเรียน"})).query)
    if connection.vendor == "sqlite":
        assert "opendata_contractingprocess_fts" in sql and "MATCH" in sql
    else:
        # The stored, indexed column (migration 0005): no row has its terms rebuilt to be checked.
        assert '"search_terms" @>' in sql and "string_to_array" not in sql
    assert "LIKE" not in sql.upper()


def test_whole_terms_match_and_parts_of_words_do_not(db) -> None:  # type: ignore[no-untyped-def]
    _process(1, "ก่อสร้างอาคารเรียน 4 ชั้น ตำบลบางพลีใหญ่ อำเภอบางพลี")
    _process(2, "ซ่อมแซมถนนคอนกรีต ตำบลบางเสาธง")
    assert _find("อาคารเรียน") == ["ocds-test-1"]
    assert _find("บางพลี") == ["ocds-test-1"]
    assert _find("ถนน คอนกรีต") == ["ocds-test-2"]
    assert _find("อาคารเรียน ถนน") == []          # every term must be present
    assert _find('"อาคารเรียน" OR ถนน') == []  # quotes and operators are data, never query syntax


def test_the_index_follows_updates_and_deletes(db) -> None:  # type: ignore[no-untyped-def]
    p = _process(1, "จัดซื้อครุภัณฑ์คอมพิวเตอร์")
    assert _find("คอมพิวเตอร์") == ["ocds-test-1"]
    ContractingProcess.objects.filter(pk=p.pk).update(search_doc=index_document("ขุดลอกคลองส่งน้ำ"))
    assert _find("คอมพิวเตอร์") == []
    assert _find("ขุดลอกคลอง") == ["ocds-test-1"]
    ContractingProcess.objects.filter(pk=p.pk).delete()
    assert _find("ขุดลอกคลอง") == []


def test_budget_projects_and_organisations_are_indexed_too(db) -> None:  # type: ignore[no-untyped-def]
    BudgetProject.objects.create(digest="a" * 64, bb_code="1", bb_year=2567, amount=1_000_000,
                                 name="ก่อสร้างอาคารเรียน ตำบลบางพลีใหญ่", data={},
                                 search_doc=index_document("ก่อสร้างอาคารเรียน ตำบลบางพลีใหญ่"))
    Entity.objects.create(scheme="TH-DBD", identifier="0105551234567", name="บริษัท ก่อสร้างไทย จำกัด",
                          search_doc=index_document("บริษัท ก่อสร้างไทย จำกัด"))
    q = search.parse({"q": "อาคารเรียน"})
    assert [b.bb_code for b in search.budget_projects(q)] == ["1"]
    assert list(search.entities(search.parse({"q": "ก่อสร้าง"})).values_list("identifier", flat=True)) == [
        "0105551234567"]


def test_counts_stop_at_the_cap_and_pages_follow_the_order(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    for i in range(30):
        _process(i, f"ก่อสร้างถนนลาดยาง สายที่ {i}", date=datetime(2020, 1, 1 + i % 28, i % 24, tzinfo=UTC),
                 province_id=10 + i % 2, year=2020, method="open" if i % 3 else "direct",
                 tender_value=1000.0 * i)
    _process(99, "ก่อสร้างถนนลาดยาง ไม่มีวันที่")
    # Newest first: the order the index walks (relevance ranks instead: test_search_relevance_rank.py).
    qs = search.processes(search.parse({"q": "ถนน", "sort": "newest"}))
    assert search.capped_count(qs, cap=10) == (10, True)
    assert search.capped_count(qs, cap=31) == (31, False)
    expected = list(qs.values_list("ocid", flat=True))
    assert len(expected) == 31
    q = search.parse({"q": "ถนน", "sort": "newest"})
    first, count, capped = search.section("processes", q, 0, 25)
    rest, _count, _capped = search.section("processes", q, 25, 25)
    assert (count, capped) == (31, False)
    assert [p.ocid for p in first + rest] == expected
    for many in (False, True):  # walking the order index gives the same rows as sorting the matches
        assert [p.ocid for p in search.page(qs, 0, 25, many=many) + search.page(qs, 25, 25, many=many)] == expected
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    assert search.section("processes", q, 0, 25)[1:] == (5, True)
    from phalang.opendata.models import Flag

    Flag.objects.bulk_create([Flag(process=p, group="OCID", code="TH03", value=1.0)
                              for p in ContractingProcess.objects.all()[:12]])
    # Filters: the same answer through the index's filter tokens as through the ORM, with flags
    # both listed first (rare) and checked row by row (common).
    monkeypatch.setattr(search, "COUNT_CAP", 1000)
    for walk in (10, 1000):
        monkeypatch.setattr(search, "FLAG_WALK", walk)
        cache.clear()
        for params in ({"q": "ถนน", "province": "11"}, {"q": "ถนน", "method": "direct", "year": "2020"},
                       {"province": "10", "max_value": "9000"}, {"q": "ลาดยาง", "min_value": "20000", "province": "10"},
                       {"q": "ถนน", "flag": "TH03"}, {"flag": "TH03"}, {"flag": "TH03", "province": "10"}):
            q = search.parse({**params, "sort": "newest"})
            rows, count, _capped = search.section("processes", q, 0, 25)
            orm = list(search.processes(q).values_list("ocid", flat=True))
            assert orm and [p.ocid for p in rows] == orm[:25] and count == len(orm), params


@pytest.mark.parametrize("path", ["/data/", "/api/v1/data/search"])
def test_page_and_api_say_more_than_when_capped(client, db, monkeypatch, path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for i in range(5):
        _process(i, f"ขุดลอกคลองสาย {i}")
    response = client.get(path, {"q": "ขุดลอกคลอง"}, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 200
    if path == "/data/":
        text = response.content.decode()
        assert "มากกว่า 3" in text
    else:
        body = response.json()["processes"]
        assert body["count"] == 3 and body["count_is_capped"] is True
        assert len(body["results"]) == 5


def test_filter_tokens_follow_every_write_and_match_whole(db) -> None:  # type: ignore[no-untyped-def]
    """Province, year and method filters with query terms give the rows the columns say, also after
    an update or a bulk write (PostgreSQL: tokens in the generated ``search_terms``, migration
    0005; SQLite: the FTS5 document), and province 1 is not province 10 or 11."""
    from datetime import UTC, datetime

    def found(params: dict[str, str]) -> list[str]:
        q = search.parse({**params, "q": "ถนน", "sort": "newest"})
        rows, count, _capped = search.section("processes", q, 0, 25)
        assert count == len(rows) == search.capped_count(search.processes(q, count=True))[0]
        return [p.ocid for p in rows]

    when = datetime(2020, 5, 1, tzinfo=UTC)
    _process(1, "ก่อสร้างถนน สายหนึ่ง", date=when, year=2020, province_id=1, method="limited bidding")
    _process(2, "ก่อสร้างถนน สายสอง", date=when, year=2020, province_id=10, method="open")
    ContractingProcess.objects.bulk_create([ContractingProcess(
        ocid="ocds-test-3", compiled_release={}, digest="x", title="ซ่อมถนน", date=when, year=2021,
        province_id=11, method="open", search_doc=index_document("ซ่อมถนน"))])
    assert found({"province": "1"}) == ["ocds-test-1"]
    assert found({"province": "11"}) == ["ocds-test-3"]
    assert found({"method": "limited bidding", "year": "2020"}) == ["ocds-test-1"]
    assert sorted(found({"method": "open"})) == ["ocds-test-2", "ocds-test-3"]
    ContractingProcess.objects.filter(ocid="ocds-test-1").update(province_id=11, year=2021, method="open")
    assert found({"province": "1"}) == []
    assert found({"method": "limited bidding"}) == []
    assert sorted(found({"province": "11", "year": "2021", "method": "open"})) == ["ocds-test-1", "ocds-test-3"]
    p = ContractingProcess.objects.get(ocid="ocds-test-2")
    p.year, p.province_id, p.method = None, None, ""
    p.save()
    assert found({"year": "2020"}) == [] and found({"province": "10"}) == [] and found({}) != []
