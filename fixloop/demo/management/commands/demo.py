"""`fixloop demo`: migrate, load the demo company (idempotent), print a login per role, serve."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from fixloop.demo import history, loader

DEMO_MAIL_PORT = 8025


class Command(BaseCommand):
    help = "Set up the database, load demo data and serve fixloop at http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Load the data, print the logins and stop."
        )
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve: bool, port: int, **options):
        call_command("migrate", interactive=False, verbosity=0)
        loader.load_master()
        created = loader.load_orders()
        imported = history.load()  # after the live orders: load_orders skips once any order exists
        message = ngettext(
            "Demo data ready ({count} new order).", "Demo data ready ({count} new orders).", created
        )
        self.stdout.write(message.format(count=created))
        for summary in loader.load_modules():
            self.stdout.write(f"  {summary}")
        self.stdout.write(f"  {history.summary(imported, history.train())}")  # trained on the KB's vocabulary
        self.stdout.write("")
        self.stdout.write(f"  fixloop  http://127.0.0.1:{port}/   API docs: http://127.0.0.1:{port}/api/docs")
        for role, username, secret in loader.logins():
            self.stdout.write(f"  {role:<12} {username:<12} {secret}")
        self.stdout.write("")
        if not no_serve:
            # Links in mail point at this server; mail goes to a local catcher unless a real server is set.
            os.environ.setdefault("FIXLOOP_SITE_URL", f"http://127.0.0.1:{port}")
            catch = None if os.environ.get("FIXLOOP_EMAIL_HOST") else DEMO_MAIL_PORT
            call_command("serve", port=port, with_worker=True, catch_mail=catch)
