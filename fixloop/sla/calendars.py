"""Importing business calendars from TOML files (see `calendar.py` for the format) or holiday CSVs."""

import tomllib

from django.db import transaction
from django.utils.translation import gettext as _

from fixloop.core.errors import ValidationFailed
from fixloop.sla.calendar import WEEKDAYS, BusinessCalendar, CalendarError, parse_days
from fixloop.sla.models import Calendar


def _invalid(exc: Exception) -> ValidationFailed:
    return ValidationFailed(
        "invalid_calendar",
        _("The calendar file is not valid: {error}").format(error=exc),
        {"error": str(exc)},
    )


def _join(hours) -> str:
    return hours if isinstance(hours, str) else ", ".join(hours)


@transaction.atomic
def import_calendar(*, code: str, text: str, name: str = "") -> Calendar:
    """Create or replace calendar `code` from a TOML calendar file. Guard: the file parses completely
    (hours, zone, every holiday line), else nothing is changed."""
    try:
        BusinessCalendar.from_toml(text)
        data = tomllib.loads(text)
    except (CalendarError, tomllib.TOMLDecodeError) as exc:
        raise _invalid(exc) from exc
    hours = data.get("hours", {})
    fields = {day: _join(hours.get(day, "")) for day in (*WEEKDAYS, "makeup")}
    fields.update(
        timezone=data.get("timezone", "UTC"),
        always_open=bool(data.get("always_open", False)),
        days=data.get("days", "").strip() + "\n",
    )
    calendar = Calendar.objects.filter(code=code).first() or Calendar(code=code, name=name or code)
    if name:
        calendar.name = name
    for key, value in fields.items():
        setattr(calendar, key, value)
    calendar.save()
    return calendar


@transaction.atomic
def import_days(*, code: str, text: str) -> Calendar:
    """Replace the holidays and make-up days of calendar `code` with CSV lines `date,kind,name[,hours]`."""
    calendar = Calendar.objects.select_for_update().filter(code=code).first()
    if calendar is None:
        raise ValidationFailed("calendar_not_found", _("There is no calendar {code}.").format(code=code))
    try:
        parse_days(text)
    except CalendarError as exc:
        raise _invalid(exc) from exc
    calendar.days = text.strip() + "\n"
    calendar.save(update_fields=["days", "updated_at"])
    return calendar
