"""Synthetic load data: many orders with consistent event histories, written in bulk for benchmarks."""

import random

from django.db import connection, transaction
from django.utils import timezone

from fixloop.customers.models import Customer
from fixloop.demo.journeys import PATH_MODE, PATHS
from fixloop.organisation.models import Engineer
from fixloop.workorders.choices import NUMBER_PREFIX, Kind
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.services.numbering import allocate_block
from fixloop.workorders.states import TRANSITIONS, Action, State

BATCH = 2000


def seed_orders(count: int, *, seed: int = 1, progress=None) -> int:
    """Create `count` orders spread over all states; each has the events that lead to its state."""
    rng = random.Random(seed)
    customers = list(Customer.objects.values_list("id", "phone", "name")[:5000])
    engineers = list(Engineer.objects.values_list("id", "home_service_point_id"))
    if not customers or not engineers:
        raise RuntimeError("load the master data first (fixloop demo --no-serve)")
    first = allocate_block(NUMBER_PREFIX[Kind.REPAIR], timezone.localdate(), count)
    day = f"{timezone.localdate():%Y%m%d}"
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            orders, paths = [], []
            for i in range(size):
                name = rng.choice(list(PATHS))
                path = PATHS[name][: rng.randint(0, len(PATHS[name]))]
                customer_id, phone, contact = rng.choice(customers)
                engineer_id, point_id = rng.choice(engineers)
                state = _walk(path)
                orders.append(WorkOrder(
                    number=f"RO-{day}-{first + done + i:04d}", kind=Kind.REPAIR, channel=rng.choice(["web", "hotline", "app", "walk_in"]),
                    service_mode=PATH_MODE[name][0], state=state, priority=rng.choice(["low", "normal", "normal", "high", "urgent"]),
                    version=len(path) + 1, customer_id=customer_id, contact_name=contact, contact_phone=phone,
                    symptoms=rng.choice(SYMPTOMS), service_point_id=point_id if path else None,
                    assignee_id=engineer_id if Action.ASSIGN in path else None,
                ))  # fmt: skip
                paths.append(path)
            WorkOrder.objects.bulk_create(orders, batch_size=BATCH)
            WorkOrderEvent.objects.bulk_create(_events(orders, paths), batch_size=BATCH * 4)
        done += size
        if progress:
            progress(done)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, or the planner misjudges the bulk-loaded tables
    return done


def _walk(path: list[Action]) -> State:
    state = State.NEW
    for action in path:
        state = TRANSITIONS[(state, action)]
    return state


def _events(orders: list[WorkOrder], paths: list[list[Action]]):
    for order, path in zip(orders, paths, strict=True):
        state = State.NEW
        yield WorkOrderEvent(order=order, version=1, action=Action.CREATE, from_state="", to_state=state,
                             actor_role="agent", actor_label="seed")  # fmt: skip
        for version, action in enumerate(path, start=2):
            dest = TRANSITIONS[(state, action)]
            yield WorkOrderEvent(order=order, version=version, action=action, from_state=state, to_state=dest,
                                 actor_role="system", actor_label="seed")  # fmt: skip
            state = dest


SYMPTOMS = [
    "手机充电没反应", "屏幕碎裂触摸失灵", "电池不耐用自动关机", "开机卡在 logo 反复重启",
    "Laptop fan loud, shuts down", "洗衣机脱水震动报错 E21", "空调制冷差外机不转", "打印机卡纸 E-03",
]  # fmt: skip
