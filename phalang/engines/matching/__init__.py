"""Mutual-aid matching and delivery-run routing, with no framework inside.

The Django app calls :func:`match` with :class:`Request` and :class:`Volunteer` records and
:func:`plan_routes` with :class:`Stop` and :class:`DeliveryVehicle` records; the checker
verifies either result independently. See docs/engines/matching.md.
"""

from __future__ import annotations

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
