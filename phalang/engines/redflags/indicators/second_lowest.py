"""The bid-price comparison that R024 and R058 share: how far the second-lowest valid bid is
above the winning bid. Not a rule itself; it runs first when either rule is enabled.

It applies only to the simple case: all awards final, exactly one active award, made to one
supplier, and bids with one tenderer each. The winner's lowest bid is the winning bid. If a
losing bid is lower, the award criteria were not price only, so the process is skipped.
"""

from __future__ import annotations

from typing import Any

from phalang.engines.redflags.indicators.base import Partial, Rule, RuleInfo
from phalang.engines.redflags.process import Process, is_number

CODE = "_second_lowest"

INFO = RuleInfo(
    code=CODE,
    name_en="Second-lowest bid ratio (shared by R024 and R058)",
    name_th="อัตราส่วนราคาเสนอต่ำสุดอันดับสอง (ใช้ร่วมกันโดย R024 และ R058)",
    summary_en="",
    summary_th="",
    why_en="",
    why_th="",
)

# (ocid, ratio, winner id, second-lowest bidder id)
Entry = tuple[str, float, str, str]


def _valid_bids(details: list[Any]) -> list[tuple[str, float, str]]:
    """(tenderer id, amount, currency) of each valid bid with one tenderer and a priced value."""
    found = []
    for bid in details:
        if type(bid) is not dict or bid.get("status") != "valid":
            continue
        value = bid.get("value")
        tenderers = bid.get("tenderers")
        if type(value) is not dict or type(tenderers) is not list or len(tenderers) != 1:
            continue
        amount: Any = value.get("amount")
        currency = value.get("currency")
        tenderer = tenderers[0]
        ident = tenderer.get("id") if type(tenderer) is dict else None
        if is_number(amount) and type(currency) is str and type(ident) is str:
            found.append((ident, float(amount), currency))
    return found


def _ratio(bids: list[tuple[str, float, str]], supplier: str) -> tuple[float, str, str] | None:
    winner_amount: float | None = None
    loser: str | None = None
    loser_amount: float | None = None
    for ident, amount, _ in bids:
        if ident == supplier:
            if winner_amount is None or amount < winner_amount:
                winner_amount = amount
        elif loser_amount is None or amount < loser_amount:
            loser, loser_amount = ident, amount
    if winner_amount is None or loser is None or loser_amount is None:
        return None
    if loser_amount < winner_amount:
        return None
    difference = loser_amount - winner_amount
    if winner_amount == 0.0:
        if difference == 0.0:
            return None  # 0/0 is undefined; Cardinal would carry a NaN into its quartiles
        return float("inf"), supplier, loser
    return difference / winner_amount, supplier, loser


class SecondLowestBidRatio(Rule):
    code = CODE
    info = INFO
    needs = ("bids", "awards")

    def fold(self, process: Process, partial: Partial) -> None:
        if not self.compares_prices(process):
            return
        awards = process.complete_awards
        if awards is None or len(awards) != 1:
            return
        suppliers = awards[0].get("suppliers")
        if type(suppliers) is not list or len(suppliers) != 1:
            return
        supplier = suppliers[0].get("id") if type(suppliers[0]) is dict else None
        if type(supplier) is not str:
            return
        bids = _valid_bids(process.details or [])
        if not bids:
            return
        partial.observe(bids[0][2])
        by_currency: dict[str, list[Entry]] = partial.state.setdefault(CODE, {})
        currencies = {bid[2] for bid in bids}
        for currency in currencies:
            same = bids if len(currencies) == 1 else [b for b in bids if b[2] == currency]
            found = _ratio(same, supplier)
            if found is not None:
                ratio, winner, loser = found
                by_currency.setdefault(currency, []).append((process.ocid, ratio, winner, loser))

    def merge(self, mine: Any, theirs: Any) -> Any:
        for currency, entries in theirs.items():
            mine.setdefault(currency, []).extend(entries)
        return mine


def entries_for(partial: Partial, currency: str | None) -> list[Entry]:
    if currency is None:
        return []
    return partial.state.get(CODE, {}).get(currency, [])
