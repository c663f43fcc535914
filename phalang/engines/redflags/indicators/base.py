"""What every rule shares: its description, its interface and the partial results it fills.

A rule folds each contracting process into a :class:`Partial` (one per chunk of input),
partials are merged in input order, and the rule then finalizes the merged partial: that is
where rules that compare organizations compute their quartiles and fences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from phalang.engines.redflags.process import Process
from phalang.engines.redflags.settings import RuleOptions, Settings

GROUPS = ("OCID", "Buyer", "ProcuringEntity", "Tenderer")


@dataclass(frozen=True)
class RuleInfo:
    """A rule as people read it: the web app shows these strings next to each flag."""

    code: str
    name_en: str
    name_th: str
    summary_en: str
    summary_th: str
    why_en: str
    why_th: str
    # Property name -> default, exactly as it would be written in the settings file.
    settings: dict[str, str] = field(default_factory=dict)
    # Which result groups the rule can flag.
    groups: tuple[str, ...] = ("OCID",)
    source: str = "Cardinal"
    # "flag": a reason to look closer at the process. "quality": a data-quality note, a problem
    # with the published data itself, never shown or counted as a red flag.
    kind: str = "flag"
    # What the value is, so pages can say it with its unit: "days", "ratio" (0.995),
    # "share" (0.62 = 62%), "count", "bidders" (a number of bidders), "money" (in the process's currency), or "" (as is).
    unit: str = ""
    # The sentence that states the limit a flag applied (``{threshold}``), for rules whose flags
    # carry one (``Flag.threshold``): "a tender period shorter than 15 days is flagged".
    threshold_en: str = ""
    threshold_th: str = ""


class Partial:
    """Results and rule state for one chunk of input; merged chunk by chunk, in input order."""

    __slots__ = ("currency", "currency_any", "errors", "groups", "lines", "meta", "state", "thresholds")

    def __init__(self) -> None:
        self.groups: dict[str, dict[str, dict[str, float]]] = {g: {} for g in GROUPS}
        # The limit a rule applied to one flag, where it can differ between flags (R003's per-method
        # thresholds): (group, key, code) -> limit. Cardinal's output object does not carry it.
        self.thresholds: dict[tuple[str, str, str], float] = {}
        self.state: dict[str, Any] = {}
        self.meta: dict[str, dict[str, float]] = {}
        # The first currency seen by Cardinal's price rules, and by any rule, in input order.
        self.currency: str | None = None
        self.currency_any: str | None = None
        self.lines = 0
        # (line number within this chunk, message)
        self.errors: list[tuple[int, str]] = []

    def flag(self, group: str, key: str, code: str, value: float, threshold: float | None = None) -> None:
        entry = self.groups[group].get(key)
        if entry is None:
            self.groups[group][key] = {code: value}
        else:
            entry[code] = value
        if threshold is not None:
            self.thresholds[(group, key, code)] = threshold

    def observe(self, currency: str) -> None:
        if self.currency is None:
            self.currency = currency
        if self.currency_any is None:
            self.currency_any = currency

    def observe_any(self, currency: str) -> None:
        if self.currency_any is None:
            self.currency_any = currency


class Rule:
    """One indicator. Subclasses live one per file in this package."""

    code: ClassVar[str]
    info: ClassVar[RuleInfo]
    # Property names accepted in the rule's section, and its dotted sub-sections.
    properties: ClassVar[tuple[str, ...]] = ()
    subsections: ClassVar[tuple[str, ...]] = ()
    # Top-level release fields without which fold() can never find anything; the engine skips
    # the call when one is missing (most releases have no bids, for example).
    needs: tuple[str, ...] = ()

    def __init__(self, options: RuleOptions, settings: Settings) -> None:
        options.check(self.properties, self.subsections)
        self.settings = settings
        self.price_include = frozenset(settings.price_comparison_procurement_methods)
        self.price_exclude = frozenset(settings.no_price_comparison_procurement_methods)

    def compares_prices(self, process: Process) -> bool:
        """False if bid prices are not comparable (e.g. the buyer set the price)."""
        return process.matches_details(self.price_include, self.price_exclude)

    def fold(self, process: Process, partial: Partial) -> None:
        """Look at one contracting process."""

    def merge(self, mine: Any, theirs: Any) -> Any:
        """Combine this rule's state from two partials (``mine`` comes first in the input)."""
        return mine

    def finalize(self, partial: Partial, currency: str | None) -> None:
        """Flag organizations or processes once all input is seen; ``currency`` is the main one."""


def main_currency_filter(entries: dict[str, Any], currency: str | None) -> Any:
    """The state kept for the main currency (rules keep state per currency until the end)."""
    if currency is None:
        return None
    return entries.get(currency)
