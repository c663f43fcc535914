"""Urgency tiers from explicit triage questions, and the queue's priority.

One place for the rules, so a coordinator can read why a request got its tier. Tiers: 4 life
at risk now, 3 today, 2 within a day or two, 1 when someone is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Thailand's Department of Medical Services home-isolation guideline (2021) sent patients to
# hospital at an oxygen saturation below 94%, or with breathing difficulty: tier 4.
SPO2_RED_FLAG = 94

# Priority rises one tier for every AGING_HOURS waited, without a cap, so a tier-1 request
# overtakes a fresh tier-4 one after 36 hours: nobody waits forever.
AGING_HOURS = 12.0


@dataclass(frozen=True)
class Question:
    key: str
    text_th: str
    text_en: str
    kind: str = "yes_no"  # or "number"


QUESTIONS = [
    Question("breathing", "มีอาการหายใจลำบาก หอบเหนื่อย หรือไม่", "Is anyone short of breath?"),
    Question("spo2", "ค่าออกซิเจนในเลือด (SpO2) วัดได้กี่เปอร์เซ็นต์ (ถ้าไม่ได้วัด ให้ข้าม)",
             "Oxygen saturation (SpO2) in %, if measured", "number"),
    Question("chest_pain", "มีอาการเจ็บแน่นหน้าอก ซึม หรือปลุกไม่ตื่น หรือไม่",
             "Chest pain, confusion, or hard to wake?"),
    Question("fever", "มีไข้สูงเกิน 2 วัน หรือไม่", "High fever for more than two days?"),
    Question("medicine_out", "ยาประจำตัวจะหมดภายใน 2 วัน หรือไม่", "Will regular medicine run out within two days?"),
    Question("no_food", "ไม่มีอาหารกินมาแล้ว 24 ชั่วโมง หรือไม่", "No food for 24 hours?"),
]

# Needs that are themselves medical: never below tier 3.
MEDICAL_NEEDS = {"oxygen", "bed", "medical_transport"}


def _yes(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "y", "on", "ใช่", "มี"}


def spo2_value(value: Any) -> int | None:
    try:
        number = int(float(str(value).strip().rstrip("%")))
    except (TypeError, ValueError):
        return None
    return number if 50 <= number <= 100 else None


def urgency(answers: dict[str, Any], need: str, vulnerable: bool) -> tuple[int, list[str]]:
    """The tier and the reasons, in English keys a template can translate."""
    reasons: list[str] = []
    spo2 = spo2_value(answers.get("spo2"))
    if _yes(answers.get("breathing")):
        reasons.append("breathing")
    if spo2 is not None and spo2 < SPO2_RED_FLAG:
        reasons.append("spo2")
    if _yes(answers.get("chest_pain")):
        reasons.append("chest_pain")
    if reasons:
        return 4, reasons
    tier = 1
    for key in ("fever", "medicine_out"):
        if _yes(answers.get(key)):
            reasons.append(key)
            tier = 3
    if need in MEDICAL_NEEDS:
        reasons.append("medical_need")
        tier = max(tier, 3)
    if _yes(answers.get("no_food")):
        reasons.append("no_food")
        tier = max(tier, 3 if vulnerable else 2)
    if vulnerable:
        reasons.append("vulnerable")
        tier = max(tier, 2)
    return tier, reasons


def priority(tier: int, created_at: datetime, now: datetime) -> float:
    waited = max(0.0, (now - created_at).total_seconds() / 3600)
    return tier + waited / AGING_HOURS


def waiting_hours(created_at: datetime, now: datetime) -> float:
    return max(0.0, (now - created_at).total_seconds() / 3600)
