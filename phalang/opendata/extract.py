"""The columns pages and search need, read from a compiled release (no Django here)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

THAI = re.compile(r"[\u0e00-\u0e7f]")
_SEPARATORS = re.compile(r"[\s\-]")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


_BLOCK_TAGS = frozenset({"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table"})
_LOOKS_LIKE_HTML = re.compile(r"<[a-zA-Z/!][^>]*>|&[a-zA-Z]+;|&#\d+;")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(value: str) -> str:
    """Publishers' HTML (``<p>…</p>``, ``&nbsp;``) as the text a reader sees; other text unchanged.
    Pages escape what they show, so tags would otherwise appear as raw ``<p>``."""
    if not _LOOKS_LIKE_HTML.search(value):
        return value
    parser = _TextOnly()
    parser.feed(value)
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _amount(value: Any) -> tuple[float | None, str]:
    v = _dict(value)
    amount = v.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return None, _str(v.get("currency"))
    return float(amount), _str(v.get("currency"))


def parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    if parsed.tzinfo is None:
        from datetime import UTC

        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def thai_juristic_id(value: str) -> str | None:
    """A 13-digit Thai juristic person id (เลขทะเบียนนิติบุคคล), separators removed, or None."""
    digits = _SEPARATORS.sub("", value)
    return digits if len(digits) == 13 and digits.isdigit() else None


def publisher_prefix(ocid: str) -> str:
    # "ocds-be6bcu-UA-2016-..." -> "ocds-be6bcu": party ids without an identifier are only
    # meaningful inside one publisher's data.
    parts = ocid.split("-")
    return "-".join(parts[:2]).lower() if len(parts) > 2 else ocid.lower()


# A party id built from a Thai registration number, as OCDS suggests for ids ("TH-DBD-0505559001234").
_TH_DBD_ID = re.compile(r"^TH-DBD[-_/ ]?(.+)$", re.IGNORECASE)


def entity_key(party: dict[str, Any], ocid: str) -> tuple[str, str]:
    """The organisation a party is: its identifier (scheme + id) when it has one, so the same firm
    is one organisation whatever party id or name each release gives it; else a publisher-local
    key from its party id, or its name."""
    ident = _dict(party.get("identifier"))
    scheme = _str(ident.get("scheme"))
    number = _str(ident.get("id"))
    if number:
        thai = thai_juristic_id(number)
        if thai and (not scheme or scheme.upper().startswith("TH")):
            return "TH-DBD", thai
        if scheme:
            return scheme[:60], number[:200]
    local = _str(party.get("id"))
    built = _TH_DBD_ID.match(local)
    thai = thai_juristic_id(built.group(1)) if built else None
    if thai:
        return "TH-DBD", thai
    return "X-LOCAL", f"{publisher_prefix(ocid)}/{local or _str(party.get('name'))}"[:200]


def identifier_key(obj: dict[str, Any]) -> tuple[str, str] | None:
    """The organisation a registered identifier names (as ``entity_key`` reads it), or None."""
    ident = _dict(obj.get("identifier"))
    if not _str(ident.get("id")):
        return None
    key = entity_key({"identifier": ident}, "")
    return None if key[0] == "X-LOCAL" else key


def _references(release: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every place a release refers to an organisation other than its parties list: (role, ref)."""
    tender = _dict(release.get("tender"))
    yield "buyer", _dict(release.get("buyer"))
    yield "procuringEntity", _dict(tender.get("procuringEntity"))
    for t in _list(tender.get("tenderers")):
        yield "tenderer", _dict(t)
    for bid in _list(_dict(release.get("bids")).get("details")):
        for t in _list(_dict(bid).get("tenderers")):
            yield "tenderer", _dict(t)
    for award in _list(release.get("awards")):
        for s in _list(_dict(award).get("suppliers")):
            yield "supplier", _dict(s)


class Resolver:
    """Which party of one release a reference (an award's supplier, a tenderer, the buyer) is, and
    the organisation and name it stands for. The rule, inside one release (a process's compiled
    release): by party id; else by registered identifier; else by name (``name`` or
    ``identifier.legalName``). A party or reference without a name takes the name the release gives
    the same organisation elsewhere (another reference or party with that id or identifier). And
    when exactly one party with a firm's role (supplier, tenderer) has no name anywhere, and exactly
    one name given for a firm matches no party, they are the same organisation: OCDS lists every
    organisation a release names among its parties, and that party is the only one it can be."""

    def __init__(self, release: dict[str, Any]) -> None:
        self.ocid = _str(release.get("ocid"))
        listed = [p for p in map(_dict, _list(release.get("parties"))) if p]
        self.parties = {_str(p.get("id")): p for p in listed if _str(p.get("id"))}
        self.by_identifier: dict[tuple[str, str], dict[str, Any]] = {}
        self.by_name: dict[str, dict[str, Any]] = {}
        for p in listed:
            ident = identifier_key(p)
            if ident:
                self.by_identifier.setdefault(ident, p)
        for p in sorted(listed, key=lambda p: bool(_str(p.get("id")))):  # parties without an id first
            for name in (_str(p.get("name")), _str(_dict(p.get("identifier")).get("legalName"))):
                if name:
                    self.by_name.setdefault(name, p)
        # Names by organisation, from every party and reference that gives one.
        self.names: dict[tuple[str, str], str] = {}
        refs = list(_references(release))
        for obj in [*listed, *(o for _role, o in refs)]:
            key = self._key(obj)
            name = self._own_name(obj)
            if key and name:
                self.names.setdefault(key, name)
        # The one unnamed firm and the one name that matches no party: the same organisation.
        self.guessed: dict[str, tuple[str, str]] = {}
        firms = {"supplier", "tenderer"}
        unnamed = {k for p in listed if firms & set(map(_str, _list(p.get("roles"))))
                   and (k := self._key(p)) and k not in self.names}
        loose = {self._own_name(o) for role, o in refs if role in firms and self._own_name(o)
                 and not _str(o.get("id")) and not identifier_key(o) and self._own_name(o) not in self.by_name}
        if len(unnamed) == 1 and len(loose) == 1:
            (key,), (name,) = unnamed, loose
            self.guessed[name] = key
            self.names[key] = name

    @staticmethod
    def _own_name(obj: dict[str, Any]) -> str:
        return _str(obj.get("name")) or _str(_dict(obj.get("identifier")).get("legalName"))

    def party(self, obj: dict[str, Any]) -> dict[str, Any] | None:
        """The listed party a reference is, if the release lists it."""
        pid = _str(obj.get("id"))
        if pid:
            return self.parties.get(pid)
        ident = identifier_key(obj)
        if ident:
            return self.by_identifier.get(ident)
        name = self._own_name(obj)
        return self.by_name.get(name) if name else None

    def _key(self, obj: dict[str, Any]) -> tuple[str, str] | None:
        party = self.party(obj) or obj
        if not (_str(party.get("id")) or self._own_name(party) or identifier_key(party)
                or _str(obj.get("id")) or self._own_name(obj)):
            return None
        # A reference's own identifier counts when its party has none.
        if not identifier_key(party) and identifier_key(obj):
            party = obj
        return entity_key(party, self.ocid)

    def key(self, obj: dict[str, Any]) -> tuple[str, str] | None:
        """The organisation a party or reference is; None for one with no id, name or identifier."""
        name = self._own_name(obj)
        if not self.party(obj) and not _str(obj.get("id")) and not identifier_key(obj) and name in self.guessed:
            return self.guessed[name]
        return self._key(obj)

    def name(self, obj: dict[str, Any]) -> str:
        """The name the release gives the organisation ``obj`` is, or ""."""
        party = self.party(obj) or {}
        own = self._own_name(party) or self._own_name(obj)
        if own:
            return own
        key = self.key(obj)
        return self.names.get(key, "") if key else ""


@dataclass
class PartyRef:
    key: tuple[str, str]
    name: str
    party_id: str
    role: str
    amount: float | None = None


@dataclass
class Extracted:
    title: str = ""
    description: str = ""
    method: str = ""
    method_details: str = ""
    status: str = ""
    tender_value: float | None = None
    award_value: float | None = None
    currency: str = ""
    tenderers: int | None = None
    date: datetime | None = None
    tender_start: datetime | None = None
    award_date: datetime | None = None
    year: int | None = None
    place_text: str = ""
    parties: list[PartyRef] = field(default_factory=list)

    def buyer(self) -> PartyRef | None:
        return next((p for p in self.parties if p.role == "buyer"), None)

    def procuring_entity(self) -> PartyRef | None:
        return next((p for p in self.parties if p.role == "procuringEntity"), None)


def extract(release: dict[str, Any]) -> Extracted:
    tender = _dict(release.get("tender"))
    out = Extracted()
    out.title = plain_text(_str(tender.get("title")) or next(
        (_str(_dict(c).get("title")) for c in _list(release.get("contracts")) if _dict(c).get("title")), "") or next(
        (_str(_dict(a).get("title")) for a in _list(release.get("awards")) if _dict(a).get("title")), ""))
    out.description = plain_text(_str(tender.get("description")))
    out.method = _str(tender.get("procurementMethod"))[:40]
    out.method_details = _str(tender.get("procurementMethodDetails"))[:300]
    out.status = _str(tender.get("status"))[:40]
    out.tender_value, out.currency = _amount(tender.get("value"))
    if isinstance(tender.get("numberOfTenderers"), int) and not isinstance(tender.get("numberOfTenderers"), bool):
        count = tender["numberOfTenderers"]
        out.tenderers = max(0, count) if count <= 2_147_483_647 else None  # fits the column
    out.date = parse_datetime(release.get("date"))
    out.tender_start = parse_datetime(_dict(tender.get("tenderPeriod")).get("startDate"))

    listed = list(map(_dict, _list(release.get("parties"))))
    resolve = Resolver(release)

    def ref(obj: Any, role: str, amount: float | None = None) -> PartyRef | None:
        o = _dict(obj)
        found_key = resolve.key(o)
        if found_key is None:
            return None
        return PartyRef(found_key, resolve.name(o)[:500], _str(o.get("id"))[:300], role, amount)

    found: dict[tuple[tuple[str, str], str], PartyRef] = {}

    def add(r: PartyRef | None) -> None:
        if r is None:
            return
        k = (r.key, r.role)
        if k in found:
            if r.amount is not None:
                found[k].amount = (found[k].amount or 0.0) + r.amount
        else:
            found[k] = r

    add(ref(release.get("buyer"), "buyer"))
    add(ref(tender.get("procuringEntity"), "procuringEntity"))
    for party in listed:
        roles = _list(party.get("roles"))
        for role in ("buyer", "procuringEntity", "supplier", "tenderer"):
            if role in roles:
                add(ref(party, role))
    for t in _list(tender.get("tenderers")):
        add(ref(t, "tenderer"))
    for bid in _list(_dict(release.get("bids")).get("details")):
        for t in _list(_dict(bid).get("tenderers")):
            add(ref(t, "tenderer"))
    award_total = 0.0
    any_award = False
    award_currency = ""
    for award in map(_dict, _list(release.get("awards"))):
        if award.get("status") in ("cancelled", "unsuccessful"):
            continue
        amount, currency = _amount(award.get("value"))
        if amount is not None and (not out.currency or not currency or currency == out.currency):
            award_total += amount
            any_award = True
            award_currency = award_currency or currency
        suppliers = [s for s in _list(award.get("suppliers")) if isinstance(s, dict)]
        share = amount / len(suppliers) if amount is not None and suppliers else None
        for s in suppliers:
            add(ref(s, "supplier", share))
        award_date = parse_datetime(award.get("date"))
        if award_date and (out.award_date is None or award_date < out.award_date):
            out.award_date = award_date
    if any_award:
        out.award_value = award_total
        out.currency = out.currency or award_currency
    out.parties = list(found.values())
    when = out.tender_start or out.date
    out.year = when.year if when else None
    buyer = out.buyer()
    if buyer is not None:
        party = resolve.parties.get(buyer.party_id) or {}
        address = _dict(party.get("address"))
        text = " ".join(_str(address.get(k)) for k in ("streetAddress", "locality", "region") if address.get(k))
        out.place_text = text if THAI.search(text) else ""
    return out
