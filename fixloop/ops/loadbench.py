"""`fixloop bench load`: seed N orders, serve under gunicorn, run a mixed locust workload, print per-endpoint figures."""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dj_database_url
import httpx
from django.conf import settings

from fixloop.bench.server import Server, fixloop
from fixloop.bench.stats import table

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
ENGINEERS = ["engineer", "engineer2", "engineer3", "engineer4"]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--orders", type=int, default=1_000_000, help="orders in the database before measuring"
    )
    parser.add_argument("--minutes", type=float, default=5, help="measured duration")
    parser.add_argument(
        "--users", type=int, default=50, help="simulated users (customers 5 : agents 3 : engineers 2)"
    )
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")


def run(options, stdout) -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{settings.DATA_DIR / 'bench.sqlite3'}"
    # One loopback address stands for every customer, so the per-IP tracking limit is lifted for the run.
    env = {**os.environ, "DATABASE_URL": url, "FIXLOOP_DEBUG": "0", "FIXLOOP_TRACKING_RATE": "1000000/m"}
    engine = dj_database_url.parse(url)["ENGINE"].rsplit(".", 1)[-1]
    stdout.write(f"database: {engine} ({url.split('@')[-1]}); seeding up to {options.orders:,} orders…")
    fixloop(["migrate", "-v0"], env)
    started = time.perf_counter()
    fixloop(["seed", "--orders", str(options.orders), "--total"], env, stdout=subprocess.DEVNULL)
    stdout.write(f"seeded in {time.perf_counter() - started:.0f} s")
    # Sessions and tokens made here, so the measured minutes hold the workload and not password hashing.
    env["FIXLOOP_LOAD_CREDENTIALS"] = json.dumps(_credentials(["customer", "agent", *ENGINEERS]))
    with tempfile.TemporaryDirectory() as tmp, Server(env, workers=options.workers) as server:
        warm_up(server.url, env["FIXLOOP_LOAD_CREDENTIALS"], options.workers)
        cpu_before = server.cpu_seconds()
        _locust(server.url, options, Path(tmp) / "load", env)
        cpu = server.cpu_seconds() - cpu_before
        rows, total = _read(Path(tmp) / "load_stats.csv")
        failures = _failures(Path(tmp) / "load_failures.csv")
    stdout.write(
        f"server: gunicorn, {options.workers} sync workers; client: locust, {options.users} users, "
        f"{options.minutes:g} min, on the same machine (loopback)"
    )
    stdout.write(table(["endpoint", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"], rows))
    requests, errors = total
    stdout.write(
        f"total: {requests:,} requests, {requests / (options.minutes * 60):,.1f} req/s, {errors} errors; "
        f"server CPU {cpu * 1000 / max(requests, 1):.1f} ms/request"
    )
    for line in failures:
        stdout.write(line)


def warm_up(url: str, credentials_json: str, workers: int) -> None:
    """Load each worker's lazy state (search index, dictionaries) before measuring: the first console order
    page in a fresh worker costs seconds, which would otherwise land in a short run's p99."""
    agent = json.loads(credentials_json)["agent"]
    cookies = {agent["cookie"]: agent["session"]}
    headers = {"Authorization": f"Bearer {agent['token']}"}
    with httpx.Client(base_url=url, timeout=120) as client:
        numbers = [
            o["number"]
            for o in client.get("/api/orders", params={"limit": 20}, headers=headers).json()["items"]
        ]

    def visit(i: int) -> None:
        with httpx.Client(base_url=url, cookies=cookies, timeout=120) as client:
            client.get(f"/console/orders/{numbers[i % len(numbers)]}/")
            client.get("/console/", params={"state": "new"})

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(visit, range(workers * 4)))


def _credentials(usernames: list[str]) -> dict[str, dict[str, str]]:
    """A signed-in session cookie and an API token per user (as a sign-in would give them)."""
    from django.test import Client

    from fixloop.accounts.models import User
    from fixloop.accounts.services import create_token

    credentials = {}
    for user in User.objects.filter(username__in=usernames):
        client = Client()
        client.force_login(user)
        credentials[user.username] = {
            "cookie": settings.SESSION_COOKIE_NAME,
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "token": create_token(user=user),
        }
    return credentials


def _locust(host: str, options, prefix: Path, env: dict) -> None:
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", host,
        "--users", str(options.users), "--spawn-rate", str(options.spawn_rate),
        "--run-time", f"{max(1, round(options.minutes * 60))}s", "--csv", str(prefix),
        "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    log = prefix.with_suffix(".log")
    with log.open("w") as out:
        finished = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    if finished.returncode != 0:
        raise RuntimeError("locust failed:\n" + log.read_text()[-3000:])


def _read(stats_csv: Path) -> tuple[list[list], tuple[int, int]]:
    """Per-endpoint rows (setup requests left out of the table, kept in the totals) and (requests, errors)."""
    rows, total = [], (0, 0)
    with stats_csv.open() as handle:
        for row in csv.DictReader(handle):
            count, failures = int(row["Request Count"]), int(row["Failure Count"])
            if row["Name"] == "Aggregated":
                total = (count, failures)
            elif "(setup)" not in row["Name"] and row["Name"] not in ("sign-in form", "sign in", "API token"):
                rows.append([row["Name"], count, float(row["Requests/s"]), _ms(row["50%"]), _ms(row["95%"]),
                             _ms(row["99%"]), failures])  # fmt: skip
    return sorted(rows), total


def _ms(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def _failures(failures_csv: Path) -> list[str]:
    """One line per distinct failure (method, endpoint, error, count)."""
    if not failures_csv.exists():
        return []
    with failures_csv.open() as handle:
        return [
            f"error: {r['Method']} {r['Name']}: {r['Error']} ×{r['Occurrences']}"
            for r in csv.DictReader(handle)
        ]
