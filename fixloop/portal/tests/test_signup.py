"""Portal sign-up and sign-in by phone through the test client."""

import pytest

from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.customers.models import Customer
from fixloop.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

FORM = {
    "username": "liqiang", "name": "李强", "phone": "137 0000 3333", "email": "lq@example.com",
    "password": "repair-me-please-42", "password_again": "repair-me-please-42",
}  # fmt: skip


def test_login_page_links_to_sign_up(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'href="/portal/signup/"' in response.text


def test_sign_up_signs_in_and_lands_on_the_portal(client):
    response = client.post("/portal/signup/", FORM)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    user = User.objects.get(username="liqiang")
    assert (user.role, user.phone, user.customer_profile.name) == (Role.CUSTOMER, "13700003333", "李强")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/portal/").status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "customer"}, "username"),
        ({"phone": "13800001234"}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"password": "short", "password_again": "short"}, "password"),
        ({"password_again": "something-else-42"}, "password_again"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_sign_up_shows_the_error_next_to_the_field(client, world, change, field):
    users, customers = User.objects.count(), Customer.objects.count()
    response = client.post("/portal/signup/", {**FORM, **change})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert f'id="field-{field}"' in response.text and 'class="error"' in response.text
    assert (User.objects.count(), Customer.objects.count()) == (users, customers)
    assert "_auth_user_id" not in client.session


def test_signed_in_users_are_sent_home(client, world):
    client.force_login(world.users[Role.AGENT])
    assert client.get("/portal/signup/")["Location"] == "/console/"


@pytest.mark.parametrize("identifier", ["13800001234", "customer"])
def test_login_by_phone_or_username(client, world, identifier):
    response = client.post("/accounts/login/", {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.session["_auth_user_id"] == str(world.users[Role.CUSTOMER].pk)


def test_login_by_phone_with_a_wrong_password_stays_on_the_page(client, world):
    response = client.post("/accounts/login/", {"username": "13800001234", "password": "wrong-password"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_up_is_rate_limited_per_network(client, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "SIGNUP_RATE": "2/h"}
    for n in range(2):
        client.post("/portal/signup/", {**FORM, "username": f"user{n}", "phone": f"1370000444{n}",
                                         "email": f"u{n}@example.com"})  # fmt: skip
        client.logout()
    response = client.post("/portal/signup/", {**FORM, "username": "user9", "phone": "13700004449",
                                                "email": "u9@example.com"})  # fmt: skip
    assert response.status_code == 429
    assert "Too many sign-ups" in response.text or "注册" in response.text
    assert not User.objects.filter(username="user9").exists()


def test_login_field_says_phone_or_email_works(client):
    response = client.get("/accounts/login/")
    assert "Username, mobile number or email" in response.text or "手机号" in response.text
