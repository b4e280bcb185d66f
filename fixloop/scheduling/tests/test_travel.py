"""The day plan and the windows use OSRM when configured (a local fake server), and refuse clearly when it is down."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.dispatch.tests.test_travel import FakeOsrm, osrm_url  # noqa: F401 (the fixture)
from fixloop.scheduling.dayproblem import TravelUnavailable
from fixloop.scheduling.models import DayPlan, PlanStop
from fixloop.scheduling.planning import plan_day


def test_plan_uses_the_osrm_table(sched, settings, osrm_url):  # noqa: F811
    settings.SCHEDULING_OSRM_URL = osrm_url
    orders = [sched.order(east_km=k) for k in (1, 2)]
    plan = plan_day(
        actor=sched.world.actor(Role.DISPATCHER), service_point_id=sched.world.centre.pk, date=sched.day
    )
    assert FakeOsrm.requests and all(r.startswith("/table/v1/driving/") for r in FakeOsrm.requests)
    assert set(PlanStop.objects.filter(route__plan=plan).values_list("order__number", flat=True)) == {
        o.number for o in orders
    }
    # The fake charges 100 m per degree of longitude: the road distance, not the straight line (×1.3).
    assert plan.distance_m < 10


def test_plan_refuses_when_osrm_is_down(sched, settings):
    settings.SCHEDULING_OSRM_URL = "http://127.0.0.1:9"
    sched.order(east_km=1)
    with pytest.raises(TravelUnavailable) as refused:
        plan_day(
            actor=sched.world.actor(Role.DISPATCHER), service_point_id=sched.world.centre.pk, date=sched.day
        )
    assert refused.value.code == "travel_unavailable" and refused.value.status == 503
    assert not DayPlan.objects.exists()
