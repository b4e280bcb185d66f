"""`fixloop import KIND FILE [--commit]`: dry run by default, listing every row's errors."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fixloop.analytics.imports import KINDS, ImportFormatError, run_import


class Command(BaseCommand):
    help = "Import customers, product models, devices or parts from CSV/XLSX (dry run unless --commit)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="Write the rows if none has an error.")

    def handle(self, *args, kind, file: Path, commit: bool, **options):
        try:
            result = run_import(kind, file.read_bytes(), file.suffix.lstrip(".").lower(), commit=commit)
        except (OSError, ImportFormatError) as exc:
            raise CommandError(str(exc)) from exc
        for error in result.errors:
            self.stdout.write(f"row {error.row}: {error.field or '-'}: {error.message}")
        status = "written" if result.committed else "dry run, nothing written"
        self.stdout.write(
            f"{result.rows} rows, {result.created} new, {result.updated} updated, {len(result.errors)} errors ({status})"
        )
        if result.errors:
            raise CommandError("import refused: fix the rows above")
