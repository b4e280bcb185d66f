"""Two-factor sign-in with TOTP: enrol with a QR code, verify at sign-in (web and API), require, audit."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fixloop.accounts import twofactor
from fixloop.accounts.models import User
from fixloop.accounts.roles import Role
from fixloop.audit.models import AuditEntry, Kind
from fixloop.core.errors import Forbidden
from fixloop.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, offset: int = 0) -> str:
    """The current code, computed from the device key the way an authenticator app does."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _enrolled(user) -> TOTPDevice:
    device = twofactor.start_enrolment(user=user)
    twofactor.confirm_enrolment(user=user, token=code(device))
    device.refresh_from_db()
    device.last_t = -1  # let the same time step be used again in the test
    device.save()
    return device


def test_enrol_through_the_page_with_qr_code(client, world):
    assert client.login(username="engineer", password=PASSWORD)
    page = client.post("/accounts/2fa/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.users[Role.ENGINEER], confirmed=False)
    assert device.config_url.startswith("otpauth://totp/")
    wrong = client.post(
        "/accounts/2fa/", {"step": "confirm", "token": "000000" if code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post("/accounts/2fa/", {"step": "confirm", "token": code(device)})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert AuditEntry.objects.filter(kind=Kind.TOTP, details__action="enrolled").count() == 1


def test_sign_in_asks_for_the_code_when_enrolled(client, world):
    device = _enrolled(world.users[Role.ENGINEER])
    response = client.post("/accounts/login/", {"username": "engineer", "password": PASSWORD})
    assert response.status_code == 302
    held = client.get("/console/")
    assert held.status_code == 302 and held["Location"].startswith("/accounts/2fa/verify/")
    assert client.get("/api/auth/me").status_code == 401  # no session API access either
    bad = client.post("/accounts/2fa/verify/", {"token": "12345x"})
    assert bad.status_code == 200
    # A failure throttles the device (django-otp): even the right code is refused for a moment.
    assert client.post("/accounts/2fa/verify/", {"token": code(device)}).status_code == 200
    device.throttle_reset()
    assert (
        client.post("/accounts/2fa/verify/?next=/console/", {"token": code(device)})["Location"]
        == "/console/"
    )
    assert client.get("/console/").status_code == 200
    assert client.get("/api/auth/me").status_code == 200


def test_sign_in_without_enrolment_is_not_held(client, world):
    client.post("/accounts/login/", {"username": "agent", "password": PASSWORD})
    assert client.get("/console/").status_code == 200


def test_api_token_needs_the_code(client, world):
    device = _enrolled(world.users[Role.MANAGER])
    body = {"username": "manager", "password": PASSWORD}
    missing = client.post("/api/auth/token", body, content_type="application/json")
    assert missing.status_code == 401 and missing.json()["code"] == "otp_required"
    wrong = client.post("/api/auth/token", {**body, "otp": "99999x"}, content_type="application/json")
    assert wrong.status_code == 401 and wrong.json()["code"] == "bad_otp"
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post("/api/auth/token", {**body, "otp": code(device)}, content_type="application/json")
    assert ok.status_code == 200


def test_manager_requires_it_then_sign_in_forces_enrolment(client, world):
    target = world.users[Role.DISPATCHER]
    with pytest.raises(Forbidden):
        twofactor.set_required(actor=world.actor(Role.AGENT), user_id=target.pk, required=True)
    assert client.login(username="manager", password=PASSWORD)
    assert client.get("/accounts/2fa/staff/").status_code == 200
    client.post(f"/accounts/2fa/staff/{target.pk}/", {"required": "1"})
    assert User.objects.get(pk=target.pk).totp_required
    assert AuditEntry.objects.filter(
        kind=Kind.TOTP, target_id=str(target.pk), details__action="required"
    ).exists()
    client.logout()
    client.post("/accounts/login/", {"username": "dispatcher", "password": PASSWORD})
    held = client.get("/console/")
    assert held["Location"].startswith("/accounts/2fa/?")
    assert "<svg" in client.get(held["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=target, confirmed=False)
    client.post("/accounts/2fa/", {"step": "confirm", "token": code(device)})
    assert client.get("/console/").status_code == 200
    token = client.post(
        "/api/auth/token", {"username": "warehouse", "password": PASSWORD}, content_type="application/json"
    )
    assert token.status_code == 200  # not required for the warehouse user


def test_required_user_cannot_turn_it_off(world):
    user = world.users[Role.AGENT]
    device = _enrolled(user)
    User.objects.filter(pk=user.pk).update(totp_required=True)
    user.refresh_from_db()
    with pytest.raises(Forbidden):
        twofactor.disable(user=user, token=code(device))
    assert TOTPDevice.objects.filter(user=user).exists()
