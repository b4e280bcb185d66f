"""Stock plans from the ledger's issue history: hand-made series, exact levels, suggestions, the job."""

import datetime as dt
from types import SimpleNamespace

import numpy as np
from django.utils import timezone

from fixloop.accounts.actor import Actor
from fixloop.inventory.policy import DEFAULT_CANDIDATES, DEFAULT_ERROR_MODELS, NOMINAL_GRID
from fixloop.inventory.series import period_start
from fixloop.parts import jobs
from fixloop.parts.services import ledger, planning
from fixloop.parts.stock_models import PartShortage, PurchaseRequest, StockTarget, Suggestion, Transfer
from fixloop.parts.tests.orders import approved_order
from fixloop.parts.tests.stock import put


def months_back(n: int) -> list[dt.date]:
    """The 15th of each of the last n full months, oldest first."""
    first = period_start(timezone.localdate(), "M")
    days = []
    for _i in range(n):
        first = period_start(first - dt.timedelta(days=1), "M")
        days.append(first.replace(day=15))
    return days[::-1]


def issue_history(location, part, per_month: list[int]) -> None:
    system = Actor.system()
    for day, qty in zip(months_back(len(per_month)), per_month, strict=True):
        if qty:
            when = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
            ledger.post(actor=system, part=part, location=location, kind="receipt", on_hand=qty, when=when)
            ledger.post(actor=system, part=part, location=location, kind="issue", on_hand=-qty, when=when)


def test_issue_history_is_monthly_and_nets_nothing_but_issues(world, stock):
    issue_history(stock.xuhui, stock.battery, [1, 0, 3])
    history = planning.issue_history(stock.xuhui, [stock.battery], end=months_back(1)[0], periods=4)
    np.testing.assert_array_equal(history, [[0, 1, 0, 3]])


def test_an_issue_just_after_local_midnight_counts_for_the_local_month(world, stock):
    # 00:30 in Shanghai on the 1st is still the previous day in UTC: the month is the local one, as
    # the query's date range (and the clerk at the counter) has it.
    first = months_back(1)[0].replace(day=1)
    when = timezone.make_aware(dt.datetime.combine(first, dt.time(0, 30)))
    assert when.astimezone(dt.UTC).date() < first
    system = Actor.system()
    ledger.post(actor=system, part=stock.battery, location=stock.xuhui, kind="receipt", on_hand=2, when=when)
    ledger.post(actor=system, part=stock.battery, location=stock.xuhui, kind="issue", on_hand=-2, when=when)
    history = planning.issue_history(stock.xuhui, [stock.battery], end=first, periods=2)
    np.testing.assert_array_equal(history, [[0, 2]])


def test_steady_demand_gives_exact_reorder_point_and_order_up_to(world, stock):
    # Two a month, every month, for two years: every method forecasts 2 with no error, so with a
    # one-month lead time the reorder point covers the lead time (2) and the order-up-to level the
    # lead time plus the monthly review (4) -- at any fill-rate target.
    issue_history(stock.xuhui, stock.battery, [2] * 24)
    targets = planning.recompute_targets(timezone.now())
    assert targets == 1
    target = StockTarget.objects.get(part=stock.battery, location=stock.xuhui)
    assert (target.reorder_point, target.order_up_to, round(target.mean_per_month, 6)) == (2, 4, 2.0)
    # One part is too few to rehearse the policy on: the first default candidate, aimed at the target.
    assert (target.method, target.rehearsed, target.nominal_fill_rate) == (DEFAULT_CANDIDATES[0], False, 0.95)
    assert target.lead_time_days == 10 and target.service_level == 0.95


def test_a_store_with_enough_parts_gets_the_rehearsed_default_policy():
    # The worker plans with the same default the parts benchmark measures: with enough parts and
    # months, candidates, spreads and nominal levels are rehearsed on the store's own history.
    rng = np.random.default_rng(7)
    history = rng.poisson(rng.uniform(0.05, 3.0, size=(60, 1)), size=(60, 36)).astype(float)
    parts = [SimpleNamespace(pk=i, effective_lead_time_days=10) for i in range(60)]
    out = planning.plan_location(None, parts, history, 0.95)
    first = out[0]
    assert first["rehearsed"] is True
    assert first["method"] in DEFAULT_CANDIDATES and first["error_model"] in DEFAULT_ERROR_MODELS
    assert first["nominal_fill_rate"] in NOMINAL_GRID
    assert {o["method"] for o in out.values()} == {first["method"]}  # one policy per lead-time group
    assert all(o["order_up_to"] >= o["reorder_point"] >= 0 for o in out.values())


def test_lead_time_in_months_rounds_up():
    assert [planning.lead_time_months(d) for d in (1, 10, 30, 31, 75)] == [1, 1, 1, 2, 3]


def test_suggestions_move_surplus_first_then_buy_and_the_job_is_idempotent(world, stock):
    issue_history(stock.xuhui, stock.battery, [2] * 24)
    issue_history(stock.haidian, stock.battery, [2] * 24)
    put(world, stock.xuhui, stock.battery, 1)  # position 1, reorder point 2, level 4: short by 3
    put(world, stock.haidian, stock.battery, 5)  # level 4: one spare
    now = timezone.now()
    assert jobs.replan(now) == 2 + 2
    rows = list(
        Suggestion.objects.order_by("kind").values_list(
            "kind", "from_location", "to_location", "quantity", "urgent"
        )
    )
    # The transfer is urgent (position 1 below the reorder point 2 and the month's expected demand 2);
    # the purchase is routine: with the moved unit the position (2) covers the lead time's demand.
    assert rows == [
        ("purchase", None, stock.xuhui.pk, 2, False),
        ("transfer", stock.haidian.pk, stock.xuhui.pk, 1, True),
    ]
    reasoning = Suggestion.objects.get(kind="purchase").reasoning
    # The purchase counts the transferred unit: position 1 + 1 = 2, still at the reorder point.
    assert (reasoning["reorder_point"], reasoning["order_up_to"], reasoning["inventory_position"]) == (
        2,
        4,
        2,
    )
    jobs.replan(now)
    assert Suggestion.objects.count() == 2 and StockTarget.objects.count() == 2


def test_positions_of_all_parts_come_from_four_queries(
    world, stock, django_capture_on_commit_callbacks, django_assert_num_queries
):
    put(world, stock.xuhui, stock.battery, 1)
    put(world, stock.haidian, stock.battery, 6)
    put(world, stock.haidian, stock.screen, 2)
    approved_order(world, django_capture_on_commit_callbacks, [(stock.battery, 3)])  # 1 held, 2 owed
    assert PartShortage.objects.get().quantity == 2
    Transfer.objects.create(part=stock.battery, from_location=stock.haidian, to_location=stock.xuhui,
                            quantity=2, shipped_at=timezone.now())  # fmt: skip
    Transfer.objects.create(part=stock.screen, from_location=stock.haidian, to_location=stock.xuhui, quantity=1,
                            shipped_at=timezone.now(), status=Transfer.Status.RECEIVED)  # fmt: skip
    for quantity in (4, 5):
        PurchaseRequest.objects.create(part=stock.screen, location=stock.xuhui, quantity=quantity,
                                       expected_date=timezone.localdate())  # fmt: skip
    locations = [stock.xuhui, stock.haidian]
    part_ids = [stock.battery.pk, stock.screen.pk, stock.board.pk]
    with django_assert_num_queries(4):
        positions = planning.positions_by_part(part_ids, locations)

    def figures(part):
        return [(p.part, p.location, p.on_hand, p.on_order, p.backordered) for p in positions[part.pk]]

    xuhui, haidian = str(stock.xuhui.pk), str(stock.haidian.pk)
    battery, screen, board = (str(p) for p in part_ids)
    # Received transfers are stock, not on order; open purchases for one site add up.
    assert figures(stock.battery) == [(battery, xuhui, 1, 2, 2), (battery, haidian, 6, 0, 0)]
    assert figures(stock.screen) == [(screen, xuhui, 0, 9, 0), (screen, haidian, 2, 0, 0)]
    assert figures(stock.board) == [(board, xuhui, 0, 0, 0), (board, haidian, 0, 0, 0)]


def test_too_little_history_plans_nothing(world, stock):
    issue_history(stock.xuhui, stock.battery, [1] * 6)
    assert planning.recompute_targets(timezone.now()) == 0


def test_urgent_only_when_lead_time_demand_would_not_be_met():
    def reasoning(position, reorder_point, mean):
        return {"inventory_position": position, "reorder_point": reorder_point, "mean_per_period": mean}

    # Nothing forecast, nothing in stock: a routine purchase, not an emergency.
    assert planning.is_urgent(reasoning(0, 0, 0.0), 10) is False
    assert planning.is_urgent(reasoning(0, 2, 0.0), 10) is False  # a buffer only, no demand expected
    assert planning.is_urgent(reasoning(1, 2, 2.0), 10) is True  # 1 left, 2 expected before arrival
    assert planning.is_urgent(reasoning(2, 2, 2.0), 10) is False  # at the reorder point: time to reorder
    assert planning.is_urgent(reasoning(2, 3, 1.5), 40) is True  # two months' lead time: 3 expected
    assert planning.is_urgent(reasoning(-1, 0, 0.0), 10) is True  # repairs already owed parts


def test_demand_history_per_month_and_week_with_the_planned_levels(world, stock):
    from fixloop.parts.tests.test_views import client_for
    from fixloop.workorders.tests.apiclient import Api

    per_month = [1, 0, 3] * 8
    issue_history(stock.xuhui, stock.battery, per_month)
    planning.recompute_targets(timezone.now())
    api = Api(world, "engineer")
    months = api.get(f"/parts/demand/{stock.battery.pk}/{stock.xuhui.pk}", periods=4).json()
    assert [p["units"] for p in months["periods"]] == [1, 0, 3] + [0]  # the current month, so far
    assert months["periods"][-1]["start"] == period_start(timezone.localdate(), "M").isoformat()
    assert months["target"]["reorder_point"] == StockTarget.objects.get().reorder_point
    weeks = api.get(f"/parts/demand/{stock.battery.pk}/{stock.xuhui.pk}", freq="W", periods=20).json()
    starts = [dt.date.fromisoformat(p["start"]) for p in weeks["periods"]]
    assert len(starts) == 20 and all(day.weekday() == 0 for day in starts)
    issued_since = sum(q for day, q in zip(months_back(24), per_month, strict=True) if day >= starts[0])
    assert sum(p["units"] for p in weeks["periods"]) == issued_since
    bad = api.get(f"/parts/demand/{stock.battery.pk}/{stock.xuhui.pk}", periods=0)
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_input")
    assert api.get(f"/parts/demand/999999/{stock.xuhui.pk}").status_code == 404
    assert Api(world, "customer").get(f"/parts/demand/{stock.battery.pk}/{stock.xuhui.pk}").status_code == 403
    page = client_for(world, "warehouse").get(
        f"/parts/demand/{stock.battery.pk}/{stock.xuhui.pk}/?freq=M&periods=6"
    )
    assert page.status_code == 200 and [u for _d, u, _s in page.context["rows"]] == [0, 3, 1, 0, 3, 0]
    assert page.context["total"] == 7 and b"<meter" in page.content
    assert client_for(world, "warehouse").get(f"/parts/demand/{stock.battery.pk}/999999/").status_code == 404
