"""Code review: the queue read its numbers with ``str.isdigit``: ``?urgency=²`` passes it and then
fails ``int()``, and ``?age=20000000`` hours overflows a timedelta; both gave a 500. Numbers go
through lib.numbers.small_int, and the age is one of the filter's own choices."""

from __future__ import annotations

from phalang.aid.queue import AGES, Filters


def test_odd_numbers_are_ignored_or_clamped() -> None:
    f = Filters.from_query({"urgency": "²", "age": "20000000", "district": "٣", "subdistrict": "9" * 30})
    assert f.urgency is None and f.district is None and f.subdistrict is None
    assert f.older_than_hours == max(AGES)  # the longest wait the filter offers
    assert Filters.from_query({"age": "3"}).older_than_hours == 1  # the choice at or below what was asked
    assert Filters.from_query({"age": "0"}).older_than_hours is None
    assert Filters.from_query({"age": "24", "urgency": "4"}).older_than_hours == 24


def test_the_queue_page_and_map_answer_both(flood_group, flood_coordinator, verified_client) -> None:  # type: ignore[no-untyped-def]
    client = verified_client(flood_coordinator)
    base = f"/aid/coordinate/{flood_group.slug}/"
    odd = {"urgency": "²", "age": "20000000"}
    assert client.get(base, odd).status_code == 200
    assert client.get(base + "map.geojson", odd).status_code == 200
