"""The case dossier: what a moderator or partner hands to an agency, the NACC or a court.

One ZIP file:

* ``dossier.pdf``: the case in Thai (Sarabun embedded): summary, timeline, response times,
  linked procurement processes and their red flags, the evidence list with SHA-256, the
  public-log entries and the proof of receipt;
* ``evidence/...``: the evidence the requester may see: originals for the case's moderators,
  the cleaned public copies (no GPS, no camera data, blur applied) for partner staff;
* ``manifest.json``: the same facts as data, and the SHA-256 and size of every file;
* ``statement.json``: a statement signed with the site's Ed25519 key (the public log's key)
  over the manifest's SHA-256, the report's public-log entry hashes and the proof of receipt.

``verify`` (``phalang watch verify-dossier FILE``) recomputes every hash, checks the signature,
the public-log entries and the proof of receipt. Internal notes and the reporter's identity are
never in a dossier.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import threading
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from phalang.audit.log import record
from phalang.engines.redaction import redact
from phalang.lib.env import data_dir
from phalang.lib.thaidate import format_datetime
from phalang.watch import publiclog, vault
from phalang.watch.models import PublicLogEntry, Report, Status

FONTS = Path(__file__).resolve().parent.parent / "static" / "phalang" / "fonts"
STATEMENT_TYPE = "phalang-case-dossier"


def _canonical(doc: Any) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- gathering -----------------------------------------------------------------------------------

def response_rounds(report: Report) -> list[dict[str, Any]]:
    """Each round of the agency's response clock, from the audit log: it starts at the first
    forward, and again when the reporter disputes a fix (actions.answer_fix_check restarts the
    clock); its first answer is the first status change or message by a member of an organisation
    the case is forwarded to."""

    from phalang.audit.models import AuditEntry
    from phalang.orgs.models import Membership

    entries = list(AuditEntry.objects.filter(target_type="watch.report", target_id=str(report.pk)).filter(
        action__in=("report.forward", "report.fix_answer", "report.status", "report.message_to_reporter"))
        .order_by("seq"))
    orgs = set(report.forwarded_to.values_list("pk", flat=True))
    agency = set(Membership.objects.filter(organisation_id__in=orgs).values_list("user_id", flat=True))
    rounds: list[dict[str, Any]] = []
    start: datetime | None = None
    answer: datetime | None = None

    def close() -> None:
        if start is not None:
            rounds.append({"forwarded_at": start.isoformat(), "first_response_at": answer.isoformat() if answer else None,
                           "days": _days(start, answer)})

    for e in entries:
        if e.action == "report.forward" and start is None:
            start = e.created_at
        elif e.action == "report.fix_answer" and (e.data or {}).get("answer") == "disputed" and start is not None:
            close()
            start, answer = e.created_at, None
        elif e.action in ("report.status", "report.message_to_reporter") and start is not None and answer is None \
                and e.actor_id in agency:
            answer = e.created_at
    close()
    if not rounds and report.forwarded_at:  # no audit trail (an imported case): the report's fields
        rounds.append({"forwarded_at": report.forwarded_at.isoformat(),
                       "first_response_at": report.first_response_at.isoformat() if report.first_response_at else None,
                       "days": _days(report.forwarded_at, report.first_response_at)})
    return rounds


def _days(start: Any, end: Any) -> float | None:
    return round((end - start).total_seconds() / 86400, 1) if start and end else None


def _procurement(report: Report) -> list[dict[str, Any]]:
    key = (report.related_project or "").strip()
    if not key:
        return []
    try:
        from phalang.opendata.models import BudgetProject, ContractingProcess
    except ImportError:  # the open-data module is optional
        return []
    found: list[dict[str, Any]] = [
        {"kind": "process", "id": p.ocid, "title": p.title, "method": p.method, "status": p.status,
         "value": p.award_value or p.tender_value, "currency": p.currency,
         "flags": [{"code": f.code, "group": f.group, "value": f.value} for f in p.flags.all()]}
        for p in ContractingProcess.objects.filter(ocid=key).prefetch_related("flags")]
    found += [{"kind": "budget", "id": b.bb_code, "title": f"{b.bb_year} {b.name}", "flags": []}
              for b in BudgetProject.objects.filter(bb_code=key)[:5]]
    return found


def _evidence(report: Report, originals: bool, published_only: bool = False) -> list[tuple[str, bytes, dict[str, Any]]]:
    files = []
    chosen = report.evidence.filter(published=True) if published_only else report.evidence.all()
    if not originals:  # video and sound have no cleaned copy: they go only with the originals
        chosen = chosen.exclude(public_file="")
    for n, ev in enumerate(chosen.order_by("created_at", "id"), start=1):
        if originals:
            data, ext = vault.read_original(ev), vault.extension(ev.kind)
        else:
            data, ext = vault.read_public(ev), "pdf" if ev.kind == "pdf" else "jpg"
        path = f"evidence/{n:02d}-{_sha(data)[:12]}.{ext}"
        files.append((path, data, {"path": path, "sha256": _sha(data), "size": len(data),
                                   "copy": "original" if originals else "cleaned",
                                   "original_sha256": ev.sha256, "received_at": ev.created_at.isoformat()}))
    return files


def gather(report: Report, *, originals: bool, published_only: bool = False) -> tuple[dict[str, Any],
                                                                                     list[tuple[str, bytes]]]:
    """The manifest (without file hashes) and the evidence files (``published_only``: the
    published ones, for an organisation the case was only forwarded to: need to know)."""
    labels = dict(Status.choices)
    updates = list(report.updates.filter(public=True).order_by("created_at", "id"))
    evidence = _evidence(report, originals, published_only)
    checks = list(report.fix_checks.exclude(answer="").order_by("answered_at"))
    rounds = response_rounds(report)
    manifest: dict[str, Any] = {
        "type": STATEMENT_TYPE, "version": 1,
        "report": {
            "id": report.public_id, "category": report.category.slug, "category_th": report.category.name_th,
            "status": report.status, "status_th": str(labels.get(report.status, report.status)),
            "filed_at": report.created_at.isoformat(), "channel": report.channel,
            "province": report.province.name_th if report.province else None,
            "district": report.district.name_th if report.district else None,
            "subdistrict": report.subdistrict.name_th if report.subdistrict else None,
            # Never the original text: it may identify the reporter. Unpublished cases get the
            # redaction engine's proposal.
            "text": report.public_text or redact(report.description).public_text,
            "text_is": "public" if report.public_text else "redacted proposal",
            "forwarded_to": [o.name_th for o in report.forwarded_to.all()],
        },
        "timeline": [{"at": u.created_at.isoformat(), "status": u.status_to,
                      "status_th": str(labels.get(u.status_to, u.status_to)), "text": u.text} for u in updates],
        "response": {
            # The first forward and the agency's first answer, kept after a dispute restarts the
            # clock (the report's own fields then hold the latest round only); each round follows.
            "forwarded_at": rounds[0]["forwarded_at"] if rounds else None,
            "first_response_at": rounds[0]["first_response_at"] if rounds else None,
            "days_to_first_response": rounds[0]["days"] if rounds else None,
            "rounds": rounds,
            "days_open": _days(report.created_at, report.closed_at or timezone.now()),
            "fix_answers": [{"answer": c.answer, "at": c.answered_at.isoformat() if c.answered_at else None}
                            for c in checks],
        },
        "procurement": _procurement(report),
        "evidence": [meta for _p, _d, meta in evidence],
        "public_log": [publiclog.as_json(e) for e in PublicLogEntry.objects.filter(
            report_public_id=report.public_id).order_by("seq")],
        "proof_of_receipt": publiclog.proof_of_receipt(report),
        "public_key": publiclog.public_key_b64(),
    }
    return manifest, [(p, d) for p, d, _m in evidence]


# --- the PDF -------------------------------------------------------------------------------------

def _ttf(name: str) -> str:
    """Sarabun ships as WOFF2 for the web; fpdf2 embeds TrueType, so convert once and keep it."""
    out = data_dir() / "cache" / "fonts" / f"{name}.ttf"
    if not out.exists():
        from fontTools.ttLib import TTFont

        out.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(FONTS / f"{name}.woff2"))
        font.flavor = None
        # A temporary name of this process and thread: two dossiers made at once (two web
        # workers, or threads) each convert, and each atomically replaces the same final file.
        tmp = out.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        font.save(str(tmp))
        tmp.replace(out)
    return str(out)


def _be(iso: str | None) -> str:
    """An ISO time from the manifest as a Thai Buddhist-era date for the reader of the PDF."""
    if not iso:
        return "—"
    try:
        return format_datetime(timezone.localtime(datetime.fromisoformat(iso)))
    except ValueError:
        return iso


def render_pdf(manifest: dict[str, Any]) -> bytes:
    import logging

    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every subset at INFO

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    for weight, style in (("400", ""), ("700", "B")):
        pdf.add_font("SarabunLatin", style, _ttf(f"sarabun-latin-{weight}-normal"))
        pdf.add_font("SarabunThai", style, _ttf(f"sarabun-thai-{weight}-normal"))
    # Latin first (digits, punctuation), Thai from the fallback; HarfBuzz places the vowels and
    # tone marks correctly.
    pdf.set_fallback_fonts(["SarabunThai"], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_title(f"Phalang case {manifest['report']['id']}")
    pdf.set_creator("Phalang")
    pdf.add_page()
    r = manifest["report"]
    width = pdf.epw

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("SarabunLatin", "B", 14)
        pdf.multi_cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("SarabunLatin", "", 11)

    def line(text: str) -> None:
        pdf.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")

    pdf.set_font("SarabunLatin", "B", 18)
    line(f"แฟ้มคดี / Case dossier {r['id']}")
    pdf.set_font("SarabunLatin", "", 11)
    line(f"จัดทำเมื่อ / made at {_be(manifest['made_at'])}")
    heading("เรื่อง / The case")
    place = " ".join(x for x in (r["subdistrict"], r["district"], r["province"]) if x) or "—"
    line(f"ประเภท: {r['category_th']} · สถานะ: {r['status_th']} · ได้รับเมื่อ {_be(r['filed_at'])}")
    line(f"พื้นที่: {place}")
    if r["forwarded_to"]:
        line("ส่งต่อถึง: " + ", ".join(r["forwarded_to"]))
    line(r["text"] or "—")
    heading("ลำดับเหตุการณ์ / Timeline")
    for t in manifest["timeline"]:
        line(f"{_be(t['at'])}  {t['status_th']}" + (f": {t['text']}" if t["text"] else ""))
    heading("ระยะเวลาตอบสนอง / Response times")
    resp = manifest["response"]
    for n, rnd in enumerate(resp["rounds"] or [{"forwarded_at": None, "first_response_at": None, "days": None}], 1):
        again = "" if n == 1 else f"รอบที่ {n} (ผู้แจ้งแจ้งว่ายังไม่ได้แก้ไข) "
        line(f"{again}ส่งต่อเมื่อ: {_be(rnd['forwarded_at'])} · ตอบครั้งแรก: {_be(rnd['first_response_at'])}"
             f" · ใช้เวลา {rnd['days'] if rnd['days'] is not None else '—'} วัน")
    line(f"เปิดเรื่องมาแล้ว {resp['days_open']} วัน")
    for a in resp["fix_answers"]:
        line(f"ผู้แจ้งตอบว่า \"แก้ไขแล้วจริงไหม?\": {'ใช่' if a['answer'] == 'confirmed' else 'ไม่'} ({_be(a['at'])})")
    heading("โครงการจัดซื้อจัดจ้างที่เกี่ยวข้อง / Linked procurement")
    if not manifest["procurement"]:
        line("—")
    for p in manifest["procurement"]:
        line(f"{p['id']}: {p['title']}")
        if p["flags"]:
            line("  ธงแดง / red flags: " + ", ".join(f"{f['code']} ({f['value']:g})" for f in p["flags"]))
    heading("หลักฐาน / Evidence (SHA-256)")
    if not manifest["evidence"]:
        line("—")
    for e in manifest["evidence"]:
        line(f"{e['path']} ({e['copy']}, {e['size']:,} bytes)")
        pdf.set_font("Courier", "", 8)
        line(e["sha256"])
        pdf.set_font("SarabunLatin", "", 11)
    heading("บันทึกสาธารณะที่ลงนาม / Signed public-log entries")
    if not manifest["public_log"]:
        line("— (เรื่องนี้ยังไม่เผยแพร่ / not published)")
    for e in manifest["public_log"]:
        line(f"#{e['seq']} {_be(e['at'])} {e['event']} {e['status']}")
        pdf.set_font("Courier", "", 8)
        line(e["hash"])
        pdf.set_font("SarabunLatin", "", 11)
    heading("หลักฐานการรับเรื่อง / Proof of receipt")
    proof = manifest["proof_of_receipt"]
    line(f"ได้รับเมื่อ {_be(proof['received_at'])} · ไฟล์แนบ {proof['evidence_files']} ไฟล์")
    pdf.set_font("Courier", "", 8)
    line(f"content sha256 {proof['content_sha256']}")
    line(f"site key (Ed25519) {manifest['public_key']}")
    pdf.set_font("SarabunLatin", "", 10)
    line("ตรวจสอบแฟ้มนี้ได้ด้วยคำสั่ง / check with: phalang watch verify-dossier FILE.zip "
         "(statement.json ลงนามครอบคลุม manifest.json และทุกไฟล์ในแฟ้ม)")
    return bytes(pdf.output())


# --- the ZIP and its statement -------------------------------------------------------------------

def build(report: Report, *, by: Any) -> bytes:
    """The dossier ZIP for someone who may see the case (audited)."""
    if by is None or not by.has_perm("report.view", report):
        raise PermissionDenied("report.view")
    from phalang.watch import access

    originals = by.has_perm("report.moderate", report)
    manifest, files = gather(report, originals=originals, published_only=not access.sees_original(by, report))
    manifest["made_at"] = timezone.now().replace(microsecond=0).isoformat()
    pdf = render_pdf(manifest)
    listed = [("dossier.pdf", pdf), *files]
    manifest["files"] = [{"path": p, "sha256": _sha(d), "size": len(d)} for p, d in listed]
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    body = {"type": STATEMENT_TYPE, "version": 1, "report": report.public_id, "made_at": manifest["made_at"],
            "manifest_sha256": _sha(manifest_bytes),
            "public_log_hashes": [e["hash"] for e in manifest["public_log"]],
            "proof_of_receipt_signature": manifest["proof_of_receipt"]["signature"],
            "public_key": manifest["public_key"]}
    statement = {**body, "signature": publiclog.sign(_canonical(body))}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in listed:
            zf.writestr(path, data)
        zf.writestr("manifest.json", manifest_bytes)
        zf.writestr("statement.json", json.dumps(statement, ensure_ascii=False, indent=1))
    record("report.dossier", actor=by, target=report,
           data={"copies": "original" if originals else "cleaned", "files": len(files),
                 "manifest_sha256": body["manifest_sha256"]})
    return out.getvalue()


def _entry_problems(e: dict[str, Any], key_b64: str) -> list[str]:
    """One public-log entry out of its chain: its hash and the site's signature of it."""
    try:
        body = publiclog.canonical(int(e["seq"]), e["report"], e["event"], e["status"], e["at"])
        if publiclog.entry_hash(e["prev_hash"], body) != e["hash"]:
            return ["content does not match its hash (edited)"]
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key_b64)).verify(
            base64.b64decode(e["signature"]), bytes.fromhex(e["hash"]))
    except (KeyError, ValueError, InvalidSignature):
        return ["not signed by the site's key"]
    return []


def carried_key(data: bytes) -> str:
    """The public key a dossier says it was signed with: worth nothing on its own (anyone can make
    a key); ``phalang watch verify-dossier`` compares it with the key it trusts."""
    try:
        return str(json.loads(zipfile.ZipFile(io.BytesIO(data)).read("statement.json")).get("public_key", ""))
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError):
        return ""


def verify(data: bytes, public_key: str | None = None) -> list[str]:
    """Every problem found in a dossier ZIP, or [] when it is intact and signed by the key."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        manifest_bytes = zf.read("manifest.json")
        statement = json.loads(zf.read("statement.json"))
        manifest = json.loads(manifest_bytes)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        return [f"not a dossier: {exc}"]
    problems = []
    key_b64 = public_key or statement.get("public_key", "")
    body = {k: v for k, v in statement.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(key_b64)).verify(
            base64.b64decode(statement.get("signature", "")), _canonical(body))
    except (InvalidSignature, ValueError):
        problems.append("statement.json: the signature is not valid for this key")
    if statement.get("manifest_sha256") != _sha(manifest_bytes):
        problems.append("manifest.json was changed after it was signed")
    names = set(zf.namelist()) - {"manifest.json", "statement.json"}
    listed = {f["path"]: f for f in manifest.get("files", [])}
    for path in sorted(names - set(listed)):
        problems.append(f"{path}: not listed in the manifest (added)")
    for path, meta in sorted(listed.items()):
        if path not in names:
            problems.append(f"{path}: listed but missing")
        elif _sha(zf.read(path)) != meta["sha256"]:
            problems.append(f"{path}: SHA-256 does not match (changed)")
    log = manifest.get("public_log", [])
    if [e["hash"] for e in log] != statement.get("public_log_hashes"):
        problems.append("public-log entries differ from the signed statement")
    for e in log:
        problems += [f"public log #{e.get('seq')}: {p}" for p in _entry_problems(e, key_b64)]
    proof = manifest.get("proof_of_receipt", {})
    if not publiclog.verify_proof(proof, key_b64) or proof.get("signature") != statement.get(
            "proof_of_receipt_signature"):
        problems.append("the proof of receipt is not valid or not the signed one")
    return problems
