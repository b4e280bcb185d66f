"""Which policy and which business calendar an order falls under."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings

from fixloop.sla.calendar import BusinessCalendar
from fixloop.sla.clocks import Targets
from fixloop.sla.models import Calendar, Policy, ServicePointCalendar
from fixloop.workorders.choices import ServiceMode


@dataclass(frozen=True)
class OrderFacts:
    """What policy matching looks at."""

    kind: str
    priority: str
    customer_tier: str
    channel: str


def match_policy(facts: OrderFacts, policies: list[Policy]) -> Policy | None:
    """The active policy whose set criteria all equal the order's, with the most criteria set.

    A policy with no criteria is the default. Ties cannot happen between active policies (a unique
    constraint on the criteria), but two policies with the same number of criteria may both match
    (e.g. one by priority, one by tier): the older one wins, so the choice is stable.
    """
    best, best_score = None, -1
    for policy in sorted(policies, key=lambda p: p.pk):
        if not policy.is_active:
            continue
        wanted = {name: getattr(policy, name) for name in Policy.CRITERIA if getattr(policy, name)}
        if all(getattr(facts, name) == value for name, value in wanted.items()) and len(wanted) > best_score:
            best, best_score = policy, len(wanted)
    return best


def targets_for(policy: Policy, service_mode: str) -> Targets:
    """The policy's targets for this order: the arrival clock only for on-site work."""
    return Targets(
        first_response=policy.first_response,
        arrival=policy.arrival if service_mode == ServiceMode.ON_SITE else None,
        resolution=policy.resolution,
        pause_states=policy.pause_states,
    )


def warning_targets(targets: Targets, percent: int) -> Targets:
    """The same targets shrunk to the warning threshold: their due times are the warning moments."""
    scale = percent / 100

    def part(target: timedelta | None) -> timedelta | None:
        return target * scale if target is not None else None

    return Targets(
        first_response=part(targets.first_response),
        arrival=part(targets.arrival),
        resolution=part(targets.resolution),
        pause_states=targets.pause_states,
    )


@dataclass
class SlaContext:
    """Policies and calendars loaded once (three small queries) for one or many orders."""

    policies: list[Policy]
    calendars: dict[int, Calendar]
    point_calendar: dict[int, int]
    default_calendar_id: int | None
    _parsed: dict[int, BusinessCalendar] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "SlaContext":
        calendars = {c.pk: c for c in Calendar.objects.all()}
        return cls(
            policies=list(Policy.objects.filter(is_active=True).order_by("id")),
            calendars=calendars,
            point_calendar=dict(ServicePointCalendar.objects.values_list("service_point_id", "calendar_id")),
            default_calendar_id=next((c.pk for c in calendars.values() if c.is_default), None),
        )

    def calendar_for(self, policy: Policy, service_point_id: int | None) -> Calendar | None:
        """The policy's own calendar, else the service point's, else the default one (None: 24×7)."""
        for candidate in (policy.calendar_id, self.point_calendar.get(service_point_id or 0)):
            if candidate is not None:
                return self.calendars[candidate]
        return self.calendars.get(self.default_calendar_id or 0)

    def business_calendar(self, calendar: Calendar | None) -> BusinessCalendar:
        if calendar is None:
            return BusinessCalendar.twenty_four_seven(settings.TIME_ZONE)
        if calendar.pk not in self._parsed:
            self._parsed[calendar.pk] = calendar.business_calendar()
        return self._parsed[calendar.pk]
