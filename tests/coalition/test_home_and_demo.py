"""The module is on the home page in Thai, and the demo seeder is idempotent and labelled."""

from __future__ import annotations

from phalang.coalition.models import Campaign, Commitment, Event


def test_home_page_lists_the_module_in_thai(client, db) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/").content.decode()
    assert "ติดตามคำมั่นสัญญา" in page and "แคมเปญและกิจกรรม" in page
    assert "ติดตามคำมั่นสัญญา" in client.get("/coalition/commitments/").content.decode()


def test_demo_seed_is_idempotent_and_labelled(client, gazetteer) -> None:  # type: ignore[no-untyped-def]
    from phalang.core import demo

    demo.seed()
    counts = (Commitment.objects.count(), Campaign.objects.count(), Event.objects.count())
    demo.seed()
    assert (Commitment.objects.count(), Campaign.objects.count(), Event.objects.count()) == counts
    assert counts[0] == 3 and counts[1] == 1 and counts[2] == 1
    assert all(c.title.startswith("[ตัวอย่าง]") for c in Commitment.objects.all())
    event = Event.objects.get()
    # The demo event's venue is hidden until its reveal time.
    assert event.venue not in client.get(f"/coalition/events/{event.public_id}/").content.decode()
    assert client.get("/coalition/campaigns/demo-flood-procurement/").status_code == 200
    assert client.get("/coalition/partners/demo-party/").status_code == 200
