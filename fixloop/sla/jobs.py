"""Periodic SLA work: escalate clocks that reached their warning threshold or their due time."""

from datetime import timedelta

from fixloop.core.periodic import Periodic

PERIODIC = [Periodic("sla.scan", every=timedelta(minutes=1), func="fixloop.sla.escalation.scan")]
