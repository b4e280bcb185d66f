"""Every action form, posted with bad input by the person who would use it: 200, the error next to the
field, and nothing changed."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.demo.journeys import PATH_MODE, PATHS, PERFORMER, payload_for
from fixloop.testing.world import new_order
from fixloop.web.actions import FORMS
from fixloop.workorders import services
from fixloop.workorders.models import WorkOrderEvent
from fixloop.workorders.states import Action

A = Action
LONG = "x" * 2001
# action -> (fields posted, the field that must show the error)
BAD_INPUT = {
    A.TRIAGE: ({"priority": "bogus"}, "priority"),
    A.RESOLVE_REMOTELY: ({"resolution": "  "}, "resolution"),
    A.ASSIGN: ({"engineer_id": "999999"}, "engineer_id"),
    A.SCHEDULE: ({"start": "2026-12-01T10:00", "end": "2026-12-01T09:00"}, "end"),
    A.CHECK_IN: ({"note": LONG}, "note"),
    A.RECEIVE_DEVICE: ({"accessories": "x" * 501}, "accessories"),
    A.QUOTE: (
        {
            "findings": "坏了",
            "cause": "hardware",
            "option1_label": "修",
            "option1_lines": "主板 | 一个 | 899",
            "valid_days": "14",
        },
        "option1_lines",
    ),  # fmt: skip
    A.APPROVE: ({"option": "1", "signer_name": "张伟", "signature": ""}, "signature"),
    A.REJECT: ({"reason": ""}, "reason"),
    A.PREPARE_RETURN: ({"note": LONG}, "note"),
    A.START_REPAIR: ({"findings": "", "cause": "hardware", "plan": "换电池"}, "findings"),
    A.WAIT_PARTS: ({"parts": "电池", "expected_date": "tomorrow"}, "expected_date"),
    A.RESUME_REPAIR: ({"note": LONG}, "note"),
    A.SUBMIT_QC: ({"work_done": ""}, "work_done"),
    A.PASS_QC: ({"passed_items": ["0"]}, "passed_items"),
    A.FAIL_QC: ({"passed_items": ["0"], "notes": ""}, "notes"),
    A.HAND_BACK: ({"note": LONG}, "note"),
    A.ACCEPT: ({"signer_name": "", "signature": ""}, "signer_name"),
    A.DISPUTE: ({"reason": " "}, "reason"),
    A.CLOSE: ({"note": LONG}, "note"),
    A.CANCEL: ({"reason": ""}, "reason"),
}


def order_before(world, action):
    """An order on a typical path, advanced to just before `action`."""
    for name, path in PATHS.items():
        if action in path:
            mode, in_warranty = PATH_MODE[name]
            break
    else:  # cancel is on no path: any open order will do
        name, path, mode, in_warranty = "", [action], "carry_in", True
    order = new_order(world, mode=mode, in_warranty=in_warranty)
    for step in path[: path.index(action)]:
        order.refresh_from_db()
        payload = payload_for(step, order, engineer_id=world.engineer.pk, service_point_id=world.centre.pk)
        services.TRANSITION_SERVICES[step](
            actor=world.actor(PERFORMER[step]), number=order.number, expected_version=order.version, **payload
        )
    order.refresh_from_db()
    return order


def test_every_action_has_a_bad_input_case():
    assert set(BAD_INPUT) == set(FORMS)


@pytest.mark.parametrize("action", list(BAD_INPUT))
def test_bad_input_shows_the_error_next_to_the_field(client, world, action):
    order = order_before(world, action)
    role = PERFORMER[action]
    client.force_login(world.users[role])
    area = "portal" if role == Role.CUSTOMER else "console"
    fields, bad_field = BAD_INPUT[action]
    data = {f"{action}-{k}": v for k, v in fields.items()} | {f"{action}-version": order.version}
    events = WorkOrderEvent.objects.filter(order=order).count()

    response = client.post(f"/{area}/orders/{order.number}/act/{action}/", data)

    assert response.status_code == 200
    form = next(f for f in response.context["forms"] if f.action == action)
    assert bad_field in form.errors, form.errors
    assert f'id="field-{action}-{bad_field}"' in response.text
    assert WorkOrderEvent.objects.filter(order=order).count() == events
    order.refresh_from_db()
    assert order.version == data[f"{action}-version"]
