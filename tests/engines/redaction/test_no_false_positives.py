"""Ordinary money amounts, dates, budget codes and real project names stay as written."""

from __future__ import annotations

import json
from pathlib import Path

from phalang.engines.redaction import find, redact

ORDINARY = [
    "งบประมาณ 1,500,000 บาท",
    "โครงการได้รับงบประมาณ 12,345,678.50 บาท ในปีงบประมาณ พ.ศ. 2561",
    "วันที่ 15/08/2560 เวลา 10.30 น.",
    "ประกาศ ณ วันที่ 01-05-2560",
    "รหัสงบประมาณ 1500874013500001 หน่วยงาน 15008",
    "ถนนกว้าง 6 เมตร ยาว 1,605 เมตร หนา 0.05 เมตร พื้นที่ไม่น้อยกว่า 9,630 ตารางเมตร",
    "สัญญาเลขที่ 12/2561 ลงวันที่ 3 ต.ค. 2560 วงเงิน 4,990,000 บาท",
]


def test_ordinary_numbers_are_left_alone() -> None:
    for text in ORDINARY:
        assert find(text) == [], text
        assert redact(text).public_text == text


def test_real_budget_project_names_have_almost_no_personal_data(shared_data: Path) -> None:
    """Budget project names are public text about roads and schools; flag very few of them."""
    flagged = []
    total = 0
    for path in sorted((shared_data / "thai-budget").glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number % 10 or not line.startswith("{"):
                    continue
                total += 1
                name = json.loads(line)["name"]
                kinds = {f.kind for f in find(name)} - {"person_name"}
                if kinds:
                    flagged.append((kinds, name))
    assert total > 2000
    # Names of landowners do appear ("ที่นา นายสุเทพ ..."); numbers must not be misread.
    assert len(flagged) <= total // 1000, flagged[:5]
