"""`fixloop fuzz --examples N`: Schemathesis over every API operation and caller; non-zero exit on a failure."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fixloop.ops import fuzz


class Command(BaseCommand):
    help = "Fuzz the API on a fresh demo server as every kind of caller (0 server errors, 0 schema breaks)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--examples", type=int, default=5, help="Generated cases per operation and caller."
        )
        parser.add_argument(
            "--max-time", type=int, default=None, help="Seconds per caller (repeats fuzzing)."
        )
        parser.add_argument(
            "--report-dir", type=Path, default=None, help="Write JUnit reports and outputs here."
        )
        parser.add_argument(
            "--phases",
            default="examples,coverage,fuzzing,stateful",
            help="Schemathesis phases (CI runs fuzzing only, for time).",
        )
        parser.add_argument(
            "--callers",
            default=",".join(("anonymous", *fuzz.ROLES, "partner")),
            help="Comma-separated: anonymous, the roles, partner.",
        )

    def handle(self, *args, examples, max_time, report_dir, phases, callers, **options):
        if report_dir is not None:
            report_dir.mkdir(parents=True, exist_ok=True)
        results = fuzz.run(
            examples, max_time, self.stdout, report_dir, phases=phases, callers=tuple(callers.split(","))
        )
        failed = [r.caller for r in results if r.exit_code != 0]
        if failed:
            raise CommandError(f"fuzzing found failures for: {', '.join(failed)}")
        self.stdout.write(f"fuzz: {len(results)} callers, no server error, no schema violation")
