"""The events people are told about: who hears each one, and which order actions raise them."""

from django.utils.translation import gettext_lazy as _

CUSTOMER, STAFF = "customer", "staff"

# event -> (label, audience). Customer events go to the order's customer; staff events to named users
# and the staff group bots.
EVENTS = {
    "order.received": (_("Order received"), CUSTOMER),
    "order.assigned": (_("Engineer assigned"), CUSTOMER),
    "order.scheduled": (_("Appointment booked"), CUSTOMER),
    "order.quoted": (_("Diagnosis and quote ready"), CUSTOMER),
    "order.repair_started": (_("Repair started"), CUSTOMER),
    "order.awaiting_parts": (_("Waiting for parts"), CUSTOMER),
    "order.qc_passed": (_("Quality check passed"), CUSTOMER),
    "order.ready": (_("Ready for pickup"), CUSTOMER),
    "order.handed_back": (_("Handed back or shipped"), CUSTOMER),
    "order.closed": (_("Order closed, survey"), CUSTOMER),
    "staff.assignment": (_("Order assigned to you"), STAFF),
    "sla.warning": (_("SLA warning"), STAFF),
    "sla.breach": (_("SLA breached"), STAFF),
    "complaint.registered": (_("Complaint registered"), STAFF),
    "maintenance.booked": (_("Maintenance visit booked"), CUSTOMER),
    "followup.assigned": (_("Follow-up call assigned to you"), STAFF),
    "order.message": (_("Message from the service team"), CUSTOMER),
    "order.customer_message": (_("Message from the customer"), STAFF),
    "appointment.engineer_changed": (_("Another engineer will visit"), CUSTOMER),
    "complaint.assigned": (_("Complaint assigned to you"), STAFF),
    "complaint.action_assigned": (_("Complaint action assigned to you"), STAFF),
    "complaint.action_due": (_("Complaint action due"), STAFF),
    "complaint.response_overdue": (_("Complaint not answered in time"), STAFF),
    "complaint.solution_proposed": (_("Solution proposed for your complaint"), CUSTOMER),
    "complaint.declined": (_("Customer declined the solution"), STAFF),
    "complaint.closed": (_("Complaint closed"), CUSTOMER),
    "consultation.registered": (_("Consultation registered"), STAFF),
    "suggestion.registered": (_("Suggestion registered"), STAFF),
    "consultation.answered": (_("Your question was answered"), CUSTOMER),
    "suggestion.answered": (_("Your suggestion was answered"), CUSTOMER),
    "survey.invitation": (_("Survey invitation"), CUSTOMER),
    "survey.low_score": (_("Low survey score"), STAFF),
}

# Order action (topic "workorder.<action>") -> the customer event it raises.
CUSTOMER_EVENT_FOR_ACTION = {
    "create": "order.received",
    "assign": "order.assigned",
    "schedule": "order.scheduled",
    "quote": "order.quoted",
    "approve": "order.repair_started",
    "start_repair": "order.repair_started",
    "wait_parts": "order.awaiting_parts",
    "pass_qc": "order.qc_passed",
    "prepare_return": "order.ready",
    "hand_back": "order.handed_back",
    "close": "order.closed",
}


def label(event: str) -> str:
    return str(EVENTS[event][0]) if event in EVENTS else event


def audience(event: str) -> str:
    """Events outside the catalogue (another module's own) count as staff events."""
    return EVENTS[event][1] if event in EVENTS else STAFF
