"""Health and metrics endpoints, mounted at the root (/health/…, /metrics)."""

from django.urls import path

from fixloop.ops import health, metrics

urlpatterns = [
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
]
