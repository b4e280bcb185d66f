"""`fixloop serve`: collect static files and run gunicorn (the same server as production)."""

import contextlib
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fixloop.demo import stack


class Command(BaseCommand):
    help = "Serve fixloop with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("FIXLOOP_WEB_WORKERS", 3)))
        parser.add_argument(
            "--with-worker", action="store_true", help="Also run one outbox worker (the demo does)."
        )
        parser.add_argument(
            "--catch-mail",
            type=int,
            metavar="PORT",
            help="Run a local SMTP server on PORT keeping mail as files in DATA_DIR/mail, and send there.",
        )

    def handle(self, *args, host, port, workers, with_worker=False, catch_mail=None, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable, "-m", "gunicorn", "fixloop.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--preload", "--access-logfile", "-",
        ]  # fmt: skip
        if not with_worker and catch_mail is None:
            os.execv(sys.executable, argv)
        env = dict(os.environ)
        mail_dir = Path(settings.DATA_DIR) / "mail"
        catcher = stack.mail_catcher(mail_dir, catch_mail) if catch_mail else contextlib.nullcontext(False)
        with catcher as catching:
            if catching:
                env.update(FIXLOOP_EMAIL_HOST=stack.MAIL_HOST, FIXLOOP_EMAIL_PORT=str(catch_mail))
                env.update(FIXLOOP_EMAIL_TLS="0", FIXLOOP_EMAIL_SSL="0", FIXLOOP_EMAIL_USER="")
                self.stdout.write(
                    "  " + _("Mail sent by fixloop is kept in {path}").format(path=mail_dir / "new")
                )
            commands = [argv, stack.worker_command()] if with_worker else [argv]
            raise SystemExit(stack.run(commands, env=env))
