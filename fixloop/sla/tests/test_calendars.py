"""Calendars from files: the shipped 2026 China calendar, the import command, the admin upload."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from fixloop.accounts.roles import Role
from fixloop.sla.calendar import HOLIDAY, WORKDAY
from fixloop.sla.models import Calendar
from fixloop.sla.tests.conftest import CN_2026, H, sh
from fixloop.testing.i18n import translated


def test_the_shipped_2026_calendar_has_every_holiday_and_make_up_day(cn_calendar):
    cal = cn_calendar.business_calendar()
    holidays = {d for d, s in cal.days.items() if s.kind == HOLIDAY}
    makeups = {d for d, s in cal.days.items() if s.kind == WORKDAY}
    assert len(holidays) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert makeups == {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                       date(2026, 9, 20), date(2026, 10, 10)}  # fmt: skip
    assert all(d.weekday() >= 5 for d in makeups)  # 调休上班 always falls on a weekend
    assert cal.hours_on(date(2026, 10, 10)) == ((9 * H, 12 * H), (13 * H, 18 * H))


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (sh(2026, 12, 31, 17, 0), 2, sh(2027, 1, 1, 10, 0)),  # 2027 is not in this file: a plain Friday
        (sh(2026, 4, 30, 17, 0), 2, sh(2026, 5, 6, 10, 0)),  # Labour Day 1–5 May
        (sh(2026, 5, 8, 17, 0), 2, sh(2026, 5, 9, 10, 0)),  # Saturday 9 May is a working day
        (sh(2026, 9, 18, 17, 0), 2, sh(2026, 9, 20, 10, 0)),  # Sunday 20 Sep is a working day
        (sh(2026, 9, 24, 17, 0), 2, sh(2026, 9, 28, 10, 0)),  # Mid-Autumn 25–27 Sep
        (sh(2026, 6, 18, 17, 0), 9, sh(2026, 6, 22, 18, 0)),  # Dragon Boat 19–21 Jun: Thu 1 h + Mon 8 h
    ],
)
def test_arithmetic_over_2026_holidays(cn_calendar, start, hours, due):
    assert cn_calendar.business_calendar().add_business_time(start, hours * H) == due


def test_import_command_creates_and_replaces(db, tmp_path, capsys):
    call_command("sla", "import-calendar", "cn", str(CN_2026), "--name", "中国大陆")
    assert "39 special days" in capsys.readouterr().out
    days = tmp_path / "days.csv"
    days.write_text("2027-01-01,holiday,元旦\n", encoding="utf-8")
    call_command("sla", "import-days", "cn", str(days))
    cal = Calendar.objects.get(code="cn")
    assert cal.name == "中国大陆" and list(cal.business_calendar().days) == [date(2027, 1, 1)]


def test_a_bad_file_changes_nothing_and_says_why(db, tmp_path):
    call_command("sla", "import-calendar", "cn", str(CN_2026))
    bad = tmp_path / "bad.toml"
    bad.write_text('timezone = "Asia/Shanghai"\ndays = "2026-02-30,holiday,x"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="bad date"):
        call_command("sla", "import-calendar", "cn", str(bad))
    assert len(Calendar.objects.get(code="cn").business_calendar().days) == 39
    with pytest.raises(CommandError, match=re.escape(translated("There is no calendar {code}.", code="nope"))):
        call_command("sla", "import-days", "nope", str(bad))


def test_admin_upload_of_a_calendar_file(client, world):
    manager = world.users[Role.MANAGER]
    manager.is_staff = manager.is_superuser = True
    manager.save()
    client.force_login(manager)
    url = "/admin/sla/calendar/upload/"
    bad = client.post(url, {"code": "x", "file": SimpleUploadedFile("x.toml", b'[hours]\nmon = "9-12"')})
    assert bad.status_code == 200 and "bad interval" in bad.text and not Calendar.objects.exists()
    good = client.post(url, {"code": "cn", "file": SimpleUploadedFile("cn.toml", CN_2026.read_bytes())})
    assert good.status_code == 302
    assert Calendar.objects.get(code="cn").timezone == "Asia/Shanghai"


def test_calendar_clean_reports_the_field(db):
    from django.core.exceptions import ValidationError

    cal = Calendar(code="x", name="x", timezone="Mars/Base", mon="09:00-08:00", days="2026-01-01,party,x")
    with pytest.raises(ValidationError) as info:
        cal.full_clean()
    assert set(info.value.message_dict) >= {"timezone", "mon", "days"}
