"""Urgency tiers from explicit triage questions, and the queue's priority.

One place for the rules, so a coordinator can read why a request got its tier. Tiers: 4 life
at risk now, 3 today, 2 within a day or two, 1 when someone is free.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import pgettext_lazy

from phalang.aid import kits

# Thailand's Department of Medical Services home-isolation guideline (2021) sent patients to
# hospital at an oxygen saturation below 94%, or with breathing difficulty: tier 4.
SPO2_RED_FLAG = 94

# Priority rises one tier for every AGING_HOURS waited, without a cap, so a tier-1 request
# overtakes a fresh tier-4 one after 36 hours: nobody waits forever.
AGING_HOURS = 12.0


# Every question any kit asks: a key means the same thing whichever kit asked it.
QUESTIONS = list(kits.QUESTIONS.values())

# Needs that are themselves medical: never below tier 3.
MEDICAL_NEEDS = {"oxygen", "bed", "medical_transport", "bedridden"}


def _yes(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "y", "on", "ใช่", "มี"}


def spo2_value(value: Any) -> int | None:
    try:
        number = int(float(str(value).strip().rstrip("%")))
    except (TypeError, ValueError):
        return None
    return number if 50 <= number <= 100 else None


# The reasons that are not a kit question, as the request page names them (never the raw key:
# "vulnerable" once showed on the Thai page, issue 15).
REASON_LABELS: dict[str, Any] = {
    "medical_need": pgettext_lazy("aid triage reason", "A medical need"),
    "vulnerable": pgettext_lazy("aid triage reason", "Elderly people, children or people with a disability"),
}
OTHER_REASON = pgettext_lazy("aid triage reason", "Another reason")


def urgency(answers: dict[str, Any], need: str, vulnerable: bool) -> tuple[int, list[str]]:
    """The tier and the reasons, in English keys a template can translate.

    A life-at-risk answer (tier 4) stands alone; otherwise the highest tier any answer, a medical
    need or vulnerable members give.
    """
    red: list[str] = []
    reasons: list[str] = []
    tier = 1
    for q in kits.QUESTIONS.values():
        value = answers.get(q.key)
        if q.kind == "number":
            number = spo2_value(value) if q.key == "spo2" else None
            hit = number is not None and q.below is not None and number < q.below
        else:
            hit = _yes(value)
        if not hit:
            continue
        q_tier = q.tier_vulnerable if vulnerable and q.tier_vulnerable else q.tier
        if q_tier >= 4:
            red.append(q.key)
        reasons.append(q.key)
        tier = max(tier, q_tier)
    if red:
        return 4, red
    if need in MEDICAL_NEEDS:
        reasons.append("medical_need")
        tier = max(tier, 3)
    if vulnerable:
        reasons.append("vulnerable")
        tier = max(tier, 2)
    return tier, reasons


def priority(tier: int, created_at: datetime, now: datetime) -> float:
    waited = max(0.0, (now - created_at).total_seconds() / 3600)
    return tier + waited / AGING_HOURS


def waiting_hours(created_at: datetime, now: datetime) -> float:
    return max(0.0, (now - created_at).total_seconds() / 3600)
