"""The settings file: Cardinal's INI format, plus Phalang's own ``[THxx]`` sections.

A section named after a rule enables that rule; its properties configure it. Top-level
properties (before any section) and ``[exclusions]`` apply to every rule. The sections that
Cardinal's ``prepare`` command reads are accepted and ignored, so one file serves both tools.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

TOP_LEVEL_KEYS = frozenset(
    {"currency", "no_price_comparison_procurement_methods", "price_comparison_procurement_methods"}
)
# Read by Cardinal's `prepare` command, not by `indicators`.
PREPARE_SECTIONS = frozenset({"defaults", "redactions", "corrections", "modifications"})


class SettingsError(ValueError):
    """The settings file is malformed or names an unknown property."""


def pipe_list(value: str | None) -> tuple[str, ...]:
    """Split ``a|b|c``; a trailing ``|`` adds nothing, as in Cardinal (Rust's split_terminator)."""
    if not value:
        return ()
    parts = value.split("|")
    if parts[-1] == "":
        parts.pop()
    return tuple(parts)


@dataclass(frozen=True)
class RuleOptions:
    """The raw properties of one rule's section, plus its dotted sub-sections."""

    code: str
    values: dict[str, str] = field(default_factory=dict)
    subsections: dict[str, dict[str, str]] = field(default_factory=dict)

    def _raw(self, name: str) -> str | None:
        return self.values.get(name)

    def integer(self, name: str, default: int, minimum: int | None = 0) -> int:
        raw = self._raw(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise SettingsError(f"[{self.code}] {name}: expected an integer, got {raw!r}") from None
        if minimum is not None and value < minimum:
            raise SettingsError(f"[{self.code}] {name}: must be at least {minimum}, got {value}")
        return value

    def optional_integer(self, name: str) -> int | None:
        return None if self._raw(name) is None else self.integer(name, 0)

    def decimal(self, name: str, default: float) -> float:
        value = self.optional_decimal(name)
        return default if value is None else value

    def optional_decimal(self, name: str) -> float | None:
        raw = self._raw(name)
        if raw is None:
            return None
        try:
            return float(raw)
        except ValueError:
            raise SettingsError(f"[{self.code}] {name}: expected a decimal, got {raw!r}") from None

    def pipes(self, name: str, default: str = "") -> tuple[str, ...]:
        raw = self._raw(name)
        return pipe_list(default if raw is None else raw)

    def check(self, allowed: Iterable[str], subsections: Iterable[str] = ()) -> None:
        """Refuse unknown properties, as Cardinal does, so a typo does not silently do nothing."""
        allowed = set(allowed)
        for name in self.values:
            if name not in allowed:
                raise SettingsError(f"[{self.code}] unknown property {name!r}")
        known = set(subsections)
        for name in self.subsections:
            if name not in known:
                raise SettingsError(f"unknown section [{self.code}.{name}]")


@dataclass(frozen=True)
class Settings:
    """Everything the ``indicators`` command reads from a settings file."""

    currency: str | None = None
    no_price_comparison_procurement_methods: tuple[str, ...] = ()
    price_comparison_procurement_methods: tuple[str, ...] = ()
    excluded_procurement_method_details: tuple[str, ...] = ()
    rules: dict[str, RuleOptions] = field(default_factory=dict)

    @property
    def enabled(self) -> list[str]:
        return list(self.rules)


def _strip_comment(line: str) -> str:
    # An inline comment needs whitespace before it, so values may still contain ';' or '#'.
    for marker in (" ;", "\t;", " #", "\t#"):
        index = line.find(marker)
        if index != -1:
            line = line[:index]
    return line.strip()


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """Parse INI text into {section: {key: value}}; top-level keys go under the "" section.

    Keys keep their case: procurement method details such as ``Licitación`` are keys.
    """
    sections: dict[str, dict[str, str]] = {"": {}}
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in ";#":
            continue
        if line.startswith("["):
            end = line.find("]")
            if end == -1:
                raise SettingsError(f"line {number}: unclosed section header {raw!r}")
            current = line[1:end].strip()
            sections.setdefault(current, {})
            continue
        if "=" not in line:
            raise SettingsError(f"line {number}: expected 'name = value', got {raw!r}")
        key, value = line.split("=", 1)
        sections[current][key.strip()] = _strip_comment(value)
    return sections


def parse_settings(text: str, known_rules: Iterable[str]) -> Settings:
    codes = list(known_rules)
    known = set(codes)
    sections = parse_ini(text)
    top = sections.pop("")
    for key in top:
        if key not in TOP_LEVEL_KEYS:
            raise SettingsError(f"unknown top-level property {key!r}")
    exclusions = sections.pop("exclusions", {})
    for key in exclusions:
        if key != "procurement_method_details":
            raise SettingsError(f"[exclusions] unknown property {key!r}")

    rules: dict[str, RuleOptions] = {}
    for name, values in sections.items():
        head, _, sub = name.partition(".")
        if head in PREPARE_SECTIONS or head == "codelists":
            continue
        if head not in known:
            raise SettingsError(f"unknown section [{name}]")
        options = rules.setdefault(head, RuleOptions(head))
        if sub:
            options.subsections[sub] = dict(values)
        else:
            options.values.update(values)

    # Keep the registry's order, so rules always run (and observe currencies) in one order.
    ordered = {code: rules[code] for code in codes if code in rules}
    return Settings(
        currency=top.get("currency") or None,
        no_price_comparison_procurement_methods=pipe_list(
            top.get("no_price_comparison_procurement_methods")
        ),
        price_comparison_procurement_methods=pipe_list(
            top.get("price_comparison_procurement_methods")
        ),
        excluded_procurement_method_details=pipe_list(exclusions.get("procurement_method_details")),
        rules=ordered,
    )


def load_settings(path: str | Path | None = None, text: str | None = None) -> Settings:
    """Read a settings file (or text). Without either, every rule is enabled with defaults."""
    from phalang.engines.redflags.indicators import RULE_CLASSES

    codes = list(RULE_CLASSES)
    if path is None and text is None:
        text = "\n".join(f"[{code}]" for code in codes)
    elif text is None:
        text = Path(path).read_text(encoding="utf-8")  # type: ignore[arg-type]
    settings = parse_settings(text, codes)
    # Build each enabled rule once now: rules read their values when built, so a bad value
    # ("minimum_days = abc") is a SettingsError here, not a traceback halfway through a run.
    for code, options in settings.rules.items():
        RULE_CLASSES[code](options, settings)
    return settings
