"""Every KPI checked against numbers worked out by hand from dataset.build()."""

import datetime as dt

import pytest
from django.utils import timezone

from fixloop.analytics import kpis, quality, scorecards
from fixloop.analytics.filters import Filters
from fixloop.analytics.tests import dataset

pytestmark = pytest.mark.django_db
JANUARY = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 1))


@pytest.fixture
def data(world):
    return dataset.build(world)


def test_volume_and_backlog(data):
    volume = kpis.volume(JANUARY)
    assert volume["received"] == 5  # A–E; F was created today
    assert volume["by_state"] == {"closed": 4, "triaged": 1}
    assert volume["by_day"][0] == {"day": "2026-01-03", "n": 1}
    backlog = kpis.backlog(JANUARY, timezone.now())
    assert backlog["open"] == 2 and backlog["by_age"]["0–2"] == 1 and backlog["by_age"][">30"] == 1
    assert sum(backlog["by_state"].values()) == 2


def test_speed_and_quality(data):
    # Resolved in January: A 2 h, B 48 h, C 120 h, D 24 h.
    assert kpis.time_to_repair(JANUARY) == {"resolved": 4, "mean_hours": 48.5, "p90_hours": 120.0}
    # Repairs not resolved remotely: B (1 intake), C (reworked twice), D (1 visit) -> 2 of 3 first time.
    assert kpis.first_time_fix(JANUARY) == {"repairs": 3, "fixed": 2, "rate": 0.6667}
    assert kpis.repeat_repair(JANUARY) == {"resolved": 4, "repeated": 1, "rate": 0.25}  # B came back (F)
    assert kpis.self_service(JANUARY) == {"resolved": 4, "remote": 1, "rate": 0.25}  # A


def test_sla_attainment(data):
    assert kpis.sla_attainment(JANUARY) == {
        "orders": 3, "response": 1.0, "arrival": 1.0, "resolution": 0.6667, "overall": 0.6667,
    }  # fmt: skip


def test_satisfaction_and_complaints(data):
    sat = kpis.satisfaction(JANUARY)
    # CSAT (5+4+2+5)/4 = 4.0, 3 of 4 at 4–5; NPS: promoters 10, 9; detractors 3, 6 -> 0.
    assert (sat["answered"], sat["csat"], sat["csat_satisfied"], sat["nps"]) == (4, 4.0, 0.75, 0.0)
    assert sat["csat_by_score"] == {1: 0, 2: 1, 3: 0, 4: 1, 5: 2}
    complaints = kpis.complaints(JANUARY)
    # 2 complaints for 4 orders closed -> 50 per 100; one closed after 48 hours.
    assert complaints == {"registered": 2, "orders_closed": 4, "per_100_orders": 50.0, "closed": 1,
                          "mean_closure_hours": 48.0}  # fmt: skip


def test_costs(data):
    costs = kpis.costs(JANUARY)
    # Parts 2 × 35 issued − 1 × 35 returned = 35; labour 1.5 × 80 = 120; (35 + 120) / 4 repairs = 38.75.
    assert (costs["parts"], costs["labour"], costs["repairs"], costs["per_repair"]) == (
        "35.00",
        "120.00",
        4,
        "38.75",
    )
    assert costs["over_budget"] is False


def test_filters_cut_every_kpi(data, world):
    remote_only = Filters(start=JANUARY.start, end=JANUARY.end, channel="web")
    assert kpis.time_to_repair(remote_only)["resolved"] == 0
    by_engineer = Filters(start=JANUARY.start, end=JANUARY.end, engineer_id=world.engineer.pk)
    assert kpis.time_to_repair(by_engineer) == {"resolved": 3, "mean_hours": 64.0, "p90_hours": 120.0}
    assert kpis.satisfaction(by_engineer)["csat"] == 3.67
    assert kpis.complaints(by_engineer)["registered"] == 2  # both complaints concern C or D
    elsewhere = Filters(start=JANUARY.start, end=JANUARY.end, service_point_id=world.other_centre.pk)
    assert kpis.complaints(elsewhere)["registered"] == 0


def test_scorecards(data, world):
    (row,) = scorecards.engineers(JANUARY)
    assert row["name"] == "engineer" and row["resolved"] == 3 and row["ftf_rate"] == 0.6667
    assert row["reworks"] == 2 and row["mean_hours"] == 64.0 and row["csat"] == 3.67
    assert row["nps"] == round(100 * (1 - 2) / 3, 1)  # B 9 promoter; C 3 and D 6 detractors
    points = {r["name"]: r["resolved"] for r in scorecards.service_points(JANUARY)}
    assert points == {world.centre.name: 4}  # A was triaged to the centre too


def test_pareto_failure_rate_and_emerging(data, world):
    rows = quality.pareto(JANUARY)
    assert [(r["component"], r["failures"], r["cumulative"]) for r in rows] == [
        ("battery", 3, 0.6), ("—", 1, 0.8), ("screen", 1, 1.0),
    ]  # fmt: skip
    # A, B, C, E six months in service, D 24 months; five devices of the model on record.
    assert quality.failure_rate(JANUARY) == [
        {"model": "Huaxin HX-P60", "months": 6, "failures": 4, "devices": 5, "rate": 0.8},
        {"model": "Huaxin HX-P60", "months": 24, "failures": 1, "devices": 5, "rate": 0.2},
    ]
    assert quality.emerging(JANUARY, dt.date(2026, 1, 31)) == [
        {"model": "Huaxin HX-P60", "component": "battery", "this_month": 3, "baseline_mean": 0.0}
    ]
    assert quality.emerging(JANUARY, dt.date(2026, 1, 31), min_count=4) == []


def test_scorecards_name_people_by_display_name(data, world):
    user = world.engineer.user
    user.first_name, user.last_name = "强", "赵"
    user.save(update_fields=["first_name", "last_name"])
    (row,) = scorecards.engineers(JANUARY)
    assert row["name"] == "赵强"  # family name first, never the username
    # Repeat repairs are a count and a rate of the same orders; rework loops stay a count.
    assert row["repeat_rate"] == kpis.ratio(row["repeats"], row["resolved"]) and row["reworks"] == 2
