"""Demo orders lie in the past weeks, each history in order, so the dashboard shows real repair times."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.demo import loader
from fixloop.workorders.models import WorkOrder, WorkOrderEvent
from fixloop.workorders.states import TERMINAL

pytestmark = pytest.mark.django_db


def test_demo_orders_spread_over_weeks_with_ordered_events():
    loader.load_master()
    started = timezone.now()
    loader.load_orders(count=15)
    demo = WorkOrder.objects.filter(partner__isnull=True)  # the partner's API requests are new ones
    created = sorted(demo.values_list("created_at", flat=True))
    assert created[-1] - created[0] > dt.timedelta(days=7)
    assert all(moment <= timezone.now() for moment in created)
    for order in demo:
        moments = list(
            WorkOrderEvent.objects.filter(order=order)
            .order_by("version")
            .values_list("created_at", flat=True)
        )
        assert moments == sorted(moments) and moments[0] == order.created_at, order.number
        assert order.updated_at >= moments[-1] or order.updated_at >= started
        if order.state not in TERMINAL:
            assert order.created_at > timezone.now() - dt.timedelta(weeks=2, hours=1)
        else:
            assert order.created_at > timezone.now() - dt.timedelta(weeks=8, hours=1)
    resolved = demo.filter(resolved_at__isnull=False)
    assert resolved.exists()
    for order in resolved:
        assert order.resolved_at - order.created_at > dt.timedelta(hours=1)  # not the seconds of one run
        assert WorkOrderEvent.objects.filter(
            order=order, to_state="resolved", created_at=order.resolved_at
        ).exists()
    for order in demo.filter(closed_at__isnull=False):
        assert order.closed_at >= order.resolved_at
    for order in demo.filter(appointment_start__isnull=False, events__action="check_in").distinct():
        visit = order.events.filter(action="check_in").latest("version").created_at
        assert order.appointment_start <= visit < order.appointment_end
