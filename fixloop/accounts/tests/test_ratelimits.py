"""Rate limits: per partner API key, per bearer token when set, and failed token sign-ins per address."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_partner_key_is_limited_per_key(client, world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "API_KEY_RATE": "3/m"}
    statuses = [client.get("/api/auth/me", **world.headers(Role.PARTNER)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/auth/me", **world.headers(Role.PARTNER))
    assert refused.json()["code"] == "rate_limited"
    assert client.get("/api/auth/me", **world.headers("other_partner")).status_code == 200  # its own budget


def test_bearer_tokens_are_unlimited_by_default_and_limited_when_set(client, world, settings):
    headers = world.headers(Role.AGENT)
    assert all(client.get("/api/auth/me", **headers).status_code == 200 for _ in range(5))
    settings.FIXLOOP = {**settings.FIXLOOP, "API_TOKEN_RATE": "2/m"}
    assert [client.get("/api/auth/me", **headers).status_code for _ in range(3)] == [200, 200, 429]


def test_failed_token_sign_ins_are_limited_per_address(client, world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "TOKEN_SIGNIN_RATE": "3/m"}
    good = {"username": "agent", "password": PASSWORD}
    for _ in range(5):  # successes are never counted
        assert client.post("/api/auth/token", good, content_type="application/json").status_code == 200
    for name in ("a", "b", "c"):
        bad = client.post(
            "/api/auth/token", {"username": name, "password": "x"}, content_type="application/json"
        )
        assert bad.status_code == 401
    assert client.post("/api/auth/token", good, content_type="application/json").status_code == 200
    fourth = client.post(
        "/api/auth/token", {"username": "d", "password": "x"}, content_type="application/json"
    )
    assert fourth.status_code == 401
    over = client.post("/api/auth/token", {"username": "e", "password": "x"}, content_type="application/json")
    assert over.status_code == 429 and over.json()["code"] == "rate_limited"
    assert client.post("/api/auth/token", good, content_type="application/json").status_code == 429
