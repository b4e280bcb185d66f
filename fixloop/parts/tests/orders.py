"""Driving an order to an approved quote with catalogue parts."""

from fixloop.testing.world import new_order
from fixloop.workorders.tests.helpers import advance, run


def quoted_order(world, parts: list[tuple], priority: str = "normal", **order_kwargs):
    """An out-of-warranty carry-in order quoted with option 1 = the given (part, quantity) lines."""
    order = new_order(world, in_warranty=False, **order_kwargs)
    order = advance(world, order, "triage", priority=priority)
    order = run(world, order, ["assign", "receive_device"])
    lines = [{"kind": "part", "part_id": p.pk, "quantity": str(q), "description": p.name} for p, q in parts]
    lines.append({"kind": "labour", "description": "人工 Labour", "quantity": "1", "unit_price": "80.00"})
    options = [{"label": "更换配件 / Replace parts", "lines": lines}]
    return advance(world, order, "quote", options=options)


def approved_order(
    world, django_capture_on_commit_callbacks, parts, priority: str = "normal", **order_kwargs
):
    order = quoted_order(world, parts, priority, **order_kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        order = advance(world, order, "approve")
    order.refresh_from_db()
    return order
