"""Liveness (the process answers) and readiness (it can reach what it needs) for load balancers."""

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    checks = {"database": _database(), "migrations": _migrations(), "cache": _cache()}
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any driver error means "not ready"
        return f"error: {type(exc).__name__}"


def _migrations() -> str:
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return "ok" if not pending else f"pending: {len(pending)}"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


def _cache() -> str:
    try:
        cache.set("fixloop:ready", "1", 5)
        return "ok" if cache.get("fixloop:ready") == "1" else "error: cache did not keep a value"
    except Exception as exc:
        return f"error: {type(exc).__name__}"
