"""Demo mutual-aid data, labelled [ตัวอย่าง], for `make demo`. Idempotent."""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.db import transaction

from phalang.accounts import actions as account_actions
from phalang.accounts.models import User
from phalang.aid import actions
from phalang.aid.models import HelpRequest, Hub, Item, Skill, VehicleKind, VolunteerProfile
from phalang.lib.env import data_dir
from phalang.orgs.models import Organisation

ITEMS = [("rice", "ข้าวสาร", "Rice", "กก."), ("water", "น้ำดื่ม", "Drinking water", "แพ็ก"),
         ("food-box", "ถุงยังชีพ", "Food parcel", "ชุด"), ("oximeter", "เครื่องวัดออกซิเจนปลายนิ้ว", "Pulse oximeter", "เครื่อง"),
         ("oxygen", "ถังออกซิเจน", "Oxygen cylinder", "ถัง")]
# username, name, skills, vehicle, place
VOLUNTEERS = [
    ("demo-vol-somchai", "[ตัวอย่าง] สมชาย ขับรถ", [Skill.DRIVER], VehicleKind.PICKUP, "ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย"),
    ("demo-vol-malee", "[ตัวอย่าง] มาลี พยาบาล", [Skill.MEDIC], VehicleKind.MOTORCYCLE, "ต.ริมกก อ.เมืองเชียงราย จ.เชียงราย"),
    ("demo-vol-anan", "[ตัวอย่าง] อนันต์ แม่ครัว", [Skill.COOK], VehicleKind.CAR, "ต.บ้านดู่ อ.เมืองเชียงราย จ.เชียงราย"),
]
REQUESTS: list[tuple[str, str, int, dict[str, Any], str]] = [
    ("food", "[ตัวอย่าง] ครอบครัวกักตัว 5 คน อาหารหมด", 5, {"no_food": True}, "ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย"),
    ("oxygen", "[ตัวอย่าง] ผู้ป่วยหายใจเหนื่อย ออกซิเจน 92%", 1, {"breathing": True, "spo2": 92},
     "ต.ริมกก อ.เมืองเชียงราย จ.เชียงราย"),
    ("medicine", "[ตัวอย่าง] ยาความดันจะหมดพรุ่งนี้", 1, {"medicine_out": True}, "ต.บ้านดู่ อ.เมืองเชียงราย จ.เชียงราย"),
]


def _password(username: str) -> str:
    path = data_dir() / "demo-credentials.json"
    creds = json.loads(path.read_text()) if path.exists() else {}
    return str(creds.get(username) or "demo-" + secrets.token_urlsafe(9))


@transaction.atomic
def seed() -> None:
    org = Organisation.objects.filter(slug="demo-volunteers").first()
    if org is None or Hub.objects.filter(organisation=org, is_demo=True).exists():
        return
    coordinator = User.objects.filter(username="coordinator").first()
    hub = actions.create_hub(org, by=None, name="[ตัวอย่าง] ครัวกลางเชียงราย", lat=19.9105, lon=99.8406, is_demo=True)
    actions.set_site_capacity(hub, by=None, beds_total=20, beds_used=12, isolation_total=10, isolation_used=9)
    for slug, th, en, unit in ITEMS:
        item, _ = Item.objects.get_or_create(slug=slug, defaults={"name_th": th, "name_en": en, "unit": unit})
        actions.set_stock(hub, item, by=None, quantity=5 if slug == "oxygen" else 100, minimum=10)
    for username, name, skills, vehicle, place in VOLUNTEERS:
        user = User.objects.filter(username=username).first() or account_actions.create_user(
            username, _password(username), display_name=name)
        if not VolunteerProfile.objects.filter(user=user).exists():
            vol = actions.register_volunteer(user, org, actions.VolunteerData(
                place_text=place, skills=list(skills), radius_km=15, max_tasks_per_day=3,
                # a vehicle the group's kit lists (the kit in force may be another crisis's)
                vehicle=vehicle if vehicle in actions.vehicles_for(org) else VehicleKind.NONE,
                available_from="00:00", available_until="23:59"), is_demo=True)
            actions.verify_volunteer(vol, by=None, trusted=True)
    demo_volunteer = User.objects.filter(username="volunteer").first()
    if demo_volunteer is not None and not VolunteerProfile.objects.filter(user=demo_volunteer).exists():
        vol = actions.register_volunteer(demo_volunteer, org, actions.VolunteerData(
            place_text="ต.รอบเวียง อ.เมืองเชียงราย จ.เชียงราย", skills=[Skill.DRIVER],
            vehicle=VehicleKind.CAR if VehicleKind.CAR in actions.vehicles_for(org) else VehicleKind.NONE,
            radius_km=20, available_from="00:00", available_until="23:59"), is_demo=True)
        actions.verify_volunteer(vol, by=None, trusted=True)
    if not HelpRequest.objects.filter(is_demo=True).exists():
        for need, text, people, answers, place in REQUESTS:
            req, _ = actions.file_help_request(actions.NewHelpRequest(
                need=need, details=text, people=people, answers=answers, place_text=place,
                name="[ตัวอย่าง] ผู้ขอ", phone="0800000000", address="[ตัวอย่าง] บ้านเลขที่ 1",
                consent_share=True, organisation=org.slug, is_demo=True), by=coordinator)
            actions.triage_request(req, by=None)
