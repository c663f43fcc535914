"""Quartiles and fences, computed exactly as Cardinal computes them.

Cardinal uses the statrs crate, whose quantile is Hyndman and Fan's type 8 ("R-8",
approximately median-unbiased). numpy's default (type 7) gives different fences on small
sets, which changes which contracting processes are flagged, so we implement type 8 here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

_THIRD = 1.0 / 3.0


def quantile(ordered: Sequence[float], tau: float) -> float:
    """The tau-th quantile of already-sorted values (type 8); NaN when there are none."""
    n = len(ordered)
    if n == 0 or not 0.0 <= tau <= 1.0:
        return math.nan
    h = (n + _THIRD) * tau + _THIRD
    hf = int(h)
    if hf <= 0 or tau == 0.0:
        return ordered[0]
    if hf >= n or tau == 1.0:
        return ordered[-1]
    a = ordered[hf - 1]
    b = ordered[hf]
    return a + (h - hf) * (b - a)


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return quantile(ordered, 0.25), quantile(ordered, 0.75)


def fma(x: float, y: float, z: float) -> float:
    """x * y + z rounded once, like Rust's f64::mul_add, which Cardinal uses for fences.

    math.fma only arrives in Python 3.13; exact rationals give the same correctly rounded result.
    """
    if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(z)):
        return x * y + z
    return float(Fraction(x) * Fraction(y) + Fraction(z))


def upper_fence(q1: float, q3: float) -> float:
    """Q3 + 1.5 IQR."""
    return fma(q3 - q1, 1.5, q3)


def lower_fence(q1: float, q3: float) -> float:
    """Q1 - 1.5 IQR."""
    return fma(q3 - q1, -1.5, q1)


def round4(value: float) -> float:
    """Round half away from zero to 4 decimals, as Cardinal rounds its Meta figures."""
    if not math.isfinite(value):
        return value
    scaled = value * 10_000.0
    rounded = math.floor(abs(scaled) + 0.5)
    return math.copysign(rounded, scaled) / 10_000.0
