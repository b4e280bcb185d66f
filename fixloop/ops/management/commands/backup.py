"""`fixloop backup [--output DIR]`: database and media into a new, verified backup folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fixloop.ops.backup import BackupError, create_backup, read_manifest


class Command(BaseCommand):
    help = "Back up the database and uploaded files into a new folder (with checksums and row counts)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="Folder to create the backup in.")
        parser.add_argument("--verify", metavar="BACKUP", help="Only check an existing backup's files.")

    def handle(self, *args, output: str, verify: str | None, **options):
        try:
            if verify:
                manifest = read_manifest(Path(verify))
                self.stdout.write(f"OK: {verify} ({len(manifest['tables'])} tables, checksums match)")
                return
            folder = create_backup(Path(output))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(folder))
