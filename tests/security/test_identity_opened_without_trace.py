"""Audit item 7: opening a confidential reporter's identity wrote no audit entry. Now the contact
is opened by a deliberate step that is audited with the organisation it was opened for, and the
reporter sees, with the receipt, which organisation opened it and when."""

from __future__ import annotations

from phalang.audit.models import AuditEntry


def test_the_case_page_does_not_show_the_contact_until_opened(forwarded_case, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, mod = forwarded_case["report"], forwarded_case["mod"]
    c = verified_client(mod)
    assert "somsri_k" not in c.get(f"/moderation/{report.public_id}/").content.decode()
    assert not AuditEntry.objects.filter(action="report.view_identity").exists()
    opened = c.post(f"/moderation/{report.public_id}/identity/")
    assert opened.status_code == 200 and "somsri_k" in opened.content.decode()
    assert "no-store" in opened["Cache-Control"]
    entry = AuditEntry.objects.get(action="report.view_identity")
    assert entry.actor_id == mod.pk and entry.target_id == str(report.pk)
    assert entry.data == {"organisation": forwarded_case["watchdog"].pk}
    assert "somsri" not in str(entry.data)  # ids only in the log


def test_the_reporter_sees_who_opened_their_contact(client, forwarded_case, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, receipt = forwarded_case["report"], forwarded_case["receipt"]
    before = client.post("/status/", {"receipt": receipt}, follow=True).content.decode()
    assert "identity-opened" not in before
    c = verified_client(forwarded_case["mod"])
    c.post(f"/moderation/{report.public_id}/identity/")
    c.logout()
    page = client.post("/status/", {"receipt": receipt}, follow=True).content.decode()
    assert "identity-opened" in page and forwarded_case["watchdog"].name_th in page
    api = client.post("/api/v1/reports/status", {"receipt": receipt}, content_type="application/json").json()
    assert [v["organisation"] for v in api["identity_opened"]] == [forwarded_case["watchdog"].name_th]


def test_opening_an_original_file_names_the_organisation(forwarded_case, verified_client) -> None:  # type: ignore[no-untyped-def]
    report, ev = forwarded_case["report"], forwarded_case["unpublished"]
    c = verified_client(forwarded_case["mod"])
    assert c.get(f"/moderation/{report.public_id}/evidence/{ev.pk}/original/").status_code == 200
    entry = AuditEntry.objects.get(action="evidence.view_original")
    assert entry.data == {"evidence": ev.pk, "organisation": forwarded_case["watchdog"].pk}
