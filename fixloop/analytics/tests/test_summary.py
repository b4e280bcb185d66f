"""The daily statistics give the dashboard exactly the numbers of the live queries."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.analytics import jobs, kpis, summary
from fixloop.analytics.filters import Filters
from fixloop.analytics.models import DailyOrderStats, SummaryRefresh
from fixloop.analytics.tests import dataset
from fixloop.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 2, 1))


def combinations(world) -> list[Filters]:
    year = (dt.date(2025, 12, 1), timezone.localdate() + dt.timedelta(days=1))
    out = []
    for start, end in (JANUARY, year, (dt.date(2026, 1, 8), dt.date(2026, 1, 13))):
        out += [
            Filters(start=start, end=end),
            Filters(start=start, end=end, service_point_id=world.centre.pk),
            Filters(start=start, end=end, service_point_id=world.other_centre.pk),
            Filters(start=start, end=end, category_id=world.phones.pk),
            Filters(start=start, end=end, model_id=world.phone_model.pk),
            Filters(start=start, end=end, engineer_id=world.engineer.pk),
            Filters(start=start, end=end, engineer_id=world.other_engineer.pk),
            Filters(start=start, end=end, channel="web"),
            Filters(start=start, end=end, channel="hotline"),
            Filters(start=start, end=end, service_point_id=world.centre.pk, category_id=world.phones.pk),
        ]
    return out


def assert_same(world):
    now = timezone.now()
    for f in combinations(world):
        assert kpis.dashboard(f, now, from_summary=True) == kpis.dashboard(f, now, from_summary=False), f


def test_summary_matches_live_queries(world):
    dataset.build(world)
    assert not summary.ready()  # nothing built yet: the dashboard reads live
    assert jobs.refresh_daily_stats(timezone.now()) > 0
    assert summary.ready() and DailyOrderStats.objects.exists()
    assert kpis.time_to_repair(Filters(*JANUARY), summary.resolved_stats(Filters(*JANUARY))) == {
        "resolved": 4, "mean_hours": 48.5, "p90_hours": 120.0,
    }  # fmt: skip
    assert_same(world)


def test_incremental_refresh_rebuilds_touched_days(world):
    data = dataset.build(world)
    summary.refresh(timezone.now())
    later = timezone.now() + dt.timedelta(days=1)  # a day later, nothing else having changed
    SummaryRefresh.objects.update(refreshed_at=later)
    # C moves to another channel and engineer: its days (created 3rd, resolved 8th) are rebuilt, and today.
    WorkOrder.objects.filter(pk=data["c"].pk).update(
        channel="web", assignee=world.other_engineer, updated_at=later + dt.timedelta(minutes=1)
    )
    rebuilt = summary.refresh(later)
    assert rebuilt == 3
    assert_same(world)
    # F, a rework of B, was opened today: B's days count as touched (its "repeated" changed).
    since = timezone.now() - dt.timedelta(hours=1)
    assert {dt.date(2026, 1, 10), dt.date(2026, 1, 12)} <= summary.touched_days(since)


def test_p90_from_histogram_bucket_matches_live(world):
    dataset.build(world)
    # More orders resolved in January, spread over the buckets, so the 90th percentile sits inside one.
    d = WorkOrder.objects.order_by("id").first()
    for i, hours in enumerate([0.5, 3, 3, 5, 30, 30, 30, 31, 155, 150, 130, 131, 140, 150, 160]):
        d.pk, d.id, d.number = None, None, f"P-{i}"
        d.created_at = dataset.at(2, 0)
        d.save()
        WorkOrder.objects.filter(pk=d.pk).update(
            created_at=dataset.at(2, 0),
            resolved_at=dataset.at(2, 0) + dt.timedelta(hours=hours),
            state="closed",
        )
    summary.refresh(timezone.now())
    january = Filters(*JANUARY)
    # 19 resolved, nearest rank 18 -> 155 h, the 7th of the 96–168 h bucket.
    assert kpis.time_to_repair(january, summary.resolved_stats(january))["p90_hours"] == 155.0
    assert_same(world)
