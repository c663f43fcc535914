"""A contracting process (one compiled release) as the rules see it.

The accessors follow Cardinal's reading of OCDS: a field counts only if it has the expected
JSON type (a string id, a numeric amount, an array of bids), and anything else is treated as
absent rather than as an error. Results that several rules need are computed once and cached.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

EMPTY: dict[str, Any] = {}
FINAL_AWARD_STATUSES = ("cancelled", "unsuccessful")
NOT_SUBMITTED = ("invited", "withdrawn")
_UNSET: Any = object()


def is_number(value: object) -> bool:
    return (type(value) is float) or (type(value) is int)


def string_ids(parties: object) -> list[str]:
    """The string ``id`` of each object in an array of organization references."""
    if type(parties) is not list:
        return []
    return [p["id"] for p in parties if type(p) is dict and type(p.get("id")) is str]


def money(value: object) -> tuple[float, str] | None:
    """(amount, currency) of an OCDS Value object, if both are set with the right types."""
    if type(value) is not dict:
        return None
    amount = value.get("amount")
    currency = value.get("currency")
    if not is_number(amount) or type(currency) is not str:
        return None
    return float(amount), currency  # type: ignore[arg-type]


def parse_rfc3339(text: object) -> datetime | None:
    """A timezone-aware datetime from an RFC 3339 string, or None (Cardinal skips those)."""
    if type(text) is not str or len(text) < 20 or text[4] != "-" or text[10] not in "Tt ":
        return None
    try:
        # Python 3.11 reads "Z" and any separator; RFC 3339's checks are the ones above.
        parsed = datetime.fromisoformat(text)
    except ValueError:
        if text[-1] != "z":
            return None
        return parse_rfc3339(text[:-1] + "Z")
    return parsed if parsed.tzinfo is not None else None


def parse_date_lenient(text: object) -> datetime | None:
    """Like parse_rfc3339, but also accepts a bare date or a time without zone (as UTC)."""
    parsed = parse_rfc3339(text)
    if parsed is not None or type(text) is not str:
        return parsed
    try:
        parsed = datetime.fromisoformat(text[:10] if len(text) == 10 else text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        from datetime import UTC

        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def whole_days(delta: timedelta) -> int:
    """Whole days, truncated toward zero, like chrono's Duration::num_days."""
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    days = abs(micros) // 86_400_000_000
    return days if micros >= 0 else -days


class Process:
    """One compiled release, with cached views shared by the rules."""

    __slots__ = (
        "_active",
        "_complete",
        "_details",
        "_reference",
        "_submitted",
        "ocid",
        "release",
        "tender",
    )

    def __init__(self, release: dict[str, Any], ocid: str) -> None:
        self.release = release
        self.ocid = ocid
        tender = release.get("tender")
        self.tender: dict[str, Any] = tender if type(tender) is dict else EMPTY
        self._details: Any = _UNSET
        self._submitted: Any = _UNSET
        self._complete: Any = _UNSET
        self._active: Any = _UNSET
        self._reference: Any = _UNSET

    @property
    def awards(self) -> list[Any] | None:
        awards = self.release.get("awards")
        return awards if type(awards) is list else None

    @property
    def contracts(self) -> list[Any] | None:
        contracts = self.release.get("contracts")
        return contracts if type(contracts) is list else None

    @property
    def details(self) -> list[Any] | None:
        """/bids/details, if it is an array."""
        if self._details is _UNSET:
            bids = self.release.get("bids")
            details = bids.get("details") if type(bids) is dict else None
            self._details = details if type(details) is list else None
        return self._details

    @property
    def submitted_bids(self) -> list[dict[str, Any]]:
        """Bids with a status other than invited or withdrawn (pending, valid, disqualified...)."""
        if self._submitted is _UNSET:
            self._submitted = [
                bid
                for bid in self.details or ()
                if type(bid) is dict
                and type(bid.get("status")) is str
                and bid["status"] not in NOT_SUBMITTED
            ]
        return self._submitted

    @property
    def complete_awards(self) -> list[dict[str, Any]] | None:
        """The active awards, if awards and bid details are arrays and every award is final.

        None means the process is skipped: some award is pending (or has an unknown status), so
        results would not be stable. An award without a string status is ignored.
        """
        if self._complete is _UNSET:
            awards = self.awards
            result: list[dict[str, Any]] | None = None
            if awards is not None and self.details is not None:
                result = []
                for award in awards:
                    if type(award) is not dict:
                        continue
                    status = award.get("status")
                    if type(status) is not str:
                        continue
                    if status == "active":
                        result.append(award)
                    elif status not in FINAL_AWARD_STATUSES:
                        result = None
                        break
            self._complete = result
        return self._complete

    @property
    def active_awards(self) -> list[dict[str, Any]]:
        if self._active is _UNSET:
            self._active = [
                a for a in self.awards or () if type(a) is dict and a.get("status") == "active"
            ]
        return self._active

    def earliest_award_date(self) -> str | None:
        """The earliest date (as published) of an active award."""
        dates = [a["date"] for a in self.active_awards if type(a.get("date")) is str]
        return min(dates) if dates else None

    def single_supplier(self, award: dict[str, Any]) -> str | None:
        suppliers = award.get("suppliers")
        if type(suppliers) is not list or len(suppliers) != 1 or type(suppliers[0]) is not dict:
            return None
        ident = suppliers[0].get("id")
        return ident if type(ident) is str else None

    def award_reference_ratio(self) -> float | None:
        """Sum of active awards / /tender/value, if every active award is priced in its currency."""
        if self._reference is _UNSET:
            self._reference = self._award_reference_ratio()
        return self._reference

    def _award_reference_ratio(self) -> float | None:
        reference = money(self.tender.get("value"))
        if reference is None or reference[0] <= 0.0:
            return None
        awards = self.active_awards
        if not awards:
            return None
        total = 0.0
        for award in awards:
            value = money(award.get("value"))
            if value is None or value[1] != reference[1]:
                return None
            total += value[0]
        return total / reference[0]

    def has_active_award(self) -> bool:
        return any(type(a) is dict and a.get("status") == "active" for a in self.awards or ())

    def procurement_method(self) -> str | None:
        method = self.tender.get("procurementMethod")
        return method if type(method) is str else None

    def procurement_method_details(self) -> str | None:
        details = self.tender.get("procurementMethodDetails")
        return details if type(details) is str else None

    def matches_methods(self, methods: frozenset[str]) -> bool:
        """True if no filter is set, or /tender/procurementMethod is in it."""
        return not methods or self.procurement_method() in methods

    def matches_details(self, include: frozenset[str], exclude: frozenset[str]) -> bool:
        """Cardinal's allow/deny test on /tender/procurementMethodDetails.

        An allow list, when set, wins: an unset field then does not match. A deny list only
        removes processes whose field is set and listed.
        """
        details = self.procurement_method_details()
        if details is None:
            return not include
        if include:
            return details in include
        return details not in exclude

    def buyer_id(self) -> str | None:
        buyer = self.release.get("buyer")
        ident = buyer.get("id") if type(buyer) is dict else None
        return ident if type(ident) is str else None

    def procuring_entity_id(self) -> str | None:
        entity = self.tender.get("procuringEntity")
        ident = entity.get("id") if type(entity) is dict else None
        return ident if type(ident) is str else None
