"""The demo's complaints: their timelines are spread over days, so closure times are real figures."""

import datetime as dt

import pytest

from fixloop.complaints import demo_data
from fixloop.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_demo_complaints_are_backdated_with_a_real_closure_time(world):
    world.customer.phone = "13800005000"  # the demo customer the loader looks for
    world.customer.save(update_fields=["phone"])
    assert demo_data.load()
    closed = Complaint.objects.get(source_key="demo:1")
    assert closed.closed_at - closed.created_at >= dt.timedelta(hours=24)
    events = list(closed.events.order_by("id").values_list("created_at", flat=True))
    assert events == sorted(events) and events[0] == closed.created_at and events[-1] == closed.closed_at
    assert all(c.created_at < c.updated_at for c in Complaint.objects.filter(source_key__startswith="demo:"))
