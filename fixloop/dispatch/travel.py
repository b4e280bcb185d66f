"""Travel models: straight-line × detour factor by default, or a road-network matrix from OSRM `/table`."""

from __future__ import annotations

import http.client
import json
import math
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from fixloop.dispatch.domain import Point

# Unreachable pairs get a value the solver treats as "never": large, yet far below PyVRP's
# MAX_VALUE (2**44) so that sums along a route cannot overflow.
UNREACHABLE = 1 << 40

EARTH_RADIUS_M = 6_371_008.8


class TravelModel(Protocol):
    """Anything that turns points into (distance, duration) integer matrices."""

    def matrices(self, points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]: ...


class TravelError(RuntimeError):
    """The matrix provider failed; the message says why."""


@dataclass(frozen=True)
class StraightLineTravel:
    """Great-circle (or planar, in km) distance × detour factor, driven at an average speed.

    Distances come out in metres; durations in seconds, rounded *up* so that a plan feasible
    on these matrices is never optimistic about arrival times.
    """

    detour_factor: float = 1.3
    speed_kmh: float = 30.0
    geographic: bool = True

    def matrices(self, points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
        xs = np.array([p.x for p in points], dtype=float)
        ys = np.array([p.y for p in points], dtype=float)
        metres = _haversine_m(xs, ys) if self.geographic else _planar_km(xs, ys) * 1000.0
        metres *= self.detour_factor
        seconds = np.ceil(metres / (self.speed_kmh / 3.6))
        return np.rint(metres).astype(np.int64), seconds.astype(np.int64)


def _haversine_m(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lon), np.radians(lat)
    dlat = lat[None, :] - lat[:, None]
    dlon = lon[None, :] - lon[:, None]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _planar_km(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    return np.hypot(xs[:, None] - xs[None, :], ys[:, None] - ys[None, :])


@dataclass(frozen=True)
class OsrmTravel:
    """Road-network matrices from an OSRM server's `/table` service (stdlib HTTP only).

    Large matrices are fetched in blocks of `block` × `block` because OSRM refuses tables over
    its `--max-table-size` (100 by default).
    """

    base_url: str
    profile: str = "driving"
    block: int = 100
    timeout: float = 10.0

    def matrices(self, points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
        n = len(points)
        distance = np.zeros((n, n), dtype=np.int64)
        duration = np.zeros((n, n), dtype=np.int64)
        for i0 in range(0, n, self.block):
            for j0 in range(0, n, self.block):
                rows = range(i0, min(i0 + self.block, n))
                cols = range(j0, min(j0 + self.block, n))
                dist, dur = self._table([points[i] for i in rows], [points[j] for j in cols])
                distance[rows.start : rows.stop, cols.start : cols.stop] = dist
                duration[rows.start : rows.stop, cols.start : cols.stop] = dur
        return distance, duration

    def _table(self, sources: list[Point], targets: list[Point]) -> tuple[np.ndarray, np.ndarray]:
        coords = ";".join(f"{p.x:.6f},{p.y:.6f}" for p in [*sources, *targets])
        query = urllib.parse.urlencode(
            {
                "sources": ";".join(str(i) for i in range(len(sources))),
                "destinations": ";".join(str(len(sources) + j) for j in range(len(targets))),
                "annotations": "duration,distance",
            }
        )
        url = f"{self.base_url.rstrip('/')}/table/v1/{self.profile}/{coords}?{query}"
        body = self._get(url)
        if body.get("code") != "Ok":
            raise TravelError(f"OSRM table failed: {body.get('code')}: {body.get('message', '')}")
        return _int_matrix(body["distances"], round), _int_matrix(body["durations"], math.ceil)

    def _get(self, url: str) -> dict:
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as exc:  # OSRM answers errors as JSON with a 400
            try:
                return json.load(exc)
            except ValueError:
                raise TravelError(f"OSRM HTTP {exc.code}") from exc
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise TravelError(f"OSRM unreachable: {exc}") from exc


def _int_matrix(rows: list[list[float | None]], rounding) -> np.ndarray:
    # OSRM reports null for pairs it cannot route between (e.g. an island).
    return np.array(
        [[UNREACHABLE if v is None else int(rounding(v)) for v in row] for row in rows], dtype=np.int64
    )
