"""Scheduling API: out-of-range input answers a JSON error {code, message}, never a 500."""

from fixloop.accounts.roles import Role
from fixloop.workorders.tests.apiclient import Api

HUGE = 2**63


def _is_json_error(response) -> bool:
    return response.status_code < 500 and {"code", "message"} <= set(response.json())


def test_plan_dates_and_ids_out_of_range_are_json_errors(sched):
    w = sched.world
    api = Api(w, Role.DISPATCHER, HTTP_ACCEPT_LANGUAGE="en")
    for point, date in [
        (w.centre.pk, "9999-12-31"),  # the fuzzer's 500: the day after overflowed
        (w.centre.pk, "0001-01-01"),
        (w.centre.pk, "2000-01-01"),
        (HUGE, "2026-12-01"),
        (-HUGE - 1, "2026-12-01"),
        (0, "9999-12-31"),
    ]:
        response = api.post("/scheduling/plans", {"service_point_id": point, "date": date})
        assert _is_json_error(response), (point, date, response.content)
        assert _is_json_error(api.get(f"/scheduling/plans/{point}/{date}")), (point, date)
    response = api.post("/scheduling/plans", {"service_point_id": w.centre.pk, "date": "9999-12-31"})
    assert response.status_code == 422 and response.json()["code"] == "date_out_of_range"
    assert _is_json_error(api.post("/scheduling/plans", {"service_point_id": "x", "date": "2026-13-40"}))


def test_window_and_booking_extremes_are_json_errors(sched):
    w = sched.world
    order = sched.assign(sched.order(east_km=2), w.engineer)
    api = Api(w, Role.DISPATCHER, HTTP_ACCEPT_LANGUAGE="en")
    for date in ("9999-12-31", "0001-01-01"):
        assert _is_json_error(api.get(f"/scheduling/orders/{order.number}/windows", date=date)), date
    for start, end in [
        ("9999-12-31T23:59:59", "9999-12-31T23:59:59"),
        ("0001-01-01T00:00:00", "0001-01-01T01:00:00"),
        ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"),
        (sched.at(12).isoformat(), sched.at(10).isoformat()),
    ]:
        response = api.post(
            f"/scheduling/orders/{order.number}/appointment",
            {"version": order.version, "start": start, "end": end},
        )
        assert _is_json_error(response), (start, end, response.content)
    for version in (HUGE, -HUGE - 1):
        response = api.post(
            f"/scheduling/orders/{order.number}/appointment",
            {"version": version, "start": sched.at(10).isoformat(), "end": sched.at(12).isoformat()},
        )
        assert _is_json_error(response), (version, response.content)
    assert _is_json_error(api.get("/scheduling/orders/NOPE-1/suggestions"))
