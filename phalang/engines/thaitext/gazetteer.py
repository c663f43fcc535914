"""The gazetteer: every Thai subdistrict with its district and province.

The data is the CSV shipped in the ``thaiaddress`` package (7,4xx subdistricts, 77 provinces).
We only read the file; importing ``thaiaddress`` itself would pull in its address parser and
its machine-learning dependencies, so we locate the package without executing it.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from phalang.engines.thaitext.normalize import normalize

BANGKOK = "กรุงเทพมหานคร"

# Everyday names for provinces that people write instead of the official one. Keys are
# normalised (lower-case, no trailing dot); the bundled pythainlp province list adds English.
_PROVINCE_ALIASES = {
    "กทม": BANGKOK,
    "กรุงเทพ": BANGKOK,
    "กรุงเทพฯ": BANGKOK,
    "กรุงเทพมหานครฯ": BANGKOK,
    "อยุธยา": "พระนครศรีอยุธยา",
    "กรุงเก่า": "พระนครศรีอยุธยา",
    "โคราช": "นครราชสีมา",
    # Short and older English names in everyday use (the one-word spellings of every English
    # name, "Buriram", "Chonburi", are added in ``province_aliases``).
    "korat": "นครราชสีมา",
    "khorat": "นครราชสีมา",
    "ubon": "อุบลราชธานี",
    "udon": "อุดรธานี",
    "ayutthaya": "พระนครศรีอยุธยา",
    "ayudhya": "พระนครศรีอยุธยา",
    "sisaket": "ศรีสะเกษ",
    "si saket": "ศรีสะเกษ",
    "phang nga": "พังงา",
    "krung thep": BANGKOK,
}


@dataclass(frozen=True, slots=True)
class Subdistrict:
    """One gazetteer row."""

    province: str
    district: str
    subdistrict: str
    zipcode: str
    latitude: float | None
    longitude: float | None


def gazetteer_csv_path() -> Path:
    spec = importlib.util.find_spec("thaiaddress")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the thaiaddress package (gazetteer CSV) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "thai_address_data.csv"


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


class Gazetteer:
    """Read-only lookups over the subdistrict rows."""

    def __init__(self, rows: list[Subdistrict]) -> None:
        self.rows: tuple[Subdistrict, ...] = tuple(rows)

    @classmethod
    def from_csv_text(cls, text: str) -> Gazetteer:
        rows = [
            Subdistrict(
                province=normalize(r["province"]),
                district=normalize(r["district"]),
                subdistrict=normalize(r["subdistrict"]),
                zipcode=r.get("zipcode", "").strip(),
                latitude=_float(r.get("latitude", "")),
                longitude=_float(r.get("longitude", "")),
            )
            for r in csv.DictReader(io.StringIO(text))
            if r.get("province") and r.get("district") and r.get("subdistrict")
        ]
        return cls(rows)

    @cached_property
    def provinces(self) -> frozenset[str]:
        return frozenset(r.province for r in self.rows)

    @cached_property
    def districts(self) -> frozenset[str]:
        return frozenset(r.district for r in self.rows)

    @cached_property
    def subdistricts(self) -> frozenset[str]:
        return frozenset(r.subdistrict for r in self.rows)

    @cached_property
    def names(self) -> frozenset[str]:
        """Every place name at any level, for the tokeniser's dictionary."""
        return self.provinces | self.districts | self.subdistricts

    @cached_property
    def province_aliases(self) -> dict[str, str]:
        """Normalised alias (Thai short names, English names) -> official province name."""
        aliases = {k: v for k, v in _PROVINCE_ALIASES.items() if v in self.provinces}
        try:
            from pythainlp.corpus import provinces as pythainlp_provinces

            # The province list is bundled with pythainlp (no download at run time).
            for item in pythainlp_provinces(details=True):
                if isinstance(item, dict) and item.get("name_th") in self.provinces:
                    aliases[normalize(str(item.get("name_en", "")))] = str(item["name_th"])
        except Exception:  # noqa: S110 - English names are a convenience, Thai still works
            pass
        aliases.pop("", None)
        # English names are also written as one word: "Buri Ram" as Buriram, "Khon Kaen" as Khonkaen.
        for alias, name in list(aliases.items()):
            if alias.isascii() and " " in alias:
                aliases.setdefault(alias.replace(" ", ""), name)
        return aliases

    def canonical_province(self, name: str) -> str | None:
        """Official province name for ``name`` (official, alias or English), else None."""
        key = normalize(name).rstrip(".").strip()
        if key.startswith("จังหวัด"):
            key = key.removeprefix("จังหวัด").strip()
        if key in self.provinces:
            return key
        return self.province_aliases.get(key)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, parsed once per process."""
    return Gazetteer.from_csv_text(gazetteer_csv_path().read_text(encoding="utf-8"))
