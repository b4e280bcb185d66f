"""The benchmark command end to end on a tiny inline instance and a small synthetic day."""

from __future__ import annotations

import argparse
import io

from fixloop.dispatch import bench
from fixloop.dispatch.tests.test_solomon import TINY


def _options(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    return parser.parse_args(argv)


def test_solomon_mode_prints_gaps_per_set(tmp_path):
    (tmp_path / "C101.txt").write_text(TINY)
    (tmp_path / "bks.csv").write_text(
        "instance,vehicles,distance,distonly_vehicles,distonly_distance\nC101,2,40,2,40\n"
    )
    out = io.StringIO()
    code = bench.run(
        _options("--solomon", str(tmp_path), "--bks", str(tmp_path / "bks.csv"), "--seconds", "0.3"), out
    )
    text = out.getvalue()
    assert code == 0, text
    assert "distance-only BKS" in text and "C101" in text
    assert "pyvrp  C1 " in text and "greedy C1 " in text and "overall" in text


def test_synthetic_mode_reports_zero_violations():
    out = io.StringIO()
    code = bench.run(_options("--synthetic", "--jobs", "60", "--engineers", "4", "--seconds", "0.5"), out)
    text = out.getvalue()
    assert code == 0, text
    assert text.count("skill violations 0  window violations 0") == 2
