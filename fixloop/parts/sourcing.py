"""Where a missing part should come from: the nearest site with enough available, else the supplier. Pure."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
# Courier days by distance band; an emergency transfer goes same-day / next-day express.
LOCAL_KM = 60.0


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float:
    """Great-circle distance between (lat, lon) points; infinite when a coordinate is unknown."""
    if a is None or b is None:
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def transit_days(km: float, *, emergency: bool) -> int:
    if km <= LOCAL_KM:
        return 0 if emergency else 1
    return 1 if emergency else 3


@dataclass(frozen=True)
class Donor:
    location_id: int
    available: int
    point: tuple[float, float] | None


@dataclass(frozen=True)
class Proposal:
    source: str  # "transfer" or "purchase"
    location_id: int | None
    distance_km: float | None
    expected_date: dt.date


def propose(
    *,
    need: int,
    at: tuple[float, float] | None,
    donors: list[Donor],
    today: dt.date,
    lead_time_days: int,
    emergency: bool,
) -> Proposal:
    """Nearest donor with the whole quantity available, if it arrives before a purchase would; else buy.

    One donor for the whole quantity keeps the order to one parcel; a split across sites is left
    to the warehouse, which sees every site's stock on the same page.
    """
    able = sorted(
        (d for d in donors if d.available >= need), key=lambda d: (distance_km(at, d.point), d.location_id)
    )
    if able:
        km = distance_km(at, able[0].point)
        days = transit_days(km, emergency=emergency)
        if days <= lead_time_days:
            return Proposal("transfer", able[0].location_id, None if math.isinf(km) else round(km, 1),
                            today + dt.timedelta(days=days))  # fmt: skip
    return Proposal("purchase", None, None, today + dt.timedelta(days=lead_time_days))
