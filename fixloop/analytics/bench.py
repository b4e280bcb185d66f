"""`fixloop bench analytics --orders N`: seed a year of orders with events, time the dashboard per filter.

Seeding writes orders, their events, surveys and complaints straight to the tables (PostgreSQL COPY,
bulk_create elsewhere), then builds the daily statistics the worker keeps fresh; the timings then load
the real dashboard view as a manager, 20 times per filter combination, and print p50/p95.
"""

import datetime as dt
import random
import secrets
import time
from decimal import Decimal

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.analytics import summary
from fixloop.analytics.models import DailyOrderStats
from fixloop.bench.stats import percentile, table
from fixloop.catalog.models import ProductModel
from fixloop.complaints.models import Complaint
from fixloop.customers.models import Customer
from fixloop.organisation.models import Engineer
from fixloop.surveys.models import Survey
from fixloop.workorders.models import WorkOrder, WorkOrderEvent

BATCH = 20_000
FAULTS = [
    "power",
    "battery",
    "screen",
    "charging",
    "camera",
    "audio",
    "board",
    "software",
    "wifi",
    "keyboard",
]
OPEN = [
    "new",
    "triaged",
    "assigned",
    "scheduled",
    "diagnosing",
    "quoted",
    "repairing",
    "awaiting_parts",
    "qc",
    "ready",
]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--orders", type=int, default=100_000, help="orders to have in the database (a year's worth)"
    )
    parser.add_argument("--loads", type=int, default=20, help="dashboard loads per filter combination")
    parser.add_argument("--seed", type=int, default=9)


def run(options, stdout) -> None:
    from django.core.management import call_command

    from fixloop.demo import loader

    call_command("migrate", interactive=False, verbosity=0)
    loader.load_master()
    marker = "bench-analytics"
    have = WorkOrder.objects.filter(number__startswith="BA-").count()
    missing = max(0, options.orders - have)
    stdout.write(f"database: {connection.vendor}; {have:,} bench orders present, seeding {missing:,}…")
    started = time.perf_counter()
    if missing:
        _seed(missing, have, random.Random(options.seed + have), stdout)
    stdout.write(
        f"seeded in {time.perf_counter() - started:,.1f} s; {WorkOrder.objects.count():,} orders in all"
    )
    started = time.perf_counter()
    days = summary.refresh(timezone.now(), full=True)  # what the worker keeps up to date
    stdout.write(
        f"daily statistics built in {time.perf_counter() - started:,.1f} s: {days} days, "
        f"{DailyOrderStats.objects.count():,} rows"
    )
    started = time.perf_counter()
    summary.refresh(timezone.now())
    stdout.write(f"incremental refresh (nothing changed but today): {time.perf_counter() - started:,.2f} s")
    manager, _ = User.objects.get_or_create(username=marker, defaults={"role": Role.MANAGER})
    client = Client()
    client.force_login(manager)
    rows = []
    for label, query in _combinations():
        client.get(f"/analytics/{query}")  # warm-up
        times = []
        for _ in range(options.loads):
            t0 = time.perf_counter()
            response = client.get(f"/analytics/{query}")
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        rows.append([label, percentile(times, 50), percentile(times, 95), max(times)])
    stdout.write(table(["filters (last 365 days)", "p50 ms", "p95 ms", "max ms"], rows))


def _combinations() -> list[tuple[str, str]]:
    year = f"?start={timezone.localdate() - dt.timedelta(days=364)}"
    point = Engineer.objects.values_list("home_service_point_id", flat=True).first()
    model = ProductModel.objects.values_list("id", "category_id").first()
    engineer = Engineer.objects.values_list("id", flat=True).first()
    return [
        ("none (default 30 days)", ""),
        ("period: 365 days", year),
        ("+ service point", f"{year}&service_point={point}"),
        ("+ category", f"{year}&category={model[1]}"),
        ("+ model", f"{year}&model={model[0]}"),
        ("+ engineer", f"{year}&engineer={engineer}"),
        ("+ channel", f"{year}&channel=hotline"),
        ("+ point, category, channel", f"{year}&service_point={point}&category={model[1]}&channel=web"),
    ]


def _seed(count: int, offset: int, rng: random.Random, stdout) -> None:
    customers = list(Customer.objects.values_list("id", "phone", "name", "language")[:5000])
    engineers = list(Engineer.objects.values_list("id", "home_service_point_id"))
    models = list(ProductModel.objects.values_list("id", flat=True))
    now = timezone.now()
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        orders, events, surveys, complaints = [], [], [], []
        for i in range(size):
            orders.append(
                _order(rng, offset + done + i, now, customers, engineers, models, (done + i) / count)
            )
        with transaction.atomic():
            _write(WorkOrder, orders, returning_ids=True)
            for order in orders:
                events.extend(_events(rng, order))
                if order.state == "closed" and rng.random() < 0.3:
                    surveys.append(_survey(rng, order))
                if order.closed_at and rng.random() < 0.01:
                    complaints.append(_complaint(rng, order))
            _write(WorkOrderEvent, events)
            _write(Survey, surveys)
            _write(Complaint, complaints)
        done += size
        stdout.write(f"  {done:,} orders", ending="\r")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    stdout.write("")


def _order(rng, n, now, customers, engineers, models, position: float) -> WorkOrder:
    customer_id, phone, name, _lang = rng.choice(customers)
    engineer_id, point_id = rng.choice(engineers)
    # Written in creation order over the year (`position` 0 → 1), as a live system fills its table: the
    # physical order of the rows then follows time, which the date-range scans depend on.
    created = now - dt.timedelta(seconds=round(365 * 86400 * (1 - position)) - rng.randint(0, 600))
    created = min(created, now)
    order = WorkOrder(
        number=f"BA-{n:08d}", kind="repair", channel=rng.choice(["web", "hotline", "app", "walk_in", "partner"]),
        service_mode=rng.choice(["on_site", "carry_in", "remote", "pickup"]), priority="normal", version=1,
        customer_id=customer_id, contact_name=name, contact_phone=phone, symptoms="bench",
        product_model_id=rng.choice(models), fault_category=rng.choice(FAULTS), service_point_id=point_id,
        assignee_id=engineer_id, created_at=created, updated_at=created,
    )  # fmt: skip
    order._remote = False
    order._now = now  # no step after the seeding time (a future event would count as "changed" for hours)
    if rng.random() < 0.85 and created < now - dt.timedelta(hours=6):
        order._remote = rng.random() < 0.12
        order.resolved_at = min(
            now, created + dt.timedelta(hours=rng.expovariate(1 / (3 if order._remote else 48)))
        )
        order.rework_count = 1 if rng.random() < 0.08 else 0
        closed = rng.random() < 0.85
        order.state = "closed" if closed else "resolved"
        order.closed_at = min(now, order.resolved_at + dt.timedelta(hours=1)) if closed else None
    else:
        order.state = rng.choice(OPEN)
    return order


def _event(order, version, action, from_state, to_state, at) -> WorkOrderEvent:
    return WorkOrderEvent(order_id=order.pk, version=version, action=action, from_state=from_state,
                          to_state=to_state, actor_role="system", actor_label="bench",
                          created_at=min(at, order._now))  # fmt: skip


def _events(rng, order):
    yield _event(order, 1, "create", "", "new", order.created_at)
    yield _event(
        order, 2, "triage", "new", "triaged", order.created_at + dt.timedelta(minutes=rng.randint(5, 600))
    )
    if order.resolved_at is None:
        return
    if order._remote:
        yield _event(order, 3, "resolve_remotely", "triaged", "resolved", order.resolved_at)
    else:
        visits = 2 if rng.random() < 0.06 else 1
        for v in range(visits):
            yield _event(
                order,
                3 + v,
                "check_in",
                "scheduled",
                "diagnosing",
                order.created_at + dt.timedelta(hours=2 + v),
            )
        yield _event(order, 3 + visits, "accept", "awaiting_acceptance", "resolved", order.resolved_at)
    if order.closed_at:
        yield _event(order, 10, "close", "resolved", "closed", order.closed_at)


def _survey(rng, order) -> Survey:
    csat = rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 10, 35, 50])[0]
    return Survey(order_id=order.pk, customer_id=order.customer_id, token_hash=secrets.token_hex(32), language="zh-hans",
                  expires_at=order.closed_at + dt.timedelta(days=14), created_at=order.closed_at,
                  answered_at=min(order._now, order.closed_at + dt.timedelta(hours=5)), csat=csat,
                  nps=min(10, max(0, csat * 2 + rng.randint(-1, 1))))  # fmt: skip


def _complaint(rng, order) -> Complaint:
    closed = order.closed_at + dt.timedelta(days=rng.randint(1, 10)) if rng.random() < 0.7 else None
    closed = closed if closed is not None and closed <= order._now else None  # still open at seeding time
    return Complaint(number=f"BC-{order.number}", channel="phone", customer_id=order.customer_id,
                     state="closed" if closed else "investigating", subject="bench", description="bench",
                     respond_by=order.closed_at + dt.timedelta(days=1), created_at=order.closed_at, closed_at=closed,
                     updated_at=order.closed_at)  # fmt: skip


def _write(model, objects: list, returning_ids: bool = False) -> None:
    """COPY on PostgreSQL (ids taken from the sequence first), bulk_create elsewhere."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    table_name = model._meta.db_table
    fields = [f for f in model._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table_name}', 'id')) FROM generate_series(1, %s)",
            [len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        for obj in objects:
            for f in fields:  # the defaults and auto_now values bulk_create would have filled in
                if getattr(obj, f.attname) is None and f.has_default():
                    setattr(obj, f.attname, f.get_default())
        columns = ", ".join(f'"{f.column}"' for f in fields)
        raw = cursor.cursor
        with raw.copy(f'COPY "{table_name}" ({columns}) FROM STDIN') as copy:
            for obj in objects:
                copy.write_row([_db_value(f, obj) for f in fields])


def _db_value(field, obj):
    value = getattr(obj, field.attname)
    if value is None:
        return None
    if field.get_internal_type() == "JSONField":
        import json

        return json.dumps(value)
    if isinstance(value, Decimal | dt.datetime | dt.date | int | str | bool | float):
        return value
    return str(value)
