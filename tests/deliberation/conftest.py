from __future__ import annotations

import pytest

from phalang.deliberation import actions
from phalang.deliberation.models import Participant, ParticipantKind
from phalang.orgs.roles import Role

SEEDS = [
    "ทุกซอยควรมีไฟส่องสว่างตอนกลางคืน",
    "ควรเก็บขยะทุกวันแทนสัปดาห์ละสองครั้ง",
    "ควรห้ามจอดรถบนทางเท้าโดยเด็ดขาด",
    "ตลาดนัดควรย้ายออกจากถนนสายหลัก",
    "งบประมาณชุมชนควรเปิดเผยทุกเดือน",
    "ควรมีลานกีฬาสำหรับเยาวชนในทุกชุมชน",
    "ควรเพิ่มกล้องวงจรปิดทุกหัวมุมถนน",
    "ชุมชนควรเลือกตัวแทนเองทุกสองปี",
]


@pytest.fixture
def org(make_org):  # type: ignore[no-untyped-def]
    return make_org("talk-org")


@pytest.fixture
def facilitator(make_user, org):  # type: ignore[no-untyped-def]
    return make_user("fac", org=org, role=Role.COORDINATOR)


@pytest.fixture
def conversation(org):  # type: ignore[no-untyped-def]
    return actions.create_conversation(organisation=org, topic="อนาคตของชุมชนเรา", description="ทดสอบ",
                                       seeds=SEEDS, is_open=True)


def two_camps(conversation, per_group: int = 10, extra: int = 0):  # type: ignore[no-untyped-def]
    """Two opposed camps: camp A agrees with the first half of the statements and disagrees
    with the rest, camp B the reverse; everyone agrees with statement 4 (the shared ground)."""
    statements = list(conversation.statements.order_by("id"))
    half = len(statements) // 2
    rows = []
    for camp in (0, 1):
        for _ in range(per_group):
            p = Participant.objects.create(conversation=conversation, kind=ParticipantKind.DEMO)
            for j, s in enumerate(statements):
                agree = (j < half) == (camp == 0)
                value = 1 if j == 4 or agree else -1
                rows.append((p, s, value, s.created_at))
    actions.load_votes(conversation, rows, reason="test")
    return statements
