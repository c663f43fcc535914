"""R044 Business similarities between suppliers: tenderers in one process that share an address
or a contact point."""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process

ADDRESS_FIELDS = ("streetAddress", "locality", "region", "postalCode", "countryName")
CONTACT_FIELDS = ("name", "email", "telephone", "faxNumber", "url")

INFO = RuleInfo(
    code="R044",
    name_en="Business similarities between suppliers",
    name_th="ผู้ยื่นข้อเสนอมีข้อมูลธุรกิจเหมือนกัน",
    summary_en=(
        "Two different tenderers in the same process (parties with the role tenderer; parties with "
        "the same identifier, scheme and id, or without one and the same name, are one tenderer) have the "
        "same address (street address, locality, region, postal code and country, ignoring case "
        "and surrounding spaces; a street address is required) or the same value in any contact "
        "point field (name, email, telephone, fax number, URL). The process and those tenderers "
        "are flagged; the value is always 1."
    ),
    summary_th=(
        "ผู้ยื่นข้อเสนอต่างรายในโครงการเดียวกัน (คู่สัญญาที่มีบทบาท tenderer คู่สัญญาที่มีเลขทะเบียนเดียวกัน "
        "ทั้ง scheme และ id หรือไม่มีเลขทะเบียนแต่ชื่อเดียวกัน ถือเป็นรายเดียวกัน) มีที่อยู่เดียวกัน (ถนน ท้องที่ ภูมิภาค "
        "รหัสไปรษณีย์ และประเทศ ไม่สนตัวพิมพ์เล็กใหญ่และช่องว่างหัวท้าย ต้องมีที่อยู่ถนน) หรือมีข้อมูลผู้ติดต่อช่องใดช่องหนึ่งตรงกัน "
        "(ชื่อ อีเมล โทรศัพท์ โทรสาร เว็บไซต์) ระบุทั้งโครงการและผู้ยื่นเหล่านั้น ค่าเป็น 1 เสมอ"
    ),
    why_en=(
        "Bidders that share an office, a phone number or a contact person may be one business "
        "under several names, bidding against itself to fake competition."
    ),
    why_th=(
        "ผู้ยื่นข้อเสนอที่ใช้สำนักงาน เบอร์โทรศัพท์ หรือผู้ติดต่อคนเดียวกัน อาจเป็นธุรกิจเดียวกันในหลายชื่อ "
        "ที่ยื่นแข่งกับตัวเองเพื่อให้ดูเหมือนมีการแข่งขัน"
    ),
    groups=("OCID", "Tenderer"),
)


def _text(value: Any) -> str:
    return value.strip().casefold() if type(value) is str else ""


def address_key(party: dict[str, Any]) -> str | None:
    """The party's whole address as one comparable string, or None without a street address."""
    address = party.get("address")
    if type(address) is not dict or not _text(address.get("streetAddress")):
        return None
    return "\x1f".join(_text(address.get(name)) for name in ADDRESS_FIELDS)


def contact_values(party: dict[str, Any]) -> set[tuple[str, str]]:
    """(field, value) of each non-empty contact point field."""
    contact = party.get("contactPoint")
    if type(contact) is not dict:
        return set()
    return {(name, _text(contact.get(name))) for name in CONTACT_FIELDS if _text(contact.get(name))}


def identity(party: dict[str, Any]) -> tuple[str, str] | None:
    """The party's legal identity, (scheme, id) of its identifier, if both are given."""
    identifier = party.get("identifier")
    if type(identifier) is not dict:
        return None
    scheme, number = identifier.get("scheme"), identifier.get("id")
    if type(number) is int:
        number = str(number)
    if type(scheme) is not str or type(number) is not str or not scheme.strip() or not number.strip():
        return None
    return scheme.strip().upper(), number.strip()


class R044(Rule):
    code = "R044"
    info = INFO
    needs = ("parties",)

    def fold(self, process: Process, partial: Partial) -> None:
        parties = process.release.get("parties")
        if type(parties) is not list:
            return
        # One bidder per legal identity: the same company listed under two party ids (a release
        # and a record of the same process, say) is one tenderer, and cannot share its own office.
        # Its identifier decides; without one, its name (the same name twice is a firm listed
        # twice, not "one business under several names").
        bidders: dict[Any, tuple[list[str], set[str], set[tuple[str, str]], str]] = {}
        for party in parties:
            if (type(party) is dict and type(party.get("id")) is str and type(party.get("roles")) is list
                    and "tenderer" in party["roles"]):
                name = _text(party.get("name"))
                key: Any = identity(party) or (("name", name) if name else ("id", party["id"]))
                ids, addresses, contacts, _name = bidders.setdefault(key, ([], set(), set(), name))
                if party["id"] not in ids:
                    ids.append(party["id"])
                address = address_key(party)
                if address is not None:
                    addresses.add(address)
                contacts |= contact_values(party)
        # A listing without an identifier joins the one identified bidder of the same name.
        for key in [k for k in bidders if k[0] == "name"]:
            named = [k for k, b in bidders.items() if k[0] not in ("name", "id") and b[3] == key[1]]
            if len(named) == 1:
                ids, addresses, contacts, _name = bidders.pop(key)
                target = bidders[named[0]]
                target[0].extend(i for i in ids if i not in target[0])
                target[1].update(addresses)
                target[2].update(contacts)
        keys = list(bidders)
        for i, first in enumerate(keys):
            ids, addresses, contacts, _name = bidders[first]
            for second in keys[i + 1:]:
                other_ids, other_addresses, other_contacts, _other = bidders[second]
                if addresses & other_addresses or contacts & other_contacts:
                    partial.flag("OCID", process.ocid, "R044", 1.0)
                    for party_id in (*ids, *other_ids):
                        partial.flag("Tenderer", party_id, "R044", 1.0)
