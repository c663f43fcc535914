"""The case dossier: a PDF with the Thai font embedded and a ZIP of what the requester may see,
each file's SHA-256, and a signed statement; ``phalang watch verify-dossier`` catches any change."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phalang.audit.models import AuditEntry
from phalang.watch import dossier, workflow
from phalang.watch.actions import answer_fix_check
from tests.watch.cases import cast, resolved_case  # noqa: F401
from tests.watch.helpers import jpeg_with_gps

NOTE = "ความเห็นภายใน: ผู้รับเหมาเป็นญาติของนายกฯ"


@pytest.fixture
def case(gazetteer, cast):  # type: ignore[no-untyped-def]  # noqa: F811
    report, _receipt = resolved_case(cast, files=[jpeg_with_gps()])
    # The agency's staff see published evidence only (need to know, issue 12): publish the photo.
    workflow.publish(report, by=cast["mod"], public_text=report.public_text or "ถนนในหมู่บ้านชำรุดเป็นหลุมลึก",
                     evidence_ids=list(report.evidence.values_list("pk", flat=True)))
    answer_fix_check(report, fixed=False, channel="web")
    workflow.add_note(report, by=cast["mod"], body=NOTE)
    return report


def test_dossier_holds_the_case_and_verifies(client, case, cast, verified_client, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    resp = verified_client(cast["staff"]).get(f"/partner/{case.public_id}/")
    assert 'id="dossier-link"' in resp.content.decode()
    resp = client.get(f"/moderation/{case.public_id}/dossier.zip")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(resp.content))
    manifest = json.loads(zf.read("manifest.json"))
    pdf = zf.read("dossier.pdf")
    assert pdf.startswith(b"%PDF") and b"Sarabun" in pdf and b"FontFile2" in pdf  # embedded TrueType
    assert [e["copy"] for e in manifest["evidence"]] == ["cleaned"]  # partner staff: the cleaned copy
    assert b"SecretPhoneMaker" not in zf.read(manifest["evidence"][0]["path"])
    assert [t["status"] for t in manifest["timeline"]][-2:] == ["resolved", "forwarded"]
    assert manifest["response"]["fix_answers"][0]["answer"] == "disputed"
    assert manifest["public_log"] and manifest["proof_of_receipt"]["signature"]
    assert NOTE not in json.dumps(manifest, ensure_ascii=False) and NOTE.encode() not in pdf
    assert AuditEntry.objects.filter(action="report.dossier", actor=cast["staff"]).exists()

    path = tmp_path / "dossier.zip"
    path.write_bytes(resp.content)
    call_command("watch", "verify-dossier", str(path))


def test_pdf_text_is_thai(case, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import pypdfium2

    zf = zipfile.ZipFile(io.BytesIO(dossier.build(case, by=cast["mod"])))
    pdf = pypdfium2.PdfDocument(zf.read("dossier.pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    # PDFium reports a hyphen that ends a line as U+FFFE (it takes it for a word broken there): a
    # case id ending in "-" came back as "_CcLJTRfI3j\ufffe" in CI. The PDF itself holds the "-".
    text = text.replace("\ufffe", "-")
    # Shaped Thai comes back from text extraction with its marks reordered, so count Thai letters
    # (a missing font would give none) rather than match words; the guide shows the page itself.
    assert case.public_id in text and sum("\u0e01" <= c <= "\u0e2e" for c in text) > 200


@pytest.mark.parametrize("tamper", ["evidence", "manifest", "added", "statement"])
def test_any_change_is_caught(case, cast, tmp_path, tamper) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    original = zipfile.ZipFile(io.BytesIO(dossier.build(case, by=cast["mod"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in original.namelist():
            data = original.read(name)
            if tamper == "evidence" and name.startswith("evidence/"):
                data = data[:-10] + b"0123456789"
            if tamper == "manifest" and name == "manifest.json":
                data = data.replace(b'"disputed"', b'"confirmed"')
            if tamper == "statement" and name == "statement.json":
                doc = json.loads(data)
                doc["made_at"] = "2020-01-01T00:00:00+00:00"
                data = json.dumps(doc).encode()
            zf.writestr(name, data)
        if tamper == "added":
            zf.writestr("evidence/99-extra.jpg", b"not from the site")
    assert dossier.verify(out.getvalue())
    path = tmp_path / "dossier.zip"
    path.write_bytes(out.getvalue())
    with pytest.raises(CommandError):
        call_command("watch", "verify-dossier", str(path))


def test_only_people_on_the_case_get_it(client, case, make_org, make_user, verified_client) -> None:  # type: ignore[no-untyped-def]
    stranger = make_user("stranger", org=make_org("elsewhere"), role="moderator")
    assert verified_client(stranger).get(f"/moderation/{case.public_id}/dossier.zip").status_code == 404


def _forge(data: bytes) -> bytes:
    """What a forger does (user trial, 2026-12-07): swap the photo, fix the manifest's hash, and
    sign everything again with a key of their own, whose public half goes into the file."""
    import base64
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate()
    pub = base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
    original = zipfile.ZipFile(io.BytesIO(data))
    files = {name: original.read(name) for name in original.namelist()}
    manifest = json.loads(files["manifest.json"])
    photo = next(f for f in manifest["files"] if f["path"].startswith("evidence/"))
    files[photo["path"]] = b"\xff\xd8 a photo of a road that was never mended"
    photo["sha256"] = hashlib.sha256(files[photo["path"]]).hexdigest()
    for e in manifest["public_log"]:
        e["signature"] = base64.b64encode(key.sign(bytes.fromhex(e["hash"]))).decode()
    proof = {k: v for k, v in manifest["proof_of_receipt"].items() if k != "signature"}
    proof["public_key"] = pub if "public_key" in proof else proof.get("public_key", pub)
    proof["signature"] = base64.b64encode(key.sign(json.dumps(
        {k: v for k, v in proof.items() if k != "signature"}, sort_keys=True, separators=(",", ":")).encode())).decode()
    manifest["proof_of_receipt"] = proof
    manifest["public_key"] = pub
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    statement = json.loads(files["statement.json"])
    statement.update(public_key=pub, manifest_sha256=hashlib.sha256(files["manifest.json"]).hexdigest(),
                     proof_of_receipt_signature=proof["signature"])
    body = {k: v for k, v in statement.items() if k != "signature"}
    statement["signature"] = base64.b64encode(key.sign(dossier._canonical(body))).decode()
    files["statement.json"] = json.dumps(statement, ensure_ascii=False).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()


def test_a_dossier_re_signed_with_another_key_is_refused(case, cast, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    forged = _forge(dossier.build(case, by=cast["mod"]))
    assert dossier.verify(forged, public_key=None) == []  # intact against the key it carries, so...
    path = tmp_path / "forged.zip"
    path.write_bytes(forged)
    err = io.StringIO()
    with pytest.raises(CommandError):  # ...the command trusts this site's key, never the file's
        call_command("watch", "verify-dossier", str(path), stderr=err)
    assert "not this site's key" in err.getvalue()


def test_the_command_names_the_key_it_trusted(case, cast, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from phalang.watch import publiclog

    path = tmp_path / "dossier.zip"
    path.write_bytes(dossier.build(case, by=cast["mod"]))
    out = io.StringIO()
    call_command("watch", "verify-dossier", str(path), stdout=out)
    assert publiclog.public_key_b64()[:16] in out.getvalue() and "this site" in out.getvalue()


def test_response_times_keep_the_first_answer_after_a_dispute(case, cast) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A user trial: after the reporter disputed the fix, the dossier read "ตอบครั้งแรก: —" though the
    agency had answered the first forward. Each round is kept: the first one with its answer."""
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(dossier.build(case, by=cast["mod"]))).read("manifest.json"))
    resp = manifest["response"]
    forwarded = AuditEntry.objects.filter(action="report.forward", target_id=str(case.pk)).get().created_at
    assert resp["forwarded_at"] == forwarded.isoformat()
    assert resp["first_response_at"] is not None and resp["first_response_at"] >= resp["forwarded_at"]
    assert resp["days_to_first_response"] is not None
    assert len(resp["rounds"]) == 2 and resp["rounds"][1]["first_response_at"] is None  # the agency owes one
    assert resp["rounds"][1]["forwarded_at"] > resp["first_response_at"]
