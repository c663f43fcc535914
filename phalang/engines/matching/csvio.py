"""Reading and validating the CSV files of ``phalang aid match`` and ``phalang aid route``.

Every row is parsed by a ``parse_*_row`` function that raises :class:`FieldError` naming the
column; :func:`validate_csv` runs one over a file and collects a :class:`RowError` (file,
line, column, message) per bad row instead of stopping at the first, so the Django CSV
import can show them all. The ``load_*`` helpers raise :class:`CsvFormatError` instead.
Column formats are documented in docs/engines/matching.md.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from .model import Request, Vehicle, Volunteer
from .routing import DeliveryVehicle, Stop

T = TypeVar("T")


class FieldError(ValueError):
    """A single bad value in one column of one row."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, column {self.column!r}: {self.message}"


class CsvFormatError(ValueError):
    """One or more rows of a CSV file are invalid; ``errors`` lists them all."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


# Column parsers: each takes the raw cell and raises ValueError with a readable reason.


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"not a whole number: {text!r}") from None


def _in_range(value: float, low: float, high: float, what: str) -> None:
    if not low <= value <= high:
        raise ValueError(f"{what} {value:g} is outside {low:g}..{high:g}")


def _skills(text: str) -> frozenset[str]:
    return frozenset(s.strip().lower() for s in text.split("|") if s.strip())


def _boolean(text: str) -> bool:
    key = text.strip().lower()
    if key in {"1", "true", "yes", "y"}:
        return True
    if key in {"0", "false", "no", "n"}:
        return False
    raise ValueError(f"not true/false: {text!r}")


def _clock(text: str) -> int:
    """``"08:30"`` -> 510 minutes after midnight."""
    hours, sep, minutes = text.strip().partition(":")
    try:
        h, m = int(hours), int(minutes)
    except ValueError:
        raise ValueError(f"not a time of day HH:MM: {text!r}") from None
    if not sep or not (0 <= h <= 24 and 0 <= m < 60) or h * 60 + m > 24 * 60:
        raise ValueError(f"not a time of day HH:MM: {text!r}")
    return h * 60 + m


class _Row:
    """Typed access to one CSV row; every failure names its column."""

    def __init__(self, raw: Mapping[str, str | None]) -> None:
        self.raw = raw

    def text(self, column: str, default: str | None = None) -> str:
        value = (self.raw.get(column) or "").strip()
        if value:
            return value
        if default is None:
            raise FieldError(column, "is empty")
        return default

    def get(self, column: str, parse: Callable[[str], T], default: T | None = None) -> T:
        value = (self.raw.get(column) or "").strip()
        if not value:
            if default is None:
                raise FieldError(column, "is empty")
            return default
        try:
            return parse(value)
        except ValueError as exc:
            raise FieldError(column, str(exc)) from None


def _latlon(row: _Row, lat_col: str = "lat", lon_col: str = "lon") -> tuple[float, float]:
    lat, lon = row.get(lat_col, _number), row.get(lon_col, _number)
    if not (-90 <= lat <= 90):
        raise FieldError(lat_col, f"latitude {lat:g} is outside -90..90")
    if not (-180 <= lon <= 180):
        raise FieldError(lon_col, f"longitude {lon:g} is outside -180..180")
    return lat, lon


def parse_request_row(raw: Mapping[str, str | None]) -> Request:
    row = _Row(raw)
    lat, lon = _latlon(row)
    urgency = row.get("urgency", _integer)
    if not (1 <= urgency <= 4):
        raise FieldError("urgency", f"urgency {urgency} is outside 1..4 (4 most urgent)")
    people = row.get("people", _integer, 1)
    if people < 1:
        raise FieldError("people", f"people must be at least 1, got {people}")
    waiting = row.get("waiting_hours", _number, 0.0)
    if waiting < 0:
        raise FieldError("waiting_hours", f"waiting_hours must not be negative, got {waiting:g}")
    return Request(
        id=row.text("id"),
        lat=lat,
        lon=lon,
        urgency=urgency,
        need=row.text("need", ""),
        people=people,
        waiting_hours=waiting,
        skills_required=_skills(row.text("skills_required", "")),
        vehicle_required=row.get("vehicle_required", Vehicle.parse, Vehicle.NONE),
    )


def parse_volunteer_row(raw: Mapping[str, str | None]) -> Volunteer:
    row = _Row(raw)
    lat, lon = _latlon(row)
    radius = row.get("radius_km", _number)
    if radius <= 0:
        raise FieldError("radius_km", f"radius_km must be positive, got {radius:g}")
    capacity = row.get("capacity", _integer)
    if capacity < 0:
        raise FieldError("capacity", f"capacity must not be negative, got {capacity}")
    load = row.get("load", _integer, 0)
    if load < 0:
        raise FieldError("load", f"load must not be negative, got {load}")
    return Volunteer(
        id=row.text("id"),
        lat=lat,
        lon=lon,
        radius_km=radius,
        capacity=capacity,
        skills=_skills(row.text("skills", "")),
        vehicle=row.get("vehicle", Vehicle.parse, Vehicle.NONE),
        available=row.get("available", _boolean, True),
        load=load,
    )


def parse_stop_row(raw: Mapping[str, str | None]) -> Stop:
    row = _Row(raw)
    lat, lon = _latlon(row)
    demand = row.get("demand", _integer, 0)
    if demand < 0:
        raise FieldError("demand", f"demand must not be negative, got {demand}")
    urgency = row.get("urgency", _integer, 1)
    if not (1 <= urgency <= 4):
        raise FieldError("urgency", f"urgency {urgency} is outside 1..4 (4 most urgent)")
    start = row.get("window_start", _clock, 0)
    end = row.get("window_end", _clock, 24 * 60)
    if end < start:
        raise FieldError("window_end", "window_end is before window_start")
    service = row.get("service_minutes", _integer, 5)
    if service < 0:
        raise FieldError("service_minutes", f"service_minutes must not be negative, got {service}")
    return Stop(row.text("id"), lat, lon, demand, urgency, start, end, service)


def parse_vehicle_row(raw: Mapping[str, str | None]) -> DeliveryVehicle:
    row = _Row(raw)
    lat, lon = _latlon(row, "hub_lat", "hub_lon")
    capacity = row.get("capacity", _integer)
    if capacity < 0:
        raise FieldError("capacity", f"capacity must not be negative, got {capacity}")
    start = row.get("shift_start", _clock, 8 * 60)
    end = row.get("shift_end", _clock, 18 * 60)
    if end < start:
        raise FieldError("shift_end", "shift_end is before shift_start")
    speed = row.get("speed_kmh", _number, 30.0)
    if speed <= 0:
        raise FieldError("speed_kmh", f"speed_kmh must be positive, got {speed:g}")
    return DeliveryVehicle(row.text("id"), capacity, lat, lon, start, end, speed)


REQUEST_COLUMNS = (
    "id",
    "lat",
    "lon",
    "urgency",
    "need",
    "people",
    "waiting_hours",
    "skills_required",
    "vehicle_required",
)
VOLUNTEER_COLUMNS = ("id", "lat", "lon", "radius_km", "capacity", "skills", "vehicle")
STOP_COLUMNS = (
    "id",
    "lat",
    "lon",
    "demand",
    "urgency",
    "window_start",
    "window_end",
    "service_minutes",
)
VEHICLE_COLUMNS = ("id", "capacity", "hub_lat", "hub_lon", "shift_start", "shift_end", "speed_kmh")

# Columns that must be present in the header; the others have defaults.
_REQUIRED = {
    "requests": ("id", "lat", "lon", "urgency"),
    "volunteers": ("id", "lat", "lon", "radius_km", "capacity"),
    "stops": ("id", "lat", "lon"),
    "vehicles": ("id", "capacity", "hub_lat", "hub_lon"),
}


def validate_csv(
    source: str | Path | IO[str],
    parse_row: Callable[[Mapping[str, str | None]], T],
    *,
    required: Iterable[str] = (),
    name: str | None = None,
) -> tuple[list[T], list[RowError]]:
    """Parse every row; return the good items and one error per bad row (line 1 = header).

    ``source`` is a path or an open text stream (e.g. an uploaded file wrapped in
    ``io.TextIOWrapper``). Duplicate ids are errors too.
    """
    if isinstance(source, (str, Path)):
        label = name or str(source)
        with open(source, newline="", encoding="utf-8-sig") as stream:
            return _validate_stream(stream, parse_row, required, label)
    label = name or str(getattr(source, "name", "<csv>"))
    return _validate_stream(source, parse_row, required, label)


def _validate_stream(
    stream: IO[str],
    parse_row: Callable[[Mapping[str, str | None]], T],
    required: Iterable[str],
    label: str,
) -> tuple[list[T], list[RowError]]:
    reader = csv.DictReader(stream)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        return [], [
            RowError(
                label,
                1,
                missing[0],
                f"missing column (header has: {', '.join(header) or 'nothing'})",
            )
        ]
    items: list[T] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        if None in raw:
            errors.append(RowError(label, line, header[-1], "row has more cells than the header"))
            continue
        if all(not (v or "").strip() for v in raw.values()):
            continue  # blank line
        try:
            item = parse_row(raw)
        except FieldError as exc:
            errors.append(RowError(label, line, exc.column, exc.message))
            continue
        ident = str(getattr(item, "id", ""))
        if ident in seen:
            errors.append(
                RowError(label, line, "id", f"duplicate id {ident!r} (first on line {seen[ident]})")
            )
            continue
        seen[ident] = line
        items.append(item)
    return items, errors


def _load(
    source: str | Path | IO[str], parse_row: Callable[[Mapping[str, str | None]], T], kind: str
) -> list[T]:
    items, errors = validate_csv(source, parse_row, required=_REQUIRED[kind])
    if errors:
        raise CsvFormatError(errors)
    return items


def load_requests(source: str | Path | IO[str]) -> list[Request]:
    return _load(source, parse_request_row, "requests")


def load_volunteers(source: str | Path | IO[str]) -> list[Volunteer]:
    return _load(source, parse_volunteer_row, "volunteers")


def load_stops(source: str | Path | IO[str]) -> list[Stop]:
    return _load(source, parse_stop_row, "stops")


def load_vehicles(source: str | Path | IO[str]) -> list[DeliveryVehicle]:
    return _load(source, parse_vehicle_row, "vehicles")


def validate_requests(
    source: str | Path | IO[str], name: str | None = None
) -> tuple[list[Request], list[RowError]]:
    """For the Django import: good requests and every row error."""
    return validate_csv(source, parse_request_row, required=_REQUIRED["requests"], name=name)


def validate_volunteers(
    source: str | Path | IO[str], name: str | None = None
) -> tuple[list[Volunteer], list[RowError]]:
    """For the Django import: good volunteers and every row error."""
    return validate_csv(source, parse_volunteer_row, required=_REQUIRED["volunteers"], name=name)


def validate_stops(
    source: str | Path | IO[str], name: str | None = None
) -> tuple[list[Stop], list[RowError]]:
    """For the Django import: good delivery stops and every row error."""
    return validate_csv(source, parse_stop_row, required=_REQUIRED["stops"], name=name)


def validate_vehicles(
    source: str | Path | IO[str], name: str | None = None
) -> tuple[list[DeliveryVehicle], list[RowError]]:
    """For the Django import: good delivery vehicles and every row error."""
    return validate_csv(source, parse_vehicle_row, required=_REQUIRED["vehicles"], name=name)


def _clock_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def write_requests(requests: Iterable[Request], stream: IO[str]) -> None:
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(REQUEST_COLUMNS)
    for r in requests:
        w.writerow(
            [
                r.id,
                f"{r.lat:.6f}",
                f"{r.lon:.6f}",
                r.urgency,
                r.need,
                r.people,
                f"{r.waiting_hours:g}",
                "|".join(sorted(r.skills_required)),
                r.vehicle_required.label,
            ]
        )


def write_volunteers(volunteers: Iterable[Volunteer], stream: IO[str]) -> None:
    w = csv.writer(stream, lineterminator="\n")
    w.writerow((*VOLUNTEER_COLUMNS, "available", "load"))
    for v in volunteers:
        w.writerow(
            [
                v.id,
                f"{v.lat:.6f}",
                f"{v.lon:.6f}",
                f"{v.radius_km:g}",
                v.capacity,
                "|".join(sorted(v.skills)),
                v.vehicle.label,
                "true" if v.available else "false",
                v.load,
            ]
        )


def write_stops(stops: Iterable[Stop], stream: IO[str]) -> None:
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(STOP_COLUMNS)
    for s in stops:
        w.writerow(
            [
                s.id,
                f"{s.lat:.6f}",
                f"{s.lon:.6f}",
                s.demand,
                s.urgency,
                _clock_text(s.window_start),
                _clock_text(s.window_end),
                s.service_minutes,
            ]
        )


def write_vehicles(vehicles: Iterable[DeliveryVehicle], stream: IO[str]) -> None:
    w = csv.writer(stream, lineterminator="\n")
    w.writerow(VEHICLE_COLUMNS)
    for v in vehicles:
        w.writerow(
            [
                v.id,
                v.capacity,
                f"{v.hub_lat:.6f}",
                f"{v.hub_lon:.6f}",
                _clock_text(v.shift_start),
                _clock_text(v.shift_end),
                f"{v.speed_kmh:g}",
            ]
        )


def to_csv_text(write: Callable[[Iterable[T], IO[str]], None], items: Iterable[T]) -> str:
    buf = io.StringIO()
    write(items, buf)
    return buf.getvalue()
