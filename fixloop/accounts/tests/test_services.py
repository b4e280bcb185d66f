"""register_customer against the database: the account it makes and the sign-ups it refuses."""

import pytest
from django.contrib.auth import authenticate

from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.accounts.services import register_customer
from fixloop.core.errors import Conflict, ValidationFailed
from fixloop.customers.models import Customer

pytestmark = pytest.mark.django_db

GOOD = {"username": "wangfang", "password": "repair-me-please-42", "name": "王芳", "phone": "13600002222"}


def test_register_customer_creates_user_and_profile():
    user = register_customer(**GOOD, email="wf@example.com", language="en")
    user.refresh_from_db()
    assert (user.username, user.role, user.phone, user.email, user.language) == (
        "wangfang",
        Role.CUSTOMER,
        "13600002222",
        "wf@example.com",
        "en",
    )
    assert user.check_password(GOOD["password"])
    profile = Customer.objects.get(user=user)
    assert (profile.name, profile.phone, profile.email, profile.language) == (
        "王芳",
        "13600002222",
        "wf@example.com",
        "en",
    )


def test_an_existing_hotline_customer_with_the_phone_is_not_claimed():
    hotline = Customer.objects.create(name="王芳", phone=GOOD["phone"])
    user = register_customer(**GOOD)
    hotline.refresh_from_db()
    assert hotline.user is None
    assert user.customer_profile.pk != hotline.pk


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"username": "CUSTOMER"}, "username_taken", "username"),
        ({"phone": "13800001234"}, "phone_taken", "phone"),
        ({"email": "taken@example.com"}, "email_taken", "email"),
    ],
)
def test_register_customer_refuses_taken_identifiers(world, change, code, field):
    world.customer.email = "taken@example.com"
    world.customer.save(update_fields=["email"])
    users, customers = User.objects.count(), Customer.objects.count()
    with pytest.raises(Conflict) as exc:
        register_customer(**{**GOOD, **change})
    assert (exc.value.code, exc.value.details) == (code, {"field": field})
    assert (User.objects.count(), Customer.objects.count()) == (users, customers)


@pytest.mark.parametrize("password", ["short", "password123"])
def test_register_customer_refuses_a_weak_password(password):
    with pytest.raises(ValidationFailed) as exc:
        register_customer(**{**GOOD, "password": password})
    assert (exc.value.code, exc.value.details) == ("weak_password", {"field": "password"})
    assert str(exc.value.message)
    assert not User.objects.exists() and not Customer.objects.exists()


@pytest.mark.parametrize("identifier", ["wangfang", "13600002222", "136 0000-2222", "WF@example.com"])
def test_a_registered_customer_signs_in_by_username_phone_or_email(identifier):
    user = register_customer(**GOOD, email="wf@example.com")
    assert authenticate(username=identifier, password=GOOD["password"]) == user
    assert authenticate(username=identifier, password="wrong-password-1") is None


def test_phone_sign_in_of_a_customer_whose_profile_holds_the_phone(world):
    assert (
        authenticate(username=world.customer.phone, password="fixloop-test-pass")
        == world.users[Role.CUSTOMER]
    )


def test_an_ambiguous_email_signs_no_one_in(world):
    for name in (Role.CUSTOMER, "other_customer"):
        world.users[name].email = "shared@example.com"
        world.users[name].save(update_fields=["email"])
    assert authenticate(username="shared@example.com", password="fixloop-test-pass") is None


def test_an_inactive_user_cannot_sign_in_by_phone(world):
    user = world.users[Role.CUSTOMER]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert authenticate(username=world.customer.phone, password="fixloop-test-pass") is None
