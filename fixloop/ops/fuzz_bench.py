"""`fixloop bench fuzz`: the long form of the CI fuzz run — every Schemathesis phase, more examples."""

import argparse
import time
from pathlib import Path

from fixloop.ops import fuzz


def add_arguments(parser: argparse.ArgumentParser) -> None:
    fuzz.add_arguments(parser, examples=50, report_dir=Path("build/fuzz-long"))


def run(options: argparse.Namespace, stdout) -> None:
    report_dir = options.report_dir
    report_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = fuzz.run(
        options.examples, options.max_time, stdout, report_dir,
        phases=options.phases, callers=tuple(options.callers.split(",")),
    )  # fmt: skip
    failed = [r.caller for r in results if r.exit_code != 0]
    stdout.write(
        f"fuzz: {len(results)} callers, {options.examples} examples per operation, phases {options.phases}, "
        f"{time.monotonic() - started:.0f} s; failing callers: {', '.join(failed) or 'none'}\n"
    )
