"""Travel models: straight-line defaults and the OSRM `/table` adapter against a local fake server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from fixloop.dispatch.routing import OsrmTravel, Point, StraightLineTravel, TravelError
from fixloop.dispatch.travel import UNREACHABLE


class FakeOsrm(BaseHTTPRequestHandler):
    """Answers /table like OSRM: 100 m and 10 s per unit of |Δx|; the point at x=99 is an island."""

    requests: list[str] = []

    def do_GET(self):
        url = urlsplit(self.path)  # not urlparse: it would cut ";params" off the path
        FakeOsrm.requests.append(url.path)
        coords = [tuple(map(float, c.split(","))) for c in url.path.split("/")[-1].split(";")]
        query = parse_qs(url.query)
        if coords[0][0] < 0:
            return self._send(400, {"code": "InvalidQuery", "message": "bad coordinate"})
        sources = [coords[int(i)] for i in query["sources"][0].split(";")]
        targets = [coords[int(i)] for i in query["destinations"][0].split(";")]

        def cell(a, b, per_unit):
            island = (a[0] == 99) != (b[0] == 99)
            return None if island else abs(a[0] - b[0]) * per_unit

        self._send(
            200,
            {
                "code": "Ok",
                "durations": [[cell(a, b, 10.4) for b in targets] for a in sources],
                "distances": [[cell(a, b, 100.0) for b in targets] for a in sources],
            },
        )

    def _send(self, status, body):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def osrm_url():
    server = HTTPServer(("127.0.0.1", 0), FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOsrm.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_osrm_table_in_blocks(osrm_url):
    points = [Point(0, 50), Point(2, 50), Point(5, 50)]
    distance, duration = OsrmTravel(osrm_url, block=2).matrices(points)
    assert distance.tolist() == [[0, 200, 500], [200, 0, 300], [500, 300, 0]]
    assert duration[0, 2] == 52  # 52.0 s; durations round up, 10.4·2 = 20.8 → 21
    assert duration[0, 1] == 21
    assert len(FakeOsrm.requests) == 4  # 2×2 blocks of at most 2 points
    assert FakeOsrm.requests[0].startswith("/table/v1/driving/0.000000,50.000000;")


def test_osrm_unroutable_pairs_are_unreachable(osrm_url):
    distance, duration = OsrmTravel(osrm_url).matrices([Point(0, 50), Point(99, 50)])
    assert distance[0, 1] == duration[1, 0] == UNREACHABLE


def test_osrm_errors_raise(osrm_url):
    with pytest.raises(TravelError, match="InvalidQuery"):
        OsrmTravel(osrm_url).matrices([Point(-1, 50), Point(1, 50)])
    with pytest.raises(TravelError, match="unreachable"):
        OsrmTravel("http://127.0.0.1:9", timeout=1).matrices([Point(0, 0), Point(1, 1)])


def test_straight_line_default_is_haversine_with_detour():
    distance, duration = StraightLineTravel().matrices(
        [Point.latlon(31.23, 121.47), Point.latlon(31.23, 121.57)]
    )
    # 0.1° of longitude at 31.23° N is about 9.51 km; ×1.3 detour; 30 km/h.
    assert distance[0, 1] == pytest.approx(9510 * 1.3, rel=0.01)
    assert duration[0, 1] == pytest.approx(distance[0, 1] / (30 / 3.6), abs=1)
