"""Scheduling reacts to order events: auto-assign after triage, re-plan when on-site work changes."""

HANDLERS = {
    "workorder.triage": "fixloop.scheduling.assignment.on_triaged",
    "workorder.assign": "fixloop.scheduling.planning.replan_for_order",
    "workorder.schedule": "fixloop.scheduling.planning.replan_for_order",
    "workorder.cancel": "fixloop.scheduling.planning.replan_for_order",
}
