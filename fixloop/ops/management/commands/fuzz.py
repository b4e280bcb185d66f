"""`fixloop fuzz --examples N`: Schemathesis over every API operation and caller; non-zero exit on a failure."""


from django.core.management.base import BaseCommand, CommandError

from fixloop.ops import fuzz


class Command(BaseCommand):
    help = "Fuzz the API on a fresh demo server as every kind of caller (0 server errors, 0 schema breaks)."

    def add_arguments(self, parser):
        fuzz.add_arguments(parser, examples=5, report_dir=None)

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
