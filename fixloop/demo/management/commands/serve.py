"""`fixloop serve`: collect static files and run gunicorn (the same server as production)."""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve fixloop with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("FIXLOOP_WEB_WORKERS", 3)))

    def handle(self, *args, host, port, workers, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable, "-m", "gunicorn", "fixloop.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--preload", "--access-logfile", "-",
        ]  # fmt: skip
        os.execv(sys.executable, argv)
