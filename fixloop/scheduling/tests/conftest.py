"""A service point with coordinates, two engineers with shifts and levels, and on-site orders."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.catalog.models import ProductModel
from fixloop.customers.models import Address
from fixloop.organisation.models import Engineer, Skill
from fixloop.scheduling.models import Level, RequiredLevel, Shift, SkillLevel
from fixloop.testing.world import make_user, new_order
from fixloop.workorders import services

# 上海徐汇: the centre; 0.105° of longitude here is about 10 km, 26 min at 30 km/h × 1.3.
CENTRE = (Decimal("31.188000"), Decimal("121.437000"))


@dataclass
class Sched:
    world: object
    second: Engineer  # a basic-level board engineer at the same centre
    washer_skill: Skill
    washer_model: ProductModel
    day: dt.date  # a working day ahead
    serial: int = 0

    def address(self, east_km: float = 0.0, north_km: float = 0.0, customer=None) -> Address:
        lat = CENTRE[0] + Decimal(str(round(north_km / 111.2, 6)))
        lon = CENTRE[1] + Decimal(str(round(east_km / 95.2, 6)))
        return Address.objects.create(
            customer=customer or self.world.customer,
            line="徐汇区漕溪北路 88 号",
            city="上海",
            latitude=lat,
            longitude=lon,
        )

    def order(
        self, *, east_km=0.0, north_km=0.0, priority="normal", model=None, located=True, mode="on_site"
    ):
        """A triaged on-site order of the world's customer at the centre."""
        self.serial += 1
        address = self.address(east_km, north_km) if located else None
        w = self.world
        order = new_order(
            w, mode=mode, serial=f"SN-SCHED-{self.serial:03}", address_id=address.pk if address else None
        )
        if model is not None:
            order.product_model = model
            type(order).objects.filter(pk=order.pk).update(product_model=model)
        return services.triage(
            actor=w.actor(Role.AGENT), number=order.number, expected_version=order.version,
            priority=priority, service_point_id=w.centre.pk,
        )  # fmt: skip

    def assign(self, order, engineer):
        return services.assign(
            actor=self.world.actor(Role.DISPATCHER), number=order.number,
            expected_version=order.version, engineer_id=engineer.pk,
        )  # fmt: skip

    def book(self, order, start: dt.time, end: dt.time, day=None):
        day = day or self.day
        at = lambda t: timezone.make_aware(dt.datetime.combine(day, t))  # noqa: E731
        return services.schedule(
            actor=self.world.actor(Role.DISPATCHER), number=order.number,
            expected_version=order.version, start=at(start), end=at(end),
        )  # fmt: skip

    def at(self, hour: int, minute: int = 0, day=None) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day or self.day, dt.time(hour, minute)))


def add_shifts(engineer, start=dt.time(9), end=dt.time(18), break_start=dt.time(12), minutes=60):
    for weekday in range(7):
        Shift.objects.create(
            engineer=engineer,
            weekday=weekday,
            start=start,
            end=end,
            break_start=break_start,
            break_minutes=minutes,
        )


@pytest.fixture
def sched(world, settings):
    settings.SCHEDULING_SOLVE_SECONDS = 0.3
    world.centre.latitude, world.centre.longitude = CENTRE
    world.centre.save(update_fields=["latitude", "longitude"])
    board = world.phone_model.skills.get()
    RequiredLevel.objects.create(product_model=world.phone_model, skill=board, level=Level.ADVANCED)
    SkillLevel.objects.create(engineer=world.engineer, skill=board, level=Level.EXPERT)
    second = Engineer.objects.create(
        user=make_user("engineer2", Role.ENGINEER, first_name="王强"), home_service_point=world.centre
    )
    second.skills.add(board)  # basic level: below what the P60 needs
    washer = Skill.objects.create(code="washer", name="洗衣机维修")
    second.skills.add(washer)
    washer_model = ProductModel.objects.create(
        category=world.phones, brand="Huaxin", code="HX-W1", name="W1 洗衣机", warranty_months=12
    )
    washer_model.skills.add(washer)
    add_shifts(world.engineer)
    add_shifts(second)
    return Sched(world, second, washer, washer_model, timezone.localdate() + dt.timedelta(days=1))
