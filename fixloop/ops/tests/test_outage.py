"""A database outage during traffic: clean 503s while it is down, normal answers once it is back."""

import pytest
from django.db import connection

from fixloop.accounts.roles import Role
from fixloop.ops.tests.tcpproxy import TcpProxy
from fixloop.testing.world import build_world, new_order
from fixloop.workorders.models import WorkOrder

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a database server to cut off"),
]


@pytest.fixture
def proxied_database():
    settings_dict = connection.settings_dict
    original = settings_dict["HOST"], settings_dict["PORT"]
    proxy = TcpProxy(original[0] or "127.0.0.1", int(original[1] or 5432))
    proxy.start()
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", proxy.port
    yield proxy
    connection.close()
    proxy.stop()
    settings_dict["HOST"], settings_dict["PORT"] = original
    _end_other_sessions()


def _end_other_sessions() -> None:
    """Sessions whose proxied socket was cut may linger server-side; the test database is dropped after us."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_requests_fail_with_503_while_the_database_is_down_and_recover(proxied_database, client):
    world = build_world()
    order = new_order(world, serial="SN-OUTAGE-1")
    token = {"HTTP_AUTHORIZATION": f"Bearer {world.token(Role.AGENT)}"}
    assert client.get("/api/orders", **token).status_code == 200

    proxied_database.stop()
    api = client.get("/api/orders", **token)
    assert api.status_code == 503 and api.json()["code"] == "service_unavailable"
    assert api.headers["Retry-After"] == "5"
    write = client.post(
        f"/api/orders/{order.number}/transitions",
        {"action": "triage", "version": order.version, "payload": {}},
        content_type="application/json",
        **token,
    )
    assert write.status_code == 503
    assert client.get("/health/ready").status_code == 503

    proxied_database.start()
    assert client.get("/api/orders", **token).status_code == 200
    assert client.get("/health/ready").status_code == 200
    # Nothing was half-written while it was down: the order is as it was.
    assert WorkOrder.objects.get(pk=order.pk).version == order.version
