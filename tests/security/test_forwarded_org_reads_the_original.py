"""Audit item 5: staff of an organisation a case was forwarded to read the original text, the
redaction warnings, the private conversation, the confidential contact and original evidence
with its GPS. Need to know: they see the shared text and the published, blurred evidence only,
and more only where the reporter agreed, with the receipt, to share it with that organisation."""

from __future__ import annotations

from phalang.audit.models import AuditEntry
from tests.watch.helpers import has_gps

SECRETS = ("081-234-5678", "สมชาย", "สมศรี", "somsri_k", "089-555-0142", "เห็นเองค่ะ", "เห็นเหตุการณ์เอง")


def test_forwarded_staff_see_the_shared_text_and_published_evidence_only(
        client, forwarded_case, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, published, unpublished = forwarded_case["report"], forwarded_case["published"], forwarded_case["unpublished"]
    for role, user in forwarded_case["staff"].items():
        c = verified_client(user)
        page = c.get(f"/partner/{report.public_id}/")
        assert page.status_code == 200, role
        html = page.content.decode()
        assert "เรียกรับเงินเพื่ออนุมัติใบอนุญาต" in html, role  # the shared text
        for secret in SECRETS:
            assert secret not in html, (role, secret)
        base = f"/moderation/{report.public_id}/evidence"
        shown = c.get(f"{base}/{published.pk}/public/")
        assert shown.status_code == 200 and not has_gps(shown.content), role
        assert c.get(f"{base}/{unpublished.pk}/public/").status_code == 404, role
        for ev in (published, unpublished):
            assert c.get(f"{base}/{ev.pk}/original/").status_code in (403, 404), role
        assert c.post(f"/moderation/{report.public_id}/identity/").status_code in (403, 404), role
        c.logout()
    assert not AuditEntry.objects.filter(action__in=["report.view_identity", "evidence.view_original"]).exists()


def test_forwarded_staff_cannot_moderate_or_forward_further(client, forwarded_case, verified_client, make_org) -> None:  # type: ignore[no-untyped-def]
    report = forwarded_case["report"]
    other = make_org("other-ngo")
    other.verified = True
    other.save()
    c = verified_client(forwarded_case["staff"]["admin"])
    act = f"/moderation/{report.public_id}/act/"
    c.post(act, {"action": "publish", "public_text": "ข้อความใหม่ที่ไม่ได้ผ่านผู้ดูแล 123"})
    c.post(act, {"action": "forward", "organisation": [other.pk]})
    c.post(act, {"action": "unpublish", "reason": "x"})
    report.refresh_from_db()
    assert report.published and "ข้อความใหม่" not in report.public_text
    assert list(report.forwarded_to.all()) == [forwarded_case["agency"]]


def test_what_the_reporter_agrees_to_share_reaches_that_organisation(
        client, forwarded_case, verified_client, make_org, make_user) -> None:  # type: ignore[no-untyped-def]
    from phalang.watch import workflow

    report, agency, receipt = forwarded_case["report"], forwarded_case["agency"], forwarded_case["receipt"]
    # A second organisation gets the case too; the reporter shares with the district office only.
    other = make_org("provincial-office", kind="agency")
    other.verified = True
    other.save()
    other_staff = make_user("other-staff", org=other, role="partner_staff")
    workflow.forward(report, to=[other], by=forwarded_case["mod"])

    page = client.post("/status/", {"receipt": receipt}, follow=True).content.decode()
    assert agency.name_th in page and other.name_th in page
    assert client.post("/status/", {"receipt": receipt, "action": "sharing", "organisation": agency.pk,
                                    "contact": "on", "original": "on"}, follow=True).status_code == 200

    c = verified_client(forwarded_case["staff"]["partner_staff"])
    html = c.get(f"/partner/{report.public_id}/").content.decode()
    assert "081-234-5678" in html and "เห็นเองค่ะ" in html  # the original text and the conversation
    assert "somsri_k" not in html  # the contact is still a deliberate, logged step
    opened = c.post(f"/moderation/{report.public_id}/identity/")
    assert opened.status_code == 200 and "somsri_k" in opened.content.decode()
    original = c.get(f"/moderation/{report.public_id}/evidence/{forwarded_case['unpublished'].pk}/original/")
    assert original.status_code == 200 and has_gps(original.content)

    # Withdrawing consent closes it again (the reporter's page needs no login; the same browser
    # is used here only to avoid a second two-factor login in the same 30 s).
    client.post("/status/", {"receipt": receipt, "action": "sharing", "organisation": agency.pk}, follow=True)
    assert "081-234-5678" not in c.get(f"/partner/{report.public_id}/").content.decode()
    assert c.post(f"/moderation/{report.public_id}/identity/").status_code in (403, 404)
    c.logout()

    c = verified_client(other_staff)
    html = c.get(f"/partner/{report.public_id}/").content.decode()
    assert "081-234-5678" not in html and "somsri_k" not in html
    assert c.post(f"/moderation/{report.public_id}/identity/").status_code in (403, 404)


def test_the_reporter_can_choose_over_the_api_too(client, forwarded_case, verified_client) -> None:  # type: ignore[no-untyped-def]
    import json

    agency, receipt = forwarded_case["agency"], forwarded_case["receipt"]
    url = "/api/v1/reports/sharing"
    wrong_org = client.post(url, json.dumps({"receipt": receipt, "organisation": "watchdog", "contact": True}),
                            content_type="application/json")
    assert wrong_org.status_code == 422  # the screening organisation is not a forwarded one
    resp = client.post(url, json.dumps({"receipt": receipt, "organisation": agency.slug, "contact": True}),
                       content_type="application/json")
    assert resp.status_code == 200
    assert resp.json()["forwarded_to"] == [{"organisation": agency.slug, "name": agency.name_th,
                                            "shares_contact": True, "shares_original": False}]
    c = verified_client(forwarded_case["staff"]["partner_staff"])
    assert c.post(f"/moderation/{forwarded_case['report'].public_id}/identity/").status_code == 200


def test_the_dossier_of_a_forwarded_org_holds_published_evidence_only(forwarded_case, verified_client) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    report = forwarded_case["report"]
    c = verified_client(forwarded_case["staff"]["moderator"])
    resp = c.get(f"/moderation/{report.public_id}/dossier.zip")
    assert resp.status_code == 200
    with zipfile.ZipFile(io.BytesIO(resp.content)) as z:
        evidence = [n for n in z.namelist() if n.startswith("evidence/")]
        blob = b"".join(z.read(n) for n in z.namelist())
    assert len(evidence) == 1  # the published photo, not the unpublished one
    assert b"081-234-5678" not in blob and b"somsri_k" not in blob
