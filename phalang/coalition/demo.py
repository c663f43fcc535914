"""Demo directory entries, a coalition, commitments, a campaign and an event, clearly labelled,
for `make demo`. Each part is skipped when it is already there, so a second run adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from phalang.coalition import actions
from phalang.coalition.models import Campaign, Coalition, Commitment
from phalang.orgs import actions as org_actions
from phalang.orgs.models import Organisation, OrganisationArea
from phalang.places.models import Province

# slug: (areas of work, provinces served, public contact); contacts use reserved example names.
DEMO_DIRECTORY: dict[str, tuple[list[str], list[str], dict[str, str]]] = {
    "demo-watchdog": (["anti_corruption", "procurement"], ["กรุงเทพมหานคร", "เชียงราย", "สมุทรปราการ"],
                      {"public_email": "contact@watchdog.example", "line_oa": "@demo-watchdog",
                       "website": "https://watchdog.example"}),
    "demo-district-office": (["public_services"], ["สมุทรปราการ"], {"public_phone": "02 000 0000"}),
    "demo-volunteers": (["community", "environment"], ["เชียงราย", "เชียงใหม่", "พะเยา"],
                        {"line_oa": "@demo-lifeline", "public_email": "help@lifeline.example"}),
    "demo-newsroom": (["media_freedom", "anti_corruption"], ["เชียงใหม่", "เชียงราย"],
                      {"public_email": "tips@newsroom.example", "website": "https://newsroom.example"}),
    "demo-party": (["elections"], [], {"website": "https://party.example"}),
}
DEMO_COALITION = ("demo-good-governance", "[ตัวอย่าง] เครือข่ายธรรมาภิบาลภาคเหนือ",
                  "[ตัวอย่าง] ภาคประชาสังคม สื่อ และอาสาสมัคร ร่วมกันจับตางบประมาณและการจัดซื้อจัดจ้างในภาคเหนือ")


def _directory() -> None:
    """Areas, provinces and a contact for the demo organisations that have none yet."""
    for slug, (areas, provinces, contact) in DEMO_DIRECTORY.items():
        org = Organisation.objects.filter(slug=slug, is_demo=True).first()
        if org is None or OrganisationArea.objects.filter(organisation=org).exists():
            continue
        org_actions.update_directory_profile(
            org, by=None, areas=areas, provinces_served=list(Province.objects.filter(name_th__in=provinces)),
            public_email=contact.get("public_email", ""), public_phone=contact.get("public_phone", ""),
            line_oa=contact.get("line_oa", ""), website=contact.get("website", ""))


def _coalition(watchdog: Organisation) -> Coalition:
    slug, name, description = DEMO_COALITION
    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None:
        coalition = actions.create_coalition(slug=slug, name=name, description=description, lead=watchdog,
                                             is_demo=True)
        for member in Organisation.objects.filter(slug__in=["demo-newsroom", "demo-volunteers"], is_demo=True):
            actions.add_coalition_member(coalition, member)
    return coalition


def seed() -> None:
    watchdog = Organisation.objects.filter(slug="demo-watchdog").first()
    if watchdog is None:
        return
    party = Organisation.objects.filter(slug="demo-party").first() or org_actions.create_organisation(
        slug="demo-party", name_th="[ตัวอย่าง] พรรคโปร่งใส", name_en="[Demo] Transparency Party",
        kind="political_party", is_demo=True)
    _directory()
    coalition = _coalition(watchdog)
    if Campaign.objects.filter(slug="demo-flood-procurement").exists():
        return
    agency = Organisation.objects.filter(slug="demo-district-office").first()
    if not Commitment.objects.filter(is_demo=True).exists():
        c1 = actions.create_commitment(
            tracked_by=watchdog, made_by=party, title="[ตัวอย่าง] เปิดเผยสัญญาจัดซื้อจัดจ้างภาครัฐทุกฉบับภายใน 1 ปี",
            source_title="[ตัวอย่าง] นโยบายหาเสียงเลือกตั้ง", source_date=date(2026, 3, 1), is_demo=True)
        actions.change_commitment_status(c1, "in_progress", reason="[ตัวอย่าง] เริ่มเผยแพร่สัญญาบางส่วนแล้ว")
        c2 = actions.create_commitment(
            tracked_by=watchdog, made_by=party, title="[ตัวอย่าง] ตั้งคณะกรรมการอิสระตรวจสอบงบประมาณท้องถิ่น",
            source_title="[ตัวอย่าง] นโยบายหาเสียงเลือกตั้ง", source_date=date(2026, 3, 1), is_demo=True)
        actions.change_commitment_status(c2, "broken", reason="[ตัวอย่าง] ครบกำหนดแล้วยังไม่มีการแต่งตั้ง")
        if agency is not None:
            actions.create_commitment(
                tracked_by=watchdog, made_by=agency, made_by_official="[ตัวอย่าง] ผู้อำนวยการเขต",
                title="[ตัวอย่าง] ซ่อมไฟส่องสว่างหน้าโรงเรียนภายใน 30 วัน",
                source_title="[ตัวอย่าง] หนังสือตอบเรื่องร้องเรียน", is_demo=True)
    campaign = actions.create_campaign(
        organisation=watchdog, coalition=coalition, slug="demo-flood-procurement", title="[ตัวอย่าง] จับตาจัดซื้อจัดจ้างป้องกันน้ำท่วมเชียงราย",
        issue="[ตัวอย่าง] โครงการป้องกันน้ำท่วมหลายโครงการมีผู้เสนอราคารายเดียว",
        goals="[ตัวอย่าง] เปิดเผยสัญญาทุกฉบับ และให้ชุมชนร่วมตรวจรับงาน", is_demo=True)
    m = actions.add_milestone(campaign, "[ตัวอย่าง] รวบรวมสัญญา 20 ฉบับ")
    actions.set_milestone_progress(m, 60)
    actions.add_milestone(campaign, "[ตัวอย่าง] ยื่นหนังสือต่อจังหวัด")
    actions.post_campaign_update(campaign, "[ตัวอย่าง] ได้รับสำเนาสัญญาแล้ว 12 ฉบับ", notify=False)
    actions.create_event(
        organisation=watchdog, campaign=campaign, title="[ตัวอย่าง] เวทีประชาคมตรวจสอบโครงการ", mode="hybrid",
        agenda="[ตัวอย่าง] 1. สรุปข้อมูลสัญญา 2. แบ่งกลุ่มลงพื้นที่", capacity=80,
        starts_at=timezone.now() + timedelta(days=7), venue="[ตัวอย่าง] ศาลาประชาคม ต.รอบเวียง",
        venue_reveal_at=timezone.now() + timedelta(days=6), is_demo=True)
