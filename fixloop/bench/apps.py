"""App config for the `fixloop bench …` benchmarks."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "fixloop.bench"
    label = "bench"
    verbose_name = "Benchmarks"
