"""Prepare a compiled release for use: fix in place what publishers commonly get wrong, and say so.

Cardinal runs a ``prepare`` step before its indicators for the same reason: real data gives an
array as a single object, amounts as text with thousands separators ("1,000,000"), party names
only in ``identifier.legalName``. Without it, pages crash on the shape and blank values hide
real money. Each change is a :class:`Fix` (where, what); a field that cannot be read even so is a
``Fix`` with ``used=False``, so the import can report what it could not use. No Django here.

Releases are stored as published; this runs on the compiled release (pages, search, flags
and the export read that), so a re-import of the same files stays idempotent, and on each
release as the OCDS packages of the API serve it (``packages.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Arrays in the release schema that publishers sometimes give as one object (path from the root).
_ARRAYS: tuple[tuple[str, ...], ...] = (
    ("parties",), ("awards",), ("contracts",), ("tender", "items"), ("tender", "tenderers"),
    ("tender", "documents"), ("tender", "milestones"), ("bids", "details"), ("tag",),
)
# Arrays inside each award / contract / bid.
_INNER_ARRAYS = {"awards": ("suppliers", "items", "documents"), "contracts": ("items", "documents"),
                 "bids.details": ("tenderers",)}
_NUMBER = re.compile(r"^[+-]?\d{1,3}([, \u00a0\u202f']\d{3})+(\.\d+)?$|^[+-]?\d+(\.\d+)?$")
# How Thai documents write an amount in baht around the number: "฿ 4,980,000.-", "4,980,000 บาท",
# "THB 1,000.50". The ".-" (or "-") after it means "and no satang".
_BAHT_BEFORE = re.compile(r"^(?:฿|THB)\s*", re.IGNORECASE)
_BAHT_AFTER = re.compile(r"\s*(?:\.-|-)?\s*(?:บาท|THB)?\s*(?:\.-|-)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Fix:
    """One change prepare made (``used``), or a field it could not use (``used=False``)."""

    path: str  # e.g. "awards", "awards[0].value.amount"
    message: str
    used: bool = True

    @property
    def kind(self) -> str:
        """The path without indexes, so fixes count per field: "awards.value.amount"."""
        return re.sub(r"\[\d+\]", "", self.path)

    @property
    def general(self) -> str:
        """The message without the value it quotes, to count alike fixes together."""
        return re.sub(r" \(.*?\)", "", self.message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def parse_amount(value: Any) -> float | None:
    """A number, or text that is plainly one ("1,000,000", "1 000 000.50", "2500.5", and in baht
    "฿ 4,980,000.-", "4,980,000 บาท"); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _NUMBER.match(text):
        text = _BAHT_AFTER.sub("", _BAHT_BEFORE.sub("", text))
        if not _NUMBER.match(text):
            return None
    return float(re.sub(r"[, \u00a0\u202f']", "", text))


def _says_baht(text: str) -> bool:
    return re.search(r"฿|บาท|THB", text, re.IGNORECASE) is not None


def _get(obj: dict[str, Any], path: tuple[str, ...]) -> tuple[dict[str, Any] | None, str]:
    for key in path[:-1]:
        nxt = obj.get(key)
        if not isinstance(nxt, dict):
            return None, path[-1]
        obj = nxt
    return obj, path[-1]


def _wrap(holder: dict[str, Any], key: str, where: str, fixes: list[Fix]) -> None:
    value = holder.get(key)
    if isinstance(value, dict):
        holder[key] = [value]
        fixes.append(Fix(where, "an object where a list belongs: read as a list of one"))
    elif key == "tag" and isinstance(value, str):  # "tag": "award"
        holder[key] = [value]
        fixes.append(Fix(where, "a text where a list belongs: read as a list of one"))
    elif value is not None and not isinstance(value, list):
        del holder[key]
        fixes.append(Fix(where, f"neither a list nor an object ({type(value).__name__}): left out", used=False))


def _value(obj: Any, where: str, fixes: list[Fix]) -> None:
    """An OCDS Value object: {amount, currency}."""
    if not isinstance(obj, dict) or "amount" not in obj:
        return
    amount = obj["amount"]
    if amount is None or (isinstance(amount, int | float) and not isinstance(amount, bool)):
        return
    number = parse_amount(amount)
    currency = obj.get("currency")
    if number is not None and isinstance(amount, str) and _says_baht(amount) and currency not in (None, "", "THB"):
        number = None  # "฿ 100" in a value said to be in dollars: which one is wrong cannot be told
    if number is None:
        fixes.append(Fix(f"{where}.amount", f"not a number ({str(amount)[:40]!r}): left out", used=False))
        del obj["amount"]
    else:
        obj["amount"] = int(number) if number.is_integer() else number
        fixes.append(Fix(f"{where}.amount", f"text read as a number ({str(amount)[:40]!r})"))


def _dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value).strip()


def _party_name(party: dict[str, Any], where: str, fixes: list[Fix], report: bool = False) -> None:
    """A missing name taken from ``identifier.legalName``. With ``report`` (a party, an award's
    supplier), one with neither id nor name is reported: it can be told only by its identifier
    (the import then matches it by that, ``extract.Resolver``), or not at all."""
    name = party.get("name")
    if isinstance(name, str) and name.strip():
        return
    identifier = party.get("identifier")
    legal = identifier.get("legalName") if isinstance(identifier, dict) else None
    if isinstance(legal, str) and legal.strip():
        party["name"] = legal.strip()
        fixes.append(Fix(f"{where}.name", "missing: taken from identifier.legalName"))
        return
    if not report or _text(party.get("id")):
        return
    number = _text(identifier.get("id")) if isinstance(identifier, dict) else ""
    if number:
        scheme = _text(identifier.get("scheme")) if isinstance(identifier, dict) else ""
        fixes.append(Fix(where, f"neither id nor name: known only by its identifier ({f'{scheme} {number}'.strip()[:80]})"))
    else:
        fixes.append(Fix(where, "neither id, name nor identifier: cannot be told which organisation it is",
                         used=False))


def unread_estimate(release: Any) -> str | None:
    """The text of the publisher's estimate (/tender/value/amount) if prepare cannot read it as a
    number, so it is left out and pages must say so rather than show a bare "-"."""
    tender = release.get("tender") if isinstance(release, dict) else None
    value = tender.get("value") if isinstance(tender, dict) else None
    if not isinstance(value, dict) or value.get("amount") in (None, ""):
        return None
    probe = {"tender": {"value": dict(value)}}
    return str(value["amount"])[:80] if any(not fix.used for fix in prepare(probe)) else None


def prepare(release: dict[str, Any]) -> list[Fix]:
    """Fix ``release`` in place; return what was changed and what could not be used."""
    fixes: list[Fix] = []
    if "initiationType" not in release:  # required by the release schema; "tender" is its only code
        release["initiationType"] = "tender"
        fixes.append(Fix("initiationType", "missing: set to 'tender', the only value OCDS 1.1 has"))
    for path in _ARRAYS:
        holder, key = _get(release, path)
        if holder is not None:
            _wrap(holder, key, ".".join(path), fixes)
    for array, inner in _INNER_ARRAYS.items():
        holder, key = _get(release, tuple(array.split(".")))
        for i, obj in _dicts(holder.get(key) if holder else None):
            for name in inner:
                _wrap(obj, name, f"{array}[{i}].{name}", fixes)
    tender = release.get("tender")
    if isinstance(tender, dict):
        _value(tender.get("value"), "tender.value", fixes)
        _value(tender.get("minValue"), "tender.minValue", fixes)
        count = tender.get("numberOfTenderers")
        if isinstance(count, str):
            number = parse_amount(count)
            if number is not None and number.is_integer() and number >= 0:
                tender["numberOfTenderers"] = int(number)
                fixes.append(Fix("tender.numberOfTenderers", f"text read as a number ({count[:20]!r})"))
            else:
                del tender["numberOfTenderers"]
                fixes.append(Fix("tender.numberOfTenderers", f"not a count ({count[:20]!r}): left out", used=False))
        for i, t in _dicts(tender.get("tenderers")):
            _party_name(t, f"tender.tenderers[{i}]", fixes)
        procuring = tender.get("procuringEntity")
        if isinstance(procuring, dict):
            _party_name(procuring, "tender.procuringEntity", fixes)
    planning = release.get("planning")
    if isinstance(planning, dict) and isinstance(planning.get("budget"), dict):
        _value(planning["budget"].get("amount"), "planning.budget.amount", fixes)
    for i, award in _dicts(release.get("awards")):
        _value(award.get("value"), f"awards[{i}].value", fixes)
        for j, supplier in _dicts(award.get("suppliers")):
            _party_name(supplier, f"awards[{i}].suppliers[{j}]", fixes, report=True)
    for i, contract in _dicts(release.get("contracts")):
        _value(contract.get("value"), f"contracts[{i}].value", fixes)
        implementation = contract.get("implementation")
        if isinstance(implementation, dict):
            for j, transaction in _dicts(implementation.get("transactions")):
                _value(transaction.get("value"), f"contracts[{i}].implementation.transactions[{j}].value", fixes)
    bids = release.get("bids")
    for i, bid in _dicts(bids.get("details") if isinstance(bids, dict) else None):
        _value(bid.get("value"), f"bids.details[{i}].value", fixes)
    for i, party in _dicts(release.get("parties")):
        _party_name(party, f"parties[{i}]", fixes, report=True)
    buyer = release.get("buyer")
    if isinstance(buyer, dict):
        _party_name(buyer, "buyer", fixes)
    return fixes
