"""A demo conversation, clearly labelled, with synthetic votes from 40 made-up participants."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from phalang.deliberation import actions
from phalang.deliberation.models import Conversation, Participant, ParticipantKind, Statement, Vote
from phalang.orgs.models import Organisation

TOPIC = "[ตัวอย่าง] ทำอย่างไรให้ทางเท้าในเมืองของเราเดินได้จริง"
DESCRIPTION = ("[ตัวอย่าง] การสนทนาสาธิต: โหวตเห็นด้วย ไม่เห็นด้วย หรือผ่าน ทีละข้อ แล้วดูว่าคนกลุ่มต่าง ๆ "
               "คิดตรงกันตรงไหน ผู้ร่วมและคะแนนทั้งหมดถูกสร้างขึ้น")
# (statement, stance of each of three latent groups: +1 all agree … −1 all disagree)
STATEMENTS = [
    ("ทางเท้าควรกว้างพอให้รถเข็นและผู้ใช้วีลแชร์ผ่านได้ตลอดเส้นทาง", (0.9, 0.9, 0.8)),
    ("ควรห้ามหาบเร่แผงลอยบนทางเท้าทั้งหมด", (0.8, -0.8, 0.1)),
    ("หาบเร่แผงลอยทำให้ย่านมีชีวิตชีวาและปลอดภัยขึ้นตอนกลางคืน", (-0.7, 0.9, 0.2)),
    ("รถจักรยานยนต์ที่ขี่บนทางเท้าควรถูกปรับทันทีด้วยกล้อง", (0.8, 0.3, -0.6)),
    ("งบซ่อมทางเท้าควรเปิดเผยรายโครงการให้ประชาชนตรวจสอบได้", (0.9, 0.8, 0.9)),
    ("ควรเอาสายไฟลงดินก่อนปรับปรุงทางเท้า แม้จะใช้เวลานานขึ้น", (0.6, 0.1, -0.7)),
    ("ควรปลูกต้นไม้ให้ร่มเงาตลอดแนวทางเท้า", (0.7, 0.8, 0.6)),
    ("ร้านค้าริมถนนควรรับผิดชอบดูแลทางเท้าหน้าร้านของตัวเอง", (0.2, -0.6, 0.8)),
    ("ชุมชนควรมีส่วนร่วมออกแบบทางเท้าในย่านของตัวเอง", (0.6, 0.9, 0.5)),
    ("ควรลดช่องจราจรรถยนต์เพื่อขยายทางเท้า", (0.5, 0.4, -0.8)),
]
N_PARTICIPANTS = 40
GROUP_SHARES = (0.4, 0.35, 0.25)


def seed() -> None:
    if Conversation.objects.filter(is_demo=True).exists():
        return
    org = Organisation.objects.filter(slug="demo-volunteers").first()
    rng = random.Random(6)  # fixed: the demo looks the same on every machine
    with transaction.atomic():
        conv = actions.create_conversation(organisation=org, topic=TOPIC, description=DESCRIPTION,
                                           seeds=[f"[ตัวอย่าง] {text}" for text, _ in STATEMENTS],
                                           is_open=True, is_demo=True)
        Participant.objects.bulk_create([Participant(conversation=conv, kind=ParticipantKind.DEMO)
                                         for _ in range(N_PARTICIPANTS)])
        participants = list(Participant.objects.filter(conversation=conv).order_by("id"))
        statements = list(conv.statements.order_by("id"))
        start = timezone.now() - timedelta(days=3)
        rows: list[tuple[Participant, Statement, int, datetime]] = []
        for i, p in enumerate(participants):
            group = 0 if i < N_PARTICIPANTS * GROUP_SHARES[0] else (
                1 if i < N_PARTICIPANTS * (GROUP_SHARES[0] + GROUP_SHARES[1]) else 2)
            for j, s in enumerate(statements):
                stance = STATEMENTS[j][1][group]
                u = rng.random()
                p_agree = 0.9 * (1 + stance) / 2
                value = Vote.AGREE if u < p_agree else (Vote.DISAGREE if u < 0.9 else Vote.PASS)
                rows.append((p, s, value, start + timedelta(minutes=len(rows) * 7)))
        actions.load_votes(conv, rows, reason="demo")
    actions.recompute(conv)
