"""`fixloop bench api`: seed N orders, start a real server, measure create, detail, list and transition."""

import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import dj_database_url
import httpx
from django.conf import settings

from fixloop.bench.server import Server, fixloop
from fixloop.bench.stats import percentile, table
from fixloop.demo.data import DEMO_PASSWORD

STATES = [
    "new",
    "triaged",
    "assigned",
    "scheduled",
    "diagnosing",
    "quoted",
    "repairing",
    "qc",
    "ready",
    "closed",
]


def add_arguments(parser) -> None:
    parser.add_argument("--orders", type=int, default=100_000, help="orders in the database before measuring")
    parser.add_argument("--requests", type=int, default=2000, help="requests per operation")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, response: httpx.Response, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.queries.append(int(response.headers.get("X-Query-Count", -1)))
            self.errors += 0 if ok else 1


def run(options, stdout) -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{settings.DATA_DIR / 'bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "FIXLOOP_QUERY_COUNT_HEADER": "1", "FIXLOOP_DEBUG": "0"}
    engine = dj_database_url.parse(url)["ENGINE"].rsplit(".", 1)[-1]
    stdout.write(f"database: {engine} ({_redact(url)}); seeding up to {options.orders:,} orders…")
    fixloop(["migrate", "-v0"], env)
    started = time.perf_counter()
    fixloop(["seed", "--orders", str(options.orders), "--total"], env, stdout=open(os.devnull, "w"))
    stdout.write(f"seeded in {time.perf_counter() - started:.0f} s")
    with Server(env, workers=options.workers) as server:
        rows = _measure(server, options)
    stdout.write(
        f"server: gunicorn, {options.workers} sync workers; client: {options.concurrency} threads on the same 2 cores"
    )
    stdout.write(
        table(
            [
                "operation",
                "requests",
                "req/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "SQL/req",
                "server CPU ms/req",
                "errors",
            ],
            rows,
        )
    )


def _measure(server: Server, options) -> list[list]:
    tokens = {role: _token(server.url, role) for role in ("agent", "manager")}
    with httpx.Client(base_url=server.url, headers=_auth(tokens["manager"])) as manager:
        sample_page = manager.get("/api/orders", params={"limit": 200}).json()["items"]
    customers = sorted({o["customer"]["id"] for o in sample_page})
    numbers = [o["number"] for o in sample_page]
    rng = random.Random(0)
    n = options.requests
    created: list[str] = []

    def create(client: httpx.Client, i: int) -> tuple[httpx.Response, bool]:
        body = {"service_mode": "carry_in", "symptoms": "手机充电无反应 bench", "customer_id": rng.choice(customers),
                "device": {"serial": f"BENCH-{os.getpid()}-{time.time_ns()}-{i}", "model_id": 1}}  # fmt: skip
        response = client.post("/api/orders", json=body)
        if response.status_code == 201:
            created.append(response.json()["number"])
        return response, response.status_code == 201

    def detail(client, i):
        response = client.get(f"/api/orders/{rng.choice(numbers)}")
        return response, response.status_code == 200

    def listing(client, i):
        response = client.get("/api/orders", params={"state": rng.choice(STATES), "limit": 50})
        return response, response.status_code == 200

    def transition(client, i):
        response = client.post(
            f"/api/orders/{created[i]}/transitions",
            json={"action": "triage", "version": 1, "payload": {"priority": "high"}},
        )
        return response, response.status_code == 200

    rows = []
    for name, op, count in (("create", create, n), ("detail", detail, n), ("list 50 by state", listing, n),
                            ("transition", transition, None)):  # fmt: skip
        count = len(created) if count is None else count
        rows.append(
            _phase(
                server,
                name,
                op,
                count,
                tokens["agent"] if name != "detail" else tokens["manager"],
                options.concurrency,
            )
        )
    return rows


def _phase(server: Server, name: str, op, count: int, token: str, concurrency: int) -> list:
    sample = Sample()
    clients = [
        httpx.Client(base_url=server.url, headers=_auth(token), timeout=30) for _ in range(concurrency)
    ]
    local = threading.local()

    def one(i: int) -> None:
        client = clients[i % concurrency] if not hasattr(local, "client") else local.client
        local.client = client
        began = time.perf_counter()
        response, ok = op(client, i)
        sample.add(time.perf_counter() - began, response, ok)

    cpu_before, began = server.cpu_seconds(), time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(count)))
    wall, cpu = time.perf_counter() - began, server.cpu_seconds() - cpu_before
    for client in clients:
        client.close()
    ms = [s * 1000 for s in sample.latencies]
    queries = sorted(sample.queries)
    return [name, count, count / wall, percentile(ms, 50), percentile(ms, 95), percentile(ms, 99),
            f"{queries[len(queries) // 2]} (max {queries[-1]})", cpu * 1000 / count, sample.errors]  # fmt: skip


def _token(url: str, username: str) -> str:
    response = httpx.post(
        f"{url}/api/auth/token", json={"username": username, "password": DEMO_PASSWORD}, timeout=30
    )
    response.raise_for_status()
    return response.json()["token"]


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _redact(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url
