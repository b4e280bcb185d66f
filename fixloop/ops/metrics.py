"""Prometheus metrics: request latency per route, and the queue and SLA figures read at scrape time.

With several gunicorn workers set PROMETHEUS_MULTIPROC_DIR (an empty directory per start) so every
process's request metrics are summed; database-derived gauges are computed by whoever is scraped.
"""

import hmac
import os
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUEST_LATENCY = Histogram(
    "fixloop_request_seconds",
    "Time to answer an HTTP request.",
    ["method", "route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class MetricsMiddleware:
    """Times each request under its URL pattern (not the raw path, which would explode the labels)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None and match.route else "unmatched"
        REQUEST_LATENCY.labels(request.method, route, str(response.status_code)).observe(
            time.perf_counter() - started
        )
        return response


class DatabaseCollector:
    """Outbox depth and lag, SLA breaches: read from the database when scraped."""

    def collect(self):
        from fixloop.core.models import OutboxMessage

        pending = OutboxMessage.objects.filter(delivered_at__isnull=True)
        depth = GaugeMetricFamily("fixloop_outbox_pending", "Outbox messages not yet delivered.")
        depth.add_metric([], pending.count())
        yield depth
        oldest = pending.order_by("id").values_list("created_at", flat=True).first()
        lag = GaugeMetricFamily("fixloop_outbox_lag_seconds", "Age of the oldest undelivered outbox message.")
        lag.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
        yield lag
        yield from _module_gauges()


def _module_gauges():
    """Gauges other modules expose through an optional `metrics.gauges()` function."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        name = f"{config.name}.metrics"
        if config.name.startswith("fixloop.") and config.name != "fixloop.ops" and find_spec(name):
            yield from import_module(name).gauges()


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_ProcessRequests())
    registry.register(DatabaseCollector())
    return registry


class _ProcessRequests:
    """This process's request histogram, for single-process servers and tests."""

    def collect(self):
        yield from REQUEST_LATENCY.collect()


def _allowed(request) -> bool:
    token = settings.FIXLOOP.get("METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given, token)
    return request.META.get("REMOTE_ADDR") in {"127.0.0.1", "::1"}


def metrics_view(request):
    if not _allowed(request):
        return HttpResponseForbidden("metrics are for the monitoring system\n")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
