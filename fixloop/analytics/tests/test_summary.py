"""The daily statistics give the dashboard exactly the numbers of the live queries."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.analytics import jobs, kpis, quality, summary
from fixloop.analytics.filters import Filters
from fixloop.analytics.models import DailyOrderStats, SummaryRefresh
from fixloop.analytics.tests import dataset
from fixloop.sla.models import Escalation
from fixloop.surveys.models import Survey
from fixloop.workorders.models import WorkOrder, WorkOrderEvent

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
        assert quality.pareto(f, from_summary=True) == quality.pareto(f, from_summary=False), f
        assert quality.pareto(f, 1, from_summary=True) == quality.pareto(f, 1, from_summary=False), f


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
    # C moves to another channel and engineer: its days are rebuilt (created 3rd, resolved and closed 8th,
    # its survey answered and sent), and the refresh's today.
    WorkOrder.objects.filter(pk=data["c"].pk).update(
        channel="web", assignee=world.other_engineer, updated_at=later + dt.timedelta(minutes=1)
    )
    c = WorkOrder.objects.get(pk=data["c"].pk)
    survey = Survey.objects.get(order=c)
    days = {c.created_at, c.resolved_at, c.closed_at, survey.created_at, survey.answered_at}
    expected = {timezone.localdate(moment) for moment in days} | {timezone.localdate(later)}
    assert {dt.date(2026, 1, 3), dt.date(2026, 1, 8)} <= expected
    rebuilt = summary.refresh(later)
    assert rebuilt == len(expected)
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


def test_survey_answers_and_escalations_touch_their_days(world):
    data = dataset.build(world)
    Survey.objects.filter(order=data["b"]).update(csat=None, nps=None, answered_at=None)  # not answered yet
    summary.refresh(timezone.now())
    january = Filters(*JANUARY)
    assert kpis.sla_attainment(january, from_summary=True)["response"] == 1.0  # B, C, D: no response breach
    since = timezone.now()
    # B's survey answered and a breach fired after the last refresh, the orders themselves untouched.
    Survey.objects.filter(order=data["b"]).update(csat=1, nps=0, answered_at=since + dt.timedelta(seconds=1))
    Escalation.objects.create(
        order=data["d"],
        clock="first_response",
        level="breach",
        due_at=since,
        fired_at=since + dt.timedelta(seconds=1),
    )
    touched = summary.touched_days(since)
    assert timezone.localdate(data["d"].resolved_at) in touched
    assert timezone.localdate(since) in touched  # B's survey now answered today
    summary.refresh(timezone.now())
    assert_same(world)
    assert kpis.sla_attainment(january, from_summary=True)["response"] == 0.6667  # D's response breached


def test_backlog_ages_boundary_days_live_and_other_days_from_the_statistics(world):
    data = dataset.build(world)
    summary.refresh(timezone.now())
    now = timezone.now()
    january = Filters(*JANUARY)
    backlog = kpis.backlog(january, now, from_summary=True)
    assert backlog == kpis.backlog(january, now)
    assert backlog["open"] == 2 and backlog["by_age"][">30"] == 1 and backlog["by_age"]["0–2"] == 1
    # E just inside the 3–7 bucket (its day holds the 7-day boundary: aged live), F mid-bucket 8–14
    # (a day wholly inside the bucket: read from the statistics).
    WorkOrder.objects.filter(pk=data["e"].pk).update(
        created_at=now - dt.timedelta(days=7) + dt.timedelta(minutes=1)
    )
    WorkOrder.objects.filter(pk=data["f"].pk).update(created_at=now - dt.timedelta(days=10))
    summary.refresh(timezone.now(), full=True)
    backlog = kpis.backlog(january, now, from_summary=True)
    assert backlog == kpis.backlog(january, now)
    assert backlog["by_age"] == {"0–2": 0, "3–7": 1, "8–14": 1, "15–30": 0, ">30": 0}
    for f in combinations(world):
        assert kpis.backlog(f, now, from_summary=True) == kpis.backlog(f, now), f


def test_resolution_undone_rebuilds_the_day_it_was_counted_on(world):
    data = dataset.build(world)
    # As in real histories, D's resolved_at and closed_at are the moments of its events (the data set
    # moved only the order's to January): its resolution and closing events go to the 21st too.
    d = data["d"]
    resolution, closing = dataset.at(21), dataset.at(21, 1)
    WorkOrderEvent.objects.filter(order=d, to_state="resolved").update(created_at=resolution)
    WorkOrderEvent.objects.filter(order=d, to_state="closed").update(created_at=closing)
    WorkOrder.objects.filter(pk=d.pk).update(resolved_at=resolution, closed_at=closing)
    summary.refresh(timezone.now(), full=True)
    since = timezone.now()
    # D is reopened: no longer resolved nor closed, so resolved_at no longer names the day it was counted on.
    WorkOrder.objects.filter(pk=d.pk).update(
        state="repairing", resolved_at=None, closed_at=None, updated_at=since + dt.timedelta(seconds=1)
    )
    assert timezone.localdate(resolution) in summary.touched_days(since)
    summary.refresh(since + dt.timedelta(seconds=2))
    assert_same(world)
    jobs.rebuild_daily_stats(timezone.now())  # the daily full rebuild: the same numbers
    assert_same(world)
