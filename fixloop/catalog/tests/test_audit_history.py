"""Every change to master data is kept with who, when and what changed."""

import pytest
from django.test import Client

from fixloop.catalog.models import ProductModel
from fixloop.customers.models import Customer

pytestmark = pytest.mark.django_db


def test_admin_change_records_who_and_what(world):
    manager = world.users["manager"]
    manager.is_staff = manager.is_superuser = True
    manager.save()
    client = Client()
    client.force_login(manager)
    model = world.phone_model
    response = client.post(
        f"/admin/catalog/productmodel/{model.pk}/change/",
        {"category": model.category_id, "brand": model.brand, "code": model.code, "name": model.name, "warranty_months": 24,
         "skills": list(model.skills.values_list("pk", flat=True))},
    )
    assert response.status_code == 302, response.content[:500]
    latest, previous = ProductModel.history.filter(id=model.pk).order_by("-history_id")[:2]
    assert latest.history_user == manager and latest.history_type == "~"
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("warranty_months", 12, 24)]


def test_changes_outside_requests_are_recorded_too(world):
    customer = world.customer
    customer.tier = Customer.Tier.VIP
    customer.save()
    assert list(Customer.history.filter(id=customer.pk).values_list("tier", flat=True).order_by("history_id")) == ["standard", "vip"]
