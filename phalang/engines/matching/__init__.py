"""Mutual-aid matching and delivery-run routing, with no framework inside.

The Django app calls :func:`match` with :class:`Request` and :class:`Volunteer` records and
:func:`plan_routes` with :class:`Stop` and :class:`DeliveryVehicle` records; the checker
verifies either result independently. See docs/engines/matching.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phalang.engines import lazy

# Submodules load on first use (engines/lazy.py): the solver pulls in OR-Tools and SciPy.
_WHERE: dict[str, str] = {
    "Assignment": "model",
    "CsvFormatError": "csvio",
    "DeliveryVehicle": "routing",
    "DistanceMatrixFn": "geo",
    "FieldError": "csvio",
    "MatchResult": "model",
    "Objective": "model",
    "Request": "model",
    "Route": "routing",
    "RoutePlan": "routing",
    "RowError": "csvio",
    "Stop": "routing",
    "Vehicle": "model",
    "Visit": "routing",
    "Volunteer": "model",
    "Weights": "model",
    "check_matching": "checker",
    "check_routes": "checker",
    "detour_distance": "geo",
    "feasible_pairs": "feasibility",
    "haversine_km": "geo",
    "is_feasible": "feasibility",
    "match": "solver",
    "parse_request_row": "csvio",
    "parse_volunteer_row": "csvio",
    "plan_routes": "routing",
    "validate_requests": "csvio",
    "validate_stops": "csvio",
    "validate_vehicles": "csvio",
    "validate_volunteers": "csvio",
}

if TYPE_CHECKING:
    from .checker import check_matching, check_routes
    from .csvio import (
        CsvFormatError,
        FieldError,
        RowError,
        parse_request_row,
        parse_volunteer_row,
        validate_requests,
        validate_stops,
        validate_vehicles,
        validate_volunteers,
    )
    from .feasibility import feasible_pairs, is_feasible
    from .geo import DistanceMatrixFn, detour_distance, haversine_km
    from .model import Assignment, MatchResult, Objective, Request, Vehicle, Volunteer, Weights
    from .routing import DeliveryVehicle, Route, RoutePlan, Stop, Visit, plan_routes
    from .solver import match

__getattr__, __dir__ = lazy.exports(__name__, _WHERE, globals())


__all__ = [
    "Assignment",
    "CsvFormatError",
    "DeliveryVehicle",
    "DistanceMatrixFn",
    "FieldError",
    "MatchResult",
    "Objective",
    "Request",
    "Route",
    "RoutePlan",
    "RowError",
    "Stop",
    "Vehicle",
    "Visit",
    "Volunteer",
    "Weights",
    "check_matching",
    "check_routes",
    "detour_distance",
    "feasible_pairs",
    "haversine_km",
    "is_feasible",
    "match",
    "parse_request_row",
    "parse_volunteer_row",
    "plan_routes",
    "validate_requests",
    "validate_stops",
    "validate_vehicles",
    "validate_volunteers",
]
