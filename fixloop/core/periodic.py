"""Periodic jobs: each app lists its own in `<app>/jobs.py` as `PERIODIC`; the worker runs them.

A job is a plain function `func(now: datetime) -> int` (how many things it handled). It must be
idempotent: with several workers, or after a crash, it may run again for the same moment.
"""

import datetime as dt
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@dataclass(frozen=True)
class Periodic:
    name: str  # unique, stable: the worker keeps its last run under this name
    every: dt.timedelta
    func: str  # dotted path, imported when the job runs


def discover() -> list[Periodic]:
    """Every app's `jobs.PERIODIC`, in INSTALLED_APPS order."""
    jobs: list[Periodic] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.jobs"
        if config.name.startswith("fixloop.") and find_spec(module_name) is not None:
            jobs.extend(getattr(import_module(module_name), "PERIODIC", []))
    names = [job.name for job in jobs]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise RuntimeError(f"periodic job names must be unique: {sorted(duplicates)}")
    return jobs


def resolve(job: Periodic):
    module, _, attr = job.func.rpartition(".")
    return getattr(import_module(module), attr)
