"""Pages to create volunteer groups, hubs and items (before: only the demo seeder or the admin)."""

from __future__ import annotations

from phalang.aid.models import Hub, Item, KitChoice
from phalang.audit.models import AuditEntry
from phalang.orgs.models import Organisation


def test_admin_creates_a_group_with_its_coordinator_and_kit(verified_client, gazetteer, make_user) -> None:  # type: ignore[no-untyped-def]
    from phalang.places.models import Province

    admin = make_user("root", is_superuser=True)
    coord = make_user("newcoord")
    client = verified_client(admin)
    cm = Province.objects.get(name_th="เชียงใหม่")
    resp = client.post("/aid/coordinate/new-group/", {"slug": "ping-river", "name_th": "อาสาลุ่มน้ำปิง",
                                                      "province": cm.pk, "kit": "flood", "coordinator": "newcoord"})
    assert resp.status_code == 302
    org = Organisation.objects.get(slug="ping-river")
    assert org.verified and org.kind == "volunteer_group" and KitChoice.objects.get(organisation=org).kit == "flood"
    assert coord.has_perm("aid.coordinate", org)
    assert AuditEntry.objects.filter(action="org.create").exists()
    # A coordinator is not a platform administrator.
    client.logout()
    assert verified_client(coord).get("/aid/coordinate/new-group/").status_code == 403


def test_coordinator_creates_hub_and_item_and_counts_stock(verified_client, flood_group, flood_coordinator,  # type: ignore[no-untyped-def]
                                                           make_user) -> None:
    client = verified_client(flood_coordinator)
    base = f"/aid/coordinate/{flood_group.slug}"
    resp = client.post(f"{base}/hubs/new/", {"name": "ครัวกลางวัดป่าแดด", "place_text": "ต.ป่าแดด อ.เมืองเชียงใหม่ จ.เชียงใหม่",
                                             "beds_total": "20"})
    assert resp.status_code == 302
    hub = Hub.objects.get()
    assert hub.organisation == flood_group and hub.beds_total == 20 and hub.subdistrict is not None
    bad = client.post(f"{base}/hubs/new/", {"name": "x", "place_text": "ไม่มีที่นี่"})
    assert bad.status_code == 200 and "ไม่พบตำบล" in bad.content.decode() and Hub.objects.count() == 1
    client.post(f"{base}/items/", {"slug": "water-pack", "name_th": "น้ำดื่มแพ็ค 6 ขวด", "unit": "แพ็ค"})
    item = Item.objects.get(slug="water-pack")
    dup = client.post(f"{base}/items/", {"slug": "water-pack", "name_th": "ซ้ำ"})
    assert "มีรหัสสินค้านี้แล้ว" in dup.content.decode()
    client.post(f"{base}/hubs/", {"hub": hub.pk, "op": "count", "item": item.slug, "quantity": "300", "minimum": "50"})
    assert hub.stock.get(item=item).quantity == 300
    assert {"aid.hub.create", "aid.item.create", "aid.stock.count"} <= set(
        AuditEntry.objects.values_list("action", flat=True))
    # Someone else's coordinator cannot add hubs here.
    client.force_login(make_user("outsider"))
    assert client.post(f"{base}/hubs/new/", {"name": "x", "lat": "18.8", "lon": "99"}).status_code == 403
