"""Maintenance plans (保养): create and pause them; the periodic job opens each due order once."""

import datetime as dt
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.aftercare.models import MaintenancePlan, MaintenanceVisit
from fixloop.catalog.models import Device
from fixloop.core.errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from fixloop.notifications.notify import notify
from fixloop.organisation.models import ServicePoint
from fixloop.workorders.choices import Kind, ServiceMode
from fixloop.workorders.services import DeviceRef, OrderIntake, create_order

log = logging.getLogger(__name__)
PLAN_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.MANAGER})
MAX_LEAD_DAYS = 90


def _require_role(actor: Actor) -> None:
    if actor.role not in PLAN_ROLES:
        raise Forbidden("plan_forbidden", _("Your role may not manage maintenance plans."))


def create_plan(
    *,
    actor: Actor,
    serial: str,
    interval_months: int,
    next_due: dt.date,
    service_mode: str = ServiceMode.ON_SITE,
    lead_days: int | None = None,
    contract_number: str = "",
    notes: str = "",
    service_point_id: int | None = None,
) -> MaintenancePlan:
    """A plan for a device with an owner. Guards: 1-60 months, first due date not in the past, lead 0-90 days."""
    _require_role(actor)
    device = Device.objects.select_related("owner").filter(serial=(serial or "").strip()).first()
    if device is None:
        raise ValidationFailed(
            "device_not_found", _("No device has this serial number."), {"field": "serial"}
        )
    if device.owner_id is None:
        raise ValidationFailed(
            "device_without_owner", _("This device has no owner on record."), {"field": "serial"}
        )
    if not isinstance(interval_months, int) or not 1 <= interval_months <= 60:
        raise ValidationFailed(
            "interval_invalid", _("The interval must be 1 to 60 months."), {"field": "interval_months"}
        )
    if next_due < timezone.localdate():
        raise ValidationFailed(
            "due_in_past", _("The first due date may not be in the past."), {"field": "next_due"}
        )
    if lead_days is not None and not 0 <= lead_days <= MAX_LEAD_DAYS:
        raise ValidationFailed(
            "lead_days_invalid",
            _("Open the order 0 to {max} days ahead.").format(max=MAX_LEAD_DAYS),
            {"field": "lead_days"},
        )
    if service_mode not in ServiceMode.values:
        raise ValidationFailed("service_mode_invalid", _("Choose a service mode."), {"field": "service_mode"})
    if (
        service_point_id is not None
        and not ServicePoint.objects.filter(pk=service_point_id, is_active=True).exists()
    ):
        raise ValidationFailed(
            "service_point_not_found", _("The service point was not found."), {"field": "service_point_id"}
        )
    return MaintenancePlan.objects.create(
        device=device,
        customer_id=device.owner_id,
        interval_months=interval_months,
        next_due=next_due,
        lead_days=lead_days,
        service_mode=service_mode,
        contract_number=contract_number.strip()[:60],
        notes=notes.strip()[:500],
        service_point_id=service_point_id,
        created_by=actor.user,
    )


def set_plan_active(*, actor: Actor, plan_id: int, expected_version: int, active: bool) -> MaintenancePlan:
    """Pause or resume a plan. Guard: the version the user saw (a stale one is refused)."""
    _require_role(actor)
    plan = MaintenancePlan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("plan_not_found", _("The maintenance plan was not found."))
    updated = MaintenancePlan.objects.filter(pk=plan_id, version=expected_version).update(
        active=active, version=F("version") + 1
    )
    if not updated:
        raise Conflict(
            "stale_version",
            _("Someone else changed this plan meanwhile; reload it and try again."),
            {"current_version": plan.version},
        )
    plan.refresh_from_db()
    return plan


def lead_days_for(plan: MaintenancePlan) -> int:
    return settings.FIXLOOP_AFTERCARE["MAINTENANCE_LEAD_DAYS"] if plan.lead_days is None else plan.lead_days


def open_due_orders(now: dt.datetime) -> int:
    """Periodic job: open the maintenance order of every active plan within its lead days of being due."""
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=MAX_LEAD_DAYS)
    opened = 0
    plans = MaintenancePlan.objects.select_related("device").filter(active=True, next_due__lte=horizon)
    for plan in plans.order_by("next_due", "id"):
        if plan.next_due - dt.timedelta(days=lead_days_for(plan)) > today:
            continue
        try:
            opened += int(open_visit(plan) is not None)
        except DomainError as exc:  # e.g. the device changed hands: the others still go ahead
            log.warning("maintenance plan %s: %s (%s)", plan.pk, exc.message, exc.code)
    return opened


def open_visit(plan: MaintenancePlan) -> MaintenanceVisit | None:
    """Open (or find) the order for the plan's next due date, tell the customer, move the plan on.

    Idempotent: the create is keyed on plan and date, the visit is unique on them, and the plan moves
    on only from the date it was read at; a second run for the same date opens nothing.
    """
    due = plan.next_due
    if plan.device.owner_id != plan.customer_id:
        raise Conflict("device_changed_owner", _("The device no longer belongs to the plan's customer."))
    intake = OrderIntake(
        symptoms=_maintenance_text(plan, due),
        service_mode=plan.service_mode,
        kind=Kind.MAINTENANCE,
        customer_id=plan.customer_id,
        device=DeviceRef(serial=plan.device.serial),
        service_point_id=plan.service_point_id,
    )
    order, _created = create_order(
        actor=Actor.system(), intake=intake, idempotency_key=f"maintenance:{plan.pk}:{due.isoformat()}"
    )
    with transaction.atomic():
        moved = MaintenancePlan.objects.filter(pk=plan.pk, next_due=due).update(
            next_due=due + relativedelta(months=plan.interval_months), version=F("version") + 1
        )
        if not moved:
            return None  # another run moved the plan on first
        try:
            with transaction.atomic():
                visit = MaintenanceVisit.objects.create(plan=plan, due_date=due, order=order)
        except IntegrityError:
            return None
        notify(
            "maintenance.booked",
            order_id=order.pk,
            customer_id=plan.customer_id,
            context={
                "number": order.number,
                "due_date": due.isoformat(),
                "device": str(plan.device.model) if plan.device.model_id else plan.device.serial,
                "serial": plan.device.serial,
                "interval_months": plan.interval_months,
            },
            dedupe_key=f"maintenance:{plan.pk}:{due.isoformat()}",
        )
    return visit


def _maintenance_text(plan: MaintenancePlan, due: dt.date) -> str:
    text = _("Scheduled maintenance every {months} months, due {date}.").format(
        months=plan.interval_months, date=due.isoformat()
    )
    if plan.contract_number:
        text += " " + _("Contract {number}.").format(number=plan.contract_number)
    return f"{text}\n{plan.notes}".strip()


def plan_list(actor: Actor, *, serial: str = "", active: bool | None = None):
    _require_role(actor)
    plans = MaintenancePlan.objects.select_related("device__model", "customer").order_by("next_due", "id")
    if serial:
        plans = plans.filter(device__serial=serial.strip())
    if active is not None:
        plans = plans.filter(active=active)
    return plans
