"""Demo stock: the parts catalogue, a warehouse, a store per service point, vans, and 18 months of history.

The issue history is drawn here (a seeded Poisson process per part and site, lumpier for slow movers),
so the forecasts and reorder points of the demo come out of the same ledger the product keeps.
"""

import datetime as dt
import math
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.catalog.models import ProductModel
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.parts import demo_catalogue as cat
from fixloop.parts.models import Part, Supplier
from fixloop.parts.stock_models import Movement, StockBalance, StockLocation, StockMovement

HISTORY_MONTHS = 18
SEED = 2026


def load() -> str | None:
    if StockLocation.objects.filter(code=cat.WAREHOUSE[0]).exists():
        return None
    with transaction.atomic():
        parts = _catalogue()
        stores = _locations()
        count = _history(parts, stores)
    planned = _plan()
    return _(
        "Spare parts: {parts} parts, {stores} stores, {lines} ledger lines, {planned} plan rows."
    ).format(parts=len(parts), stores=len(stores), lines=count, planned=planned)


def _catalogue() -> list[tuple[Part, float]]:
    suppliers = {
        code: Supplier.objects.update_or_create(
            code=code, defaults={"name": name, "contact": contact, "lead_time_days": days}
        )[0]  # fmt: skip
        for code, name, contact, days in cat.SUPPLIERS
    }
    models = {m.code: m for m in ProductModel.objects.all()}
    out = []
    for number, zh, en, fits, cost, price, serial, supplier, lead, rate in cat.PARTS:
        part, _new = Part.objects.update_or_create(
            number=number,
            defaults={"name": zh, "name_en": en, "unit_cost": Decimal(cost), "price": Decimal(price),
                      "serial_tracked": serial, "supplier": suppliers[supplier], "lead_time_days": lead,
                      "warranty_days": 90 if price < 300 else 180},
        )  # fmt: skip
        part.compatible_models.set([models[c] for c in fits if c in models])
        out.append((part, rate))
    return out


def _locations() -> list[tuple[StockLocation, set[str]]]:
    """The warehouse, each service point's store (with the categories it repairs), and engineers' vans."""
    code, name, lat, lon = cat.WAREHOUSE
    warehouse = StockLocation.objects.create(
        code=code, name=name, kind="warehouse", latitude=lat, longitude=lon
    )
    stores = [(warehouse, {"*"})]
    for point in ServicePoint.objects.filter(is_active=True).prefetch_related("categories"):
        store = StockLocation.objects.create(
            code=f"store-{point.code}", name=f"{point.name} 备件库", kind="service_point", service_point=point,
            latitude=point.latitude, longitude=point.longitude,
        )  # fmt: skip
        stores.append((store, {c.code for c in point.categories.all()}))
    for engineer in Engineer.objects.filter(is_active=True).select_related("user", "home_service_point")[:3]:
        StockLocation.objects.create(
            code=f"van-{engineer.user.username}", name=f"{engineer.user.get_full_name() or engineer.user} 服务车",
            kind="van", engineer=engineer, latitude=engineer.home_service_point.latitude,
            longitude=engineer.home_service_point.longitude,
        )  # fmt: skip
    return stores


def _history(parts, stores) -> int:
    """Monthly issues drawn per (part, store), received ahead so no month goes negative, and stock today."""
    rng = np.random.default_rng(SEED)
    today = timezone.localdate()
    months = _month_starts(today, HISTORY_MONTHS)
    categories = {
        p.pk: {m.category.code for m in p.compatible_models.select_related("category")} for p, _r in parts
    }
    lines: list[StockMovement] = []
    balances: list[StockBalance] = []
    for store, covers in stores:
        busy = 0.3 if "*" in covers else rng.uniform(0.6, 1.2)  # the warehouse serves few repairs itself
        for part, rate in parts:
            if "*" not in covers and not categories[part.pk] & covers:
                continue
            on_hand = _store_history(rng, store, part, rate * busy, months, lines)
            balances.append(StockBalance(part=part, location=store, on_hand=on_hand))
    StockMovement.objects.bulk_create(lines, batch_size=1000)
    StockBalance.objects.bulk_create(balances)
    return len(lines)


def _store_history(rng, store, part, rate: float, months: list[dt.date], lines: list) -> int:
    """One part at one store: Poisson months, sometimes silent for a while (lumpy demand)."""
    on_hand = 0
    quiet = 0
    for start in months:
        if quiet > 0:
            quiet -= 1
            issued = 0
        else:
            issued = int(rng.poisson(rate))
            quiet = int(rng.random() < 0.15) * int(rng.integers(1, 4)) if rate < 1 else 0
        if on_hand < issued + math.ceil(rate):
            receipt = issued + math.ceil(rate * 2) + 1 - on_hand
            lines.append(
                _line(part, store, Movement.RECEIPT, receipt, start + dt.timedelta(days=1), "月度补货")
            )
            on_hand += receipt
        for _i in range(issued):
            day = start + dt.timedelta(days=int(rng.integers(2, 27)))
            lines.append(_line(part, store, Movement.ISSUE, -1, day, "维修领用"))
        on_hand -= issued
    return on_hand


def _line(part, store, kind, delta, day: dt.date, reason: str) -> StockMovement:
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    return StockMovement(part=part, location=store, kind=kind, on_hand_delta=delta, unit_cost=part.unit_cost,
                         reason=reason, actor_label="demo", occurred_at=min(when, timezone.now()))  # fmt: skip


def _month_starts(today: dt.date, count: int) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for _i in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def _plan() -> int:
    from fixloop.parts.jobs import replan

    return replan(timezone.now())
