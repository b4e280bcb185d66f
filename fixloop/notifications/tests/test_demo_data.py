"""The demo's delivery log: drawn from demo orders, idempotent."""

import pytest
from django.utils import translation

from fixloop.demo import loader
from fixloop.notifications import demo_data
from fixloop.notifications.models import Delivery, DeliveryAttempt

pytestmark = pytest.mark.django_db


def test_demo_log_is_realistic_and_loading_twice_adds_nothing():
    loader.load_master()
    loader.load_orders(count=8)

    with translation.override("en"):
        first = demo_data.load()
        count = Delivery.objects.count()
        second = demo_data.load()

    assert count > 0 and Delivery.objects.count() == count
    assert first.startswith("Notifications: ") and second.endswith(" 0 deliveries in the log.")
    assert Delivery.objects.filter(status="sent").exists()
    assert all(d.attempts == d.attempt_log.count() for d in Delivery.objects.all())
    assert (
        DeliveryAttempt.objects.filter(outcome="ok").count() == Delivery.objects.filter(status="sent").count()
    )
    assert Delivery.objects.filter(subject__startswith="【飞修】").exists()
