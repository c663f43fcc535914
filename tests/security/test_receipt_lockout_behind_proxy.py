"""Audit item 8: receipt guesses and "me too" counted by the connecting address, so behind the
reverse proxy of docs/deploy.md ten wrong receipts from one visitor locked every reporter out.
Limits now take the client's address through the configured trusted proxies, keep it in the
cache only (as a keyed hash), and also count wrong receipts per receipt."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from phalang.watch import throttle
from phalang.watch.actions import NewReport, file_report

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.77"
REPORTER = "198.51.100.23"


def via_proxy(client_address: str, claimed: str = "") -> dict[str, str]:
    chain = f"{claimed}, {client_address}" if claimed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.fixture
def behind_proxy(settings, gazetteer):  # type: ignore[no-untyped-def]
    settings.PROXY_COUNT = 1
    report, receipt = file_report(NewReport(category="other", description="ไฟถนนดับทั้งซอยมาสองสัปดาห์แล้ว"))
    return report, receipt


def wrong(n: int) -> str:
    return f"{n:020d}"


def test_one_visitor_cannot_lock_out_everyone(client, behind_proxy) -> None:  # type: ignore[no-untyped-def]
    _report, receipt = behind_proxy
    for n in range(throttle.MAX_FAILURES):
        assert client.post("/status/", {"receipt": wrong(n)}, **via_proxy(ATTACKER), follow=True).status_code == 404
    # The attacker is stopped, even when they claim another address in front of ours...
    assert client.post("/status/", {"receipt": receipt}, **via_proxy(ATTACKER, claimed=REPORTER), follow=True).status_code == 429
    api = client.post("/api/v1/reports/status", json.dumps({"receipt": receipt}), content_type="application/json",
                      **via_proxy(ATTACKER))
    assert api.status_code == 429 and api.json()["message_th"]
    # ...and the reporter, through the same proxy, is not.
    assert client.post("/status/", {"receipt": receipt}, **via_proxy(REPORTER), follow=True).status_code == 200


def test_wrong_guesses_are_also_counted_per_receipt(client, behind_proxy) -> None:  # type: ignore[no-untyped-def]
    _report, receipt = behind_proxy
    digits = receipt.replace("-", "")
    # Someone who saw the first 16 digits tries endings from many addresses.
    for n in range(throttle.MAX_FAILURES_PER_RECEIPT):
        ending = f"{n:04d}" if f"{n:04d}" != digits[16:] else "9999"
        resp = client.post("/status/", {"receipt": digits[:16] + ending}, **via_proxy(f"192.0.2.{n + 1}"), follow=True)
        assert resp.status_code == 404
    assert client.post("/status/", {"receipt": receipt}, **via_proxy("192.0.2.200"), follow=True).status_code == 429
    # Unrelated receipts from new addresses still work.
    assert client.post("/status/", {"receipt": wrong(5)}, **via_proxy("192.0.2.201"), follow=True).status_code == 404


def test_me_too_counts_each_client_behind_the_proxy(client, behind_proxy, make_user) -> None:  # type: ignore[no-untyped-def]
    from phalang.watch import workflow

    report, _ = behind_proxy
    workflow.publish(report, by=make_user("root", is_superuser=True), public_text="ไฟถนนดับทั้งซอยมาสองสัปดาห์แล้ว")
    for who in (ATTACKER, ATTACKER, REPORTER):
        client.post(f"/reports/{report.public_id}/me-too/", **via_proxy(who))
    report.refresh_from_db()
    assert report.me_too == 2


def test_no_address_is_stored(client, behind_proxy) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        client.post("/status/", {"receipt": wrong(n)}, **via_proxy(ATTACKER), follow=True)
    client.post("/api/v1/reports", json.dumps({"category": "other", "description": "ท่อประปาแตกหน้าโรงเรียน"}),
                content_type="application/json", **via_proxy(ATTACKER))
    tables = connection.introspection.table_names()
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f'SELECT * FROM "{table}"')
            for row in cur.fetchall():
                assert ATTACKER not in repr(row), table
