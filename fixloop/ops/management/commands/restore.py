"""`fixloop restore BACKUP --yes`: replace the database and media with a backup's, then verify."""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fixloop.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `fixloop backup` (replaces the current data; stop web and workers first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup")
        parser.add_argument("--yes", action="store_true", help="Confirm that current data may be replaced.")

    def handle(self, *args, backup: str, yes: bool, **options):
        if not yes:
            raise CommandError("This replaces the current database and media; add --yes to confirm.")
        try:
            manifest = restore_backup(Path(backup))
        except (BackupError, OSError, subprocess.CalledProcessError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {backup}: {len(manifest['tables'])} tables, row counts verified.")
