"""`fixloop mail fetch`: read new mail from the IMAP folder in settings.FIXLOOP_MAIL."""

from django.core.management.base import BaseCommand, CommandError

from fixloop.mailin.fetching import fetch


class Command(BaseCommand):
    help = "Email intake: `fetch` reads new mail from the IMAP folder into orders and replies."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["fetch"])
        parser.add_argument("--limit", type=int, default=None, help="At most this many messages.")

    def handle(self, *args, **options):
        try:
            report = fetch(limit=options["limit"])
        except Exception as exc:
            raise CommandError(f"mail fetch failed: {exc}") from exc
        self.stdout.write(f"fetched {report.fetched}, new {report.created}, failed {len(report.failed)}")
        for key in report.failed:
            self.stdout.write(f"  failed: {key}")
