"""Synthetic but plausible instances over Thailand, for benchmarks and tests.

Points cluster around population centres (weights roughly follow 2020 registered
population of each metropolitan area, Bangkok with its vicinity first), clipped to
Thailand's bounding box. No real person or request is in here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import Request, Vehicle, Volunteer
from .routing import DeliveryVehicle, Stop

# (name, lat, lon, relative population, spread in km)
CENTRES: tuple[tuple[str, float, float, float, float], ...] = (
    ("Bangkok", 13.7563, 100.5018, 10.0, 25.0),
    ("Nakhon Ratchasima", 14.9799, 102.0977, 1.5, 15.0),
    ("Chiang Mai", 18.7883, 98.9853, 1.2, 15.0),
    ("Chon Buri", 13.3611, 100.9847, 1.2, 20.0),
    ("Khon Kaen", 16.4322, 102.8236, 1.0, 12.0),
    ("Udon Thani", 17.4138, 102.7870, 0.9, 12.0),
    ("Ubon Ratchathani", 15.2287, 104.8564, 0.9, 12.0),
    ("Hat Yai", 7.0086, 100.4747, 0.8, 12.0),
    ("Nakhon Si Thammarat", 8.4304, 99.9631, 0.7, 12.0),
    ("Rayong", 12.6814, 101.2816, 0.6, 10.0),
    ("Chiang Rai", 19.9105, 99.8406, 0.6, 12.0),
    ("Buri Ram", 14.9930, 103.1029, 0.6, 10.0),
    ("Surat Thani", 9.1382, 99.3215, 0.5, 10.0),
    ("Phitsanulok", 16.8211, 100.2659, 0.5, 10.0),
    ("Nakhon Sawan", 15.7047, 100.1372, 0.5, 10.0),
    ("Sakon Nakhon", 17.1545, 104.1348, 0.5, 10.0),
    ("Surin", 14.8818, 103.4936, 0.5, 10.0),
    ("Roi Et", 16.0538, 103.6520, 0.5, 10.0),
    ("Phuket", 7.8804, 98.3923, 0.5, 8.0),
    ("Ayutthaya", 14.3532, 100.5689, 0.4, 8.0),
    ("Kanchanaburi", 14.0228, 99.5328, 0.4, 12.0),
    ("Ratchaburi", 13.5283, 99.8134, 0.4, 8.0),
    ("Lampang", 18.2888, 99.4909, 0.4, 8.0),
    ("Nakhon Phanom", 17.3920, 104.7695, 0.3, 8.0),
    ("Loei", 17.4860, 101.7223, 0.3, 8.0),
    ("Trang", 7.5594, 99.6114, 0.3, 8.0),
    ("Yala", 6.5411, 101.2804, 0.3, 8.0),
    ("Pattani", 6.8695, 101.2501, 0.3, 8.0),
    ("Chanthaburi", 12.6113, 102.1039, 0.3, 8.0),
    ("Hua Hin", 12.5684, 99.9577, 0.3, 8.0),
    ("Nan", 18.7756, 100.7730, 0.2, 8.0),
    ("Mae Sot", 16.7131, 98.5745, 0.2, 8.0),
    ("Nong Khai", 17.8783, 102.7420, 0.2, 8.0),
    ("Chumphon", 10.4930, 99.1800, 0.2, 8.0),
    ("Mae Hong Son", 19.3020, 97.9654, 0.1, 6.0),
)

LAT_RANGE = (5.6, 20.5)
LON_RANGE = (97.3, 105.6)
SKILLS = ("first_aid", "elderly_care", "boat", "cooking", "heavy_lifting", "sign_language")
_KM_PER_DEG_LAT = 111.2


Centre = tuple[str, float, float, float, float]


def thai_points(
    n: int, rng: np.random.Generator, centres: Sequence[Centre] = CENTRES
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` (lat, lon) points clustered around Thai population centres."""
    weights = np.array([c[3] for c in centres])
    which = rng.choice(len(centres), size=n, p=weights / weights.sum())
    clat = np.array([c[1] for c in centres])[which]
    clon = np.array([c[2] for c in centres])[which]
    spread = np.array([c[4] for c in centres])[which]
    dlat = rng.normal(0, 1, n) * spread / _KM_PER_DEG_LAT
    dlon = rng.normal(0, 1, n) * spread / (_KM_PER_DEG_LAT * np.cos(np.radians(clat)))
    lat = np.clip(clat + dlat, *LAT_RANGE)
    lon = np.clip(clon + dlon, *LON_RANGE)
    return lat, lon


def thai_instance(
    n_requests: int,
    n_volunteers: int,
    *,
    seed: int = 0,
    capacity: tuple[int, int] = (1, 3),
    radius_km: tuple[float, float] = (5.0, 25.0),
    centres: Sequence[Centre] = CENTRES,
) -> tuple[list[Request], list[Volunteer]]:
    """A matching instance: mostly skill- and vehicle-free requests, some demanding ones.
    ``centres=CENTRES[:1]`` puts everyone in Bangkok, a much denser instance."""
    rng = np.random.default_rng(seed)
    lat, lon = thai_points(n_requests, rng, centres)
    urgency = rng.choice([1, 2, 3, 4], size=n_requests, p=[0.4, 0.3, 0.2, 0.1])
    waiting = rng.exponential(12.0, n_requests)
    people = rng.integers(1, 8, n_requests)
    need_vehicle = rng.choice(5, size=n_requests, p=[0.5, 0.25, 0.15, 0.07, 0.03])
    requests = []
    for i in range(n_requests):
        skills = (
            frozenset([SKILLS[rng.integers(len(SKILLS))]]) if rng.random() < 0.2 else frozenset()
        )
        requests.append(
            Request(
                f"R{i:05d}",
                round(float(lat[i]), 6),
                round(float(lon[i]), 6),
                int(urgency[i]),
                "supplies",
                int(people[i]),
                round(float(waiting[i]), 1),
                skills,
                Vehicle(int(need_vehicle[i])),
            )
        )
    vlat, vlon = thai_points(n_volunteers, rng, centres)
    vehicle = rng.choice(5, size=n_volunteers, p=[0.15, 0.45, 0.2, 0.13, 0.07])
    volunteers = []
    for j in range(n_volunteers):
        k = rng.integers(0, 4)
        skills = frozenset(str(s) for s in rng.choice(SKILLS, size=k, replace=False))
        volunteers.append(
            Volunteer(
                f"V{j:05d}",
                round(float(vlat[j]), 6),
                round(float(vlon[j]), 6),
                round(float(rng.uniform(*radius_km)), 1),
                int(rng.integers(capacity[0], capacity[1] + 1)),
                skills,
                Vehicle(int(vehicle[j])),
            )
        )
    return requests, volunteers


def delivery_instance(
    n_stops: int,
    n_vehicles: int,
    *,
    seed: int = 0,
    hub: tuple[float, float] = (16.4322, 102.8236),  # Khon Kaen
    spread_km: float = 12.0,
    vehicle_capacity: int = 60,
) -> tuple[list[Stop], list[DeliveryVehicle]]:
    """A day of relief deliveries from one hub: windows of 2-4 hours between 08:00 and 17:00."""
    rng = np.random.default_rng(seed)
    dlat = rng.normal(0, spread_km / _KM_PER_DEG_LAT, n_stops)
    dlon = rng.normal(0, spread_km / (_KM_PER_DEG_LAT * np.cos(np.radians(hub[0]))), n_stops)
    stops = []
    for i in range(n_stops):
        width = int(rng.integers(2, 5)) * 60
        start = int(rng.integers(8 * 60, 17 * 60 - width + 1) // 15 * 15)
        stops.append(
            Stop(
                f"S{i:03d}",
                round(hub[0] + float(dlat[i]), 6),
                round(hub[1] + float(dlon[i]), 6),
                int(rng.integers(1, 6)),
                int(rng.choice([1, 2, 3, 4], p=[0.4, 0.3, 0.2, 0.1])),
                start,
                start + width,
                10,
            )
        )
    vehicles = [
        DeliveryVehicle(f"T{k}", vehicle_capacity, hub[0], hub[1], 8 * 60, 18 * 60, 40.0)
        for k in range(n_vehicles)
    ]
    return stops, vehicles
