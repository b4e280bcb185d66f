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


def test_both_engines_side_by_side_with_the_bks_fleet(tmp_path):
    (tmp_path / "C101.txt").write_text(TINY)
    (tmp_path / "bks.csv").write_text("instance,vehicles,distance\nC101,2,40\n")
    out = io.StringIO()
    argv = ("--solomon", str(tmp_path), "--bks", str(tmp_path / "bks.csv"), "--seconds", "0.3")
    code = bench.run(_options(*argv, "--objective", "vehicles", "--engine", "both"), out)
    text = out.getvalue()
    assert code == 0, text
    assert "hierarchical" in text and "BKS veh" in text
    assert "pyvrp  C1 " in text and "vroom  C1 " in text and "greedy C1 " in text
    assert "pyvrp  extra vehicles +0; at BKS fleet 1/1" in text


def test_synthetic_mode_with_vroom_reports_zero_violations():
    out = io.StringIO()
    argv = ("--synthetic", "--jobs", "60", "--engineers", "4", "--seconds", "0.5", "--engine", "vroom")
    code = bench.run(_options(*argv, "--solver", "pyvrp"), out)
    assert code == 0, out.getvalue()
    assert out.getvalue().count("skill violations 0  window violations 0") == 1 and "vroom" in out.getvalue()
