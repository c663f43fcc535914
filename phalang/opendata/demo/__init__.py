"""Demo open data: a handful of made-up processes and budget lines, every name marked [ตัวอย่าง].

Hand-written for the demonstration (not copied from any publisher), so the demo runs on a fresh
machine without ../shared. Seeding is idempotent: the imports themselves are.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
OCDS_FILE = HERE / "ocds-releases.jsonl"
BUDGET_FILE = HERE / "budget.jsonl"


def seed() -> None:
    from phalang.opendata import actions
    from phalang.opendata.models import BudgetProject, ContractingProcess

    # Seeded once: a second `make demo` must add nothing, not even an import-run record.
    if ContractingProcess.objects.filter(is_demo=True).exists() and BudgetProject.objects.filter(is_demo=True).exists():
        return
    actions.import_ocds([OCDS_FILE], demo=True)
    actions.import_budget([BUDGET_FILE], demo=True)
