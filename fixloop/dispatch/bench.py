"""`fixloop bench dispatch`: Solomon / Gehring–Homberger VRPTW and a synthetic service day."""

from __future__ import annotations

import argparse
import csv
import re
import resource
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import TextIO

from fixloop.dispatch import solomon
from fixloop.dispatch.domain import Plan
from fixloop.dispatch.problem import Problem
from fixloop.dispatch.routing import greedy_plan, solve, verify
from fixloop.dispatch.synthetic import synthetic_day
from fixloop.dispatch.vroom_model import solve_vroom

# With --objective vehicles a route costs more than any distance saving (distances are ×1000).
VEHICLE_COST = 10_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--solomon", metavar="DIR", help="folder of Solomon-format .txt files (or its instances/)"
    )
    parser.add_argument("--bks", metavar="FILE", help="bks.csv with best-known solutions")
    parser.add_argument("--seconds", type=float, default=10.0, help="solver time per instance")
    parser.add_argument("--objective", choices=("distance", "vehicles"), default="distance")
    parser.add_argument("--instances", default="", help="comma-separated names, e.g. C101,R201")
    parser.add_argument(
        "--solver",
        choices=("pyvrp", "greedy", "both"),
        default="both",
        help="greedy: the baseline only; pyvrp: the --engine(s) only; both: engine(s) and baseline",
    )
    parser.add_argument("--engine", choices=("pyvrp", "vroom", "both"), default="pyvrp")
    parser.add_argument("--synthetic", action="store_true", help="plan a synthetic service day")
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--engineers", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)


def run(options: argparse.Namespace, stdout: TextIO) -> int:
    if options.synthetic:
        return run_synthetic(options, stdout)
    if not options.solomon or not options.bks:
        stdout.write("need --solomon DIR and --bks FILE, or --synthetic\n")
        return 2
    return run_solomon(options, stdout)


def _instance_files(folder: Path, names: str) -> list[Path]:
    files = sorted((folder / "instances" if (folder / "instances").is_dir() else folder).glob("*.txt"))
    wanted = {n.strip().upper() for n in names.split(",") if n.strip()}
    return [f for f in files if not wanted or f.stem.upper() in wanted]


def _planners(options: argparse.Namespace) -> list[str]:
    engines = ["pyvrp", "vroom"] if options.engine == "both" else [options.engine]
    if options.solver == "greedy":
        return ["greedy"]
    return engines + (["greedy"] if options.solver == "both" else [])


def _read_bks(path: Path, objective: str) -> tuple[dict[str, tuple[int, float]], str]:
    """(vehicles, distance) per instance: the distance-only BKS for --objective distance where the
    file has it, else the hierarchical one (fewest vehicles first, then distance)."""
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    distance_only = objective == "distance" and "distonly_distance" in rows[0]
    column, vehicles = (
        ("distonly_distance", "distonly_vehicles") if distance_only else ("distance", "vehicles")
    )
    kind = "distance-only" if distance_only else "hierarchical (vehicles first)"
    return {row["instance"].upper(): (int(row.get(vehicles) or 0), float(row[column])) for row in rows}, kind


def _set_of(name: str) -> str:
    match = re.match(r"([A-Z]+\d)(_\d+)?", name.upper())
    return match.group(0) if match else name.upper()


def _run_one(planner: str, problem: Problem, instance: solomon.Instance, options) -> dict:
    vehicle_cost = VEHICLE_COST if options.objective == "vehicles" else 0
    started = time.perf_counter()
    if planner == "pyvrp":
        plan = solve(problem, options.seconds, seed=options.seed, vehicle_cost=vehicle_cost)
    elif planner == "vroom":
        plan = solve_vroom(problem, options.seconds, vehicle_cost=vehicle_cost)
    else:
        plan = greedy_plan(problem, vehicle_cost=vehicle_cost)
    elapsed = time.perf_counter() - started
    issues = [v.kind for v in verify(plan, problem)] + solomon.exact_violations(instance, plan)
    return {
        "veh": len(plan.routes),
        "dist": solomon.exact_distance(instance, plan),
        "time": elapsed,
        "ok": not issues,
        "issues": issues[:3],
    }


def run_solomon(options, stdout: TextIO) -> int:
    bks, kind = _read_bks(Path(options.bks), options.objective)
    planners = _planners(options)
    stdout.write(
        f"objective={options.objective}; gap vs {kind} BKS from {options.bks}; "
        f"{options.seconds:g} s per instance; distances ×{solomon.SCALE} integers, reported exact\n"
    )
    header = f"{'instance':<10}{'BKS veh':>8}{'dist':>10}" + "".join(
        f"{p + ' veh':>12}{'dist':>10}{'gap%':>8}{'time':>7}{'ok':>4}" for p in planners
    )
    stdout.write(header + "\n")
    gaps: dict[str, dict[str, list[float]]] = {p: defaultdict(list) for p in planners}
    fleets: dict[str, dict[str, list[int]]] = {p: defaultdict(list) for p in planners}
    all_ok = True
    for path in _instance_files(Path(options.solomon), options.instances):
        instance = solomon.read(path)
        name = path.stem.upper()
        best_vehicles, best = bks.get(name, (0, 0.0))
        line = f"{name:<10}{best_vehicles:>8}{best if best else float('nan'):>10.2f}"
        for planner in planners:
            result = _run_one(planner, solomon.to_problem(instance), instance, options)
            gap = 100 * (result["dist"] - best) / best if best else float("nan")
            if best and result["ok"]:
                gaps[planner][_set_of(name)].append(gap)
                fleets[planner][_set_of(name)].append(result["veh"] - best_vehicles)
            all_ok &= result["ok"] or planner == "greedy"
            line += (
                f"{result['veh']:>12}{result['dist']:>10.2f}{gap:>8.2f}{result['time']:>7.1f}"
                f"{'OK' if result['ok'] else 'NO':>4}"
            )
            if not result["ok"]:
                line += f" {result['issues']}"
        stdout.write(line + "\n")
        stdout.flush()
    _write_gap_summary(gaps, fleets, stdout)
    return 0 if all_ok else 1


def _write_gap_summary(
    gaps: dict[str, dict[str, list[float]]], fleets: dict[str, dict[str, list[int]]], stdout: TextIO
) -> None:
    """Mean distance gap per set, then the fleet against the BKS fleet: with the hierarchical BKS
    a distance below the BKS bought with extra vehicles is not a better solution."""
    stdout.write("mean gap % per set (feasible results only)\n")
    for planner, by_set in gaps.items():
        cells = [f"{s} {statistics.fmean(v):+.2f} (n={len(v)})" for s, v in sorted(by_set.items())]
        every = [g for v in by_set.values() for g in v]
        overall = f"{statistics.fmean(every):+.2f} (n={len(every)})" if every else "n/a"
        stdout.write(f"  {planner:<7}" + "  ".join(cells) + f"  | overall {overall}\n")
    stdout.write(
        "vehicles vs BKS (feasible results only): extra vehicles in total; instances at the BKS fleet\n"
    )
    for planner, by_set in fleets.items():
        extra = [d for v in by_set.values() for d in v]
        same = [g for s in by_set for g, d in zip(gaps[planner][s], by_set[s], strict=True) if d <= 0]
        mean_same = f"{statistics.fmean(same):+.2f}" if same else "n/a"
        stdout.write(
            f"  {planner:<7}extra vehicles {sum(extra):+d}; at BKS fleet {len(same)}/{len(extra)}"
            f" (mean gap on those {mean_same})\n"
        )


def _day_summary(plan: Plan, problem: Problem) -> str:
    kinds = Counter(v.kind for v in verify(plan, problem))
    reasons = Counter(u.reason.value for u in plan.unassigned)
    served_by_priority = Counter(
        problem.jobs[problem.job_index[s.job_id]].priority for r in plan.routes for s in r.stops
    )
    late = sum(s.sla_late for r in plan.routes for s in r.stops)
    return (
        f"{plan.solver:<7} time {plan.runtime:6.1f} s  served {plan.served}/{len(problem.jobs)}"
        f"  engineers used {len(plan.routes)}  km {plan.distance / 1000:,.1f}"
        f"  km/job {plan.distance / 1000 / max(plan.served, 1):.2f}\n"
        f"        served by priority {dict(sorted(served_by_priority.items()))}  SLA-late stops {late}\n"
        f"        skill violations {kinds['skill'] + kinds['pinned']}  window violations {kinds['window']}"
        f"  all violations {sum(kinds.values())} {dict(kinds) if kinds else ''}\n"
        f"        unassigned {dict(reasons)}\n"
    )


def run_synthetic(options, stdout: TextIO) -> int:
    problem = synthetic_day(options.jobs, options.engineers, options.seed)
    started = time.perf_counter()
    problem.matrices  # noqa: B018 (build the matrices outside the timed solver runs)
    stdout.write(
        f"synthetic day: {options.jobs} jobs, {options.engineers} engineers, seed {options.seed}; "
        f"matrices {time.perf_counter() - started:.1f} s; engine search {options.seconds:g} s\n"
    )
    violations = 0
    for planner in _planners(options):
        if planner == "pyvrp":
            plan = solve(problem, options.seconds, seed=options.seed)
        elif planner == "vroom":
            plan = solve_vroom(problem, options.seconds)
        else:
            plan = greedy_plan(problem)
        violations += len(verify(plan, problem))
        stdout.write(_day_summary(plan, problem))
        stdout.flush()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stdout.write(f"peak memory {peak:,.0f} MiB\n")
    return 0 if violations == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fixloop.dispatch.bench", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv), sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
