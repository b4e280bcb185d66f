"""`fixloop bench TARGET …`: benchmarks that print figures (never pass/fail)."""

import argparse
import importlib

from django.core.management.base import BaseCommand

# target -> module with add_arguments(parser) and run(options: argparse.Namespace, stdout); imported only when chosen,
# since some pull in heavy numeric libraries.
TARGETS = {
    "analytics": "fixloop.analytics.bench",
    "api": "fixloop.bench.api_load",
    "dispatch": "fixloop.dispatch.bench",
    "fuzz": "fixloop.ops.fuzz_bench",
    "kb": "fixloop.knowledge.bench",
    "load": "fixloop.ops.loadbench",
    "parts": "fixloop.inventory.bench",
    "triage": "fixloop.triage.bench",
    "worker": "fixloop.worker.bench",
}


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(TARGETS) + ". `fixloop bench TARGET --help` lists its options."

    def add_arguments(self, parser):
        parser.add_argument("target", choices=sorted(TARGETS))
        parser.add_argument("bench_args", nargs=argparse.REMAINDER)

    def handle(self, *args, target: str, **options):
        module = importlib.import_module(TARGETS[target])
        parser = argparse.ArgumentParser(prog=f"fixloop bench {target}")
        module.add_arguments(parser)
        module.run(parser.parse_args(options["bench_args"]), self.stdout)
