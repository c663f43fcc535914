"""Which fields each rule needs, and how many processes have them (``phalang flags coverage``).

Cardinal's ``coverage`` answers "can this data support this indicator at all?" before anyone reads
an empty result as a clean bill. Here a field counts when it is present with the type the rules
read (a non-empty object or list); a rule can run on a process that has every field it ``needs``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from phalang.engines.redflags.indicators import RULE_CLASSES
from phalang.engines.redflags.runner import FIELDS
from phalang.engines.redflags.settings import Settings


@dataclass
class Coverage:
    processes: int
    fields: dict[str, int]  # top-level field -> processes that have it
    rules: dict[str, tuple[tuple[str, ...], int]]  # rule -> (fields it needs, processes with all)

    def lines(self) -> list[str]:
        out = [f"processes\t{self.processes}"]
        out += [f"field {name}\t{count}" for name, count in self.fields.items()]
        for code, (needs, count) in self.rules.items():
            out.append(f"{code}\t{'+'.join(needs) or '-'}\t{count}")
        return out


def _present(value: Any) -> bool:
    return isinstance(value, dict | list) and bool(value)


def coverage(releases: Iterable[Any], settings: Settings) -> Coverage:
    masks: Counter[frozenset[str]] = Counter()
    total = 0
    for release in releases:
        if not isinstance(release, dict):
            continue
        total += 1
        masks[frozenset(name for name in FIELDS if _present(release.get(name)))] += 1
    fields = {name: sum(n for mask, n in masks.items() if name in mask) for name in FIELDS}
    rules: dict[str, tuple[tuple[str, ...], int]] = {}
    for code, options in settings.rules.items():
        needs = tuple(RULE_CLASSES[code](options, settings).needs)
        rules[code] = (needs, sum(n for mask, n in masks.items() if mask.issuperset(needs)))
    return Coverage(total, fields, rules)
