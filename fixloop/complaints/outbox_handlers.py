"""Outbox topics the complaints app reacts to."""

HANDLERS = {"complaint.requested": "fixloop.complaints.escalation.on_complaint_requested"}
