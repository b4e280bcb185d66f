"""The demo loader sets up calendars and policies once and computes every order's clocks."""

from django.utils import translation

from fixloop.sla import demo_data
from fixloop.sla.models import Calendar, Policy, ServicePointCalendar, Snapshot
from fixloop.testing.world import new_order


def test_demo_load_is_idempotent_and_covers_every_order(world):
    orders = [new_order(world, serial=f"SN-D-{i}") for i in range(3)]
    with translation.override("en"):
        assert "clocks of 3 orders" in demo_data.load()
        assert "clocks of 3 orders" in demo_data.load()
    assert Policy.objects.count() == len(demo_data.POLICIES)
    assert Calendar.objects.get(is_default=True).code == "cn-2026"
    assert ServicePointCalendar.objects.count() == 2
    snaps = Snapshot.objects.filter(order__in=orders)
    assert {s.policy.name for s in snaps} == {"标准服务"} and {s.status for s in snaps} == {"running"}
