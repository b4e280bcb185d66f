"""Driving orders through the lifecycle in tests, with the demo's valid payloads per action."""

from fixloop.demo.journeys import CHECKLIST_BAD, CHECKLIST_OK, PERFORMER, QUOTE_OPTIONS, payload_for
from fixloop.workorders import services
from fixloop.workorders.states import Action


def valid_payload(action: str, world, order) -> dict:
    return payload_for(action, order, engineer_id=world.engineer.pk, service_point_id=world.centre.pk)


def advance(world, order, action: str, role: str | None = None, **overrides):
    """Perform one action through its service as the usual performer; returns the changed order."""
    payload = {**valid_payload(action, world, order), **overrides}
    service = services.TRANSITION_SERVICES[Action(action)]
    actor = world.actor(role or PERFORMER[Action(action)])
    return service(actor=actor, number=order.number, expected_version=order.version, **payload)


def run(world, order, actions: list[str]):
    for action in actions:
        order = advance(world, order, action)
    return order


__all__ = ["CHECKLIST_BAD", "CHECKLIST_OK", "PERFORMER", "QUOTE_OPTIONS", "advance", "run", "valid_payload"]
