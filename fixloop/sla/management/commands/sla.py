"""`fixloop sla recompute|import-calendar|import-days|scan`: SLA maintenance from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fixloop.core.errors import DomainError
from fixloop.sla import calendars, escalation, services


class Command(BaseCommand):
    help = "SLA clocks and calendars: recompute snapshots, import calendar files, run the escalation scan."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        recompute = sub.add_parser("recompute", help="Derive the clocks of orders from their events again.")
        recompute.add_argument("numbers", nargs="*", help="Order numbers (default: every order).")
        recompute.add_argument(
            "--open", action="store_true", help="Only orders not resolved, closed or cancelled."
        )
        cal = sub.add_parser("import-calendar", help="Create or replace a calendar from a TOML file.")
        cal.add_argument("code")
        cal.add_argument("path", type=Path)
        cal.add_argument("--name", default="")
        days = sub.add_parser("import-days", help="Replace a calendar's holidays from a CSV file.")
        days.add_argument("code")
        days.add_argument("path", type=Path)
        sub.add_parser("scan", help="Run the escalation scan once, now.")

    def handle(self, *args, action, **options):
        try:
            if action == "recompute":
                count = services.recompute_orders(numbers=options["numbers"], open_only=options["open"])
                self.stdout.write(f"recomputed {count} orders")
            elif action == "import-calendar":
                cal = calendars.import_calendar(
                    code=options["code"], text=_read(options["path"]), name=options["name"]
                )
                self.stdout.write(f"calendar {cal.code}: {len(cal.business_calendar().days)} special days")
            elif action == "import-days":
                cal = calendars.import_days(code=options["code"], text=_read(options["path"]))
                self.stdout.write(f"calendar {cal.code}: {len(cal.business_calendar().days)} special days")
            else:
                self.stdout.write(f"{escalation.scan(timezone.now())} escalations")
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from exc
