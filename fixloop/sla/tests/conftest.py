"""SLA fixtures: the shipped 2026 China calendar for the world's centre, and a small set of policies."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fixloop.sla import calendars
from fixloop.sla.models import Calendar, Policy, ServicePointCalendar

CN_2026 = Path(__file__).resolve().parents[1] / "fixtures" / "cn-2026.toml"
SH = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def cn_calendar(db) -> Calendar:
    calendar = calendars.import_calendar(
        code="cn-2026", text=CN_2026.read_text(encoding="utf-8"), name="中国大陆 2026"
    )
    Calendar.objects.filter(pk=calendar.pk).update(is_default=True)
    return calendar


@pytest.fixture
def sla_world(world, cn_calendar):
    """The centre keeps the China calendar; a default policy and a stricter one for urgent orders."""
    ServicePointCalendar.objects.create(service_point=world.centre, calendar=cn_calendar)
    world.default_policy = Policy.objects.create(
        name="标准", first_response=2 * H, arrival=8 * H, resolution=24 * H, pause_for_parts=True
    )
    world.urgent_policy = Policy.objects.create(
        name="紧急", priority="urgent", first_response=H, arrival=4 * H, resolution=8 * H
    )
    return world


@pytest.fixture
def at():
    """`with at(moment):` freezes the clock, so events get the timestamps a test needs."""

    def travel(moment: datetime):
        return time_machine.travel(moment, tick=False)

    return travel
