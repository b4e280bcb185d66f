"""Audit log: sign-ins, failed sign-ins, role and permission changes, the service, the page, the API, append-only."""

import pytest
from django.contrib.auth.models import Group, Permission

from fixloop.accounts.roles import Role
from fixloop.audit.models import AppendOnly, AuditEntry, Kind
from fixloop.audit.services import record
from fixloop.testing.queries import queries_for_page
from fixloop.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_web_sign_in_and_failure_are_recorded_with_ip(client, world):
    client.post("/accounts/login/", {"username": "engineer", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    failed = AuditEntry.objects.get(kind=Kind.LOGIN_FAILED)
    assert (failed.actor_id, failed.actor_label, failed.ip) == (None, "engineer", "10.1.2.3")
    assert "password" not in str(failed.details)
    response = client.post(
        "/accounts/login/", {"username": "engineer", "password": PASSWORD}, REMOTE_ADDR="10.1.2.4"
    )
    assert response.status_code == 302
    login = AuditEntry.objects.get(kind=Kind.LOGIN)
    assert login.actor == world.users[Role.ENGINEER]
    assert (login.ip, login.details) == ("10.1.2.4", {"channel": "web", "role": "engineer"})
    assert login.target_type == "accounts.user" and login.target_id == str(world.users[Role.ENGINEER].pk)


def test_api_token_sign_in_is_recorded(client, world):
    response = client.post(
        "/api/auth/token", {"username": "manager", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(kind=Kind.LOGIN)
    assert entry.actor == world.users[Role.MANAGER] and entry.details["channel"] == "api"
    client.post("/api/auth/token", {"username": "manager", "password": "x"}, content_type="application/json")
    assert AuditEntry.objects.filter(kind=Kind.LOGIN_FAILED, actor_label="manager").count() == 1


def test_role_change_records_before_and_after(world):
    user = world.users[Role.AGENT]
    before = AuditEntry.objects.filter(kind=Kind.ROLE_CHANGE).count()
    user.role = Role.MANAGER
    user.save()
    entry = AuditEntry.objects.filter(kind=Kind.ROLE_CHANGE).latest("id")
    assert AuditEntry.objects.filter(kind=Kind.ROLE_CHANGE).count() == before + 1
    assert entry.target_id == str(user.pk)
    assert entry.details["changes"] == {"role": {"from": "agent", "to": "manager"}}
    # A save that changes nothing watched writes nothing.
    user.first_name = "Wei"
    user.save()
    user.save(update_fields=["last_login"])
    assert AuditEntry.objects.filter(kind=Kind.ROLE_CHANGE).count() == before + 1


def test_new_staff_user_is_recorded_but_a_customer_sign_up_is_not(world):
    from fixloop.accounts.services import register_customer
    from fixloop.testing.world import make_user

    count = AuditEntry.objects.filter(kind=Kind.ROLE_CHANGE).count()
    register_customer(username="newbie", password="a-Long-pass-9", name="王", phone="13700000000")
    assert AuditEntry.objects.filter(kind=Kind.ROLE_CHANGE).count() == count
    staff = make_user("new_engineer", Role.ENGINEER)
    entry = AuditEntry.objects.filter(kind=Kind.ROLE_CHANGE).latest("id")
    assert entry.target_id == str(staff.pk) and entry.details["changes"]["role"] == {
        "from": None,
        "to": "engineer",
    }


def test_group_and_permission_changes_are_recorded(world):
    user = world.users[Role.DISPATCHER]
    group = Group.objects.create(name="leads")
    user.groups.add(group)
    perm = Permission.objects.first()
    user.user_permissions.add(perm)
    user.service_points.remove(world.centre)
    rows = list(AuditEntry.objects.filter(kind=Kind.PERMISSION_CHANGE, target_id=str(user.pk)).order_by("id"))
    assert [(r.details["field"], r.details["action"], r.details["ids"]) for r in rows[-3:]] == [
        ("groups", "add", [group.pk]),
        ("user_permissions", "add", [perm.pk]),
        ("service_points", "remove", [world.centre.pk]),
    ]
    group.permissions.add(perm)
    last = AuditEntry.objects.latest("id")
    assert last.target_type == "auth.group" and last.details["field"] == "group_permissions"


def test_record_service_and_append_only(world):
    entry = record(Kind.EXPORT, actor=world.actor(Role.MANAGER), target=world.customer, details={"rows": 3})
    assert (entry.actor, entry.actor_label, entry.target_label) == (
        world.users[Role.MANAGER],
        "manager",
        "张伟",
    )
    partner_entry = record(Kind.EXPORT, actor=world.actor(Role.PARTNER))
    assert (partner_entry.actor, partner_entry.actor_label) == (None, "partner:dealer-a")
    entry.details = {"rows": 4}
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    entry.refresh_from_db()
    assert entry.details == {"rows": 3}


def test_admin_cannot_add_change_or_delete(client, world):
    from fixloop.testing.world import make_user

    make_user("root", Role.MANAGER, is_staff=True, is_superuser=True)
    client.login(username="root", password=PASSWORD)
    entry = record(Kind.EXPORT, actor=world.actor(Role.MANAGER))
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"actor_label": "someone else"})
    entry.refresh_from_db()
    assert entry.actor_label == "manager"


def test_console_page_for_managers_only_filters_and_constant_queries(client, world):
    for i in range(3):
        record(Kind.EXPORT, actor=world.actor(Role.AGENT), details={"i": i})
    record(Kind.DELETION, actor=world.actor(Role.MANAGER))
    client.login(username="agent", password=PASSWORD)
    assert client.get("/audit/").status_code == 302
    client.login(username="manager", password=PASSWORD)
    page = client.get("/audit/?kind=export&actor=agent").content.decode()
    assert page.count("audit-export") == 3 and "audit-deletion" not in page
    few = queries_for_page(client, "/audit/?kind=export")
    for i in range(60):
        record(Kind.EXPORT, actor=world.actor(Role.AGENT), details={"i": i})
    assert queries_for_page(client, "/audit/?kind=export") == few
    assert "page=2" in client.get("/audit/?kind=export").content.decode()
    assert client.get("/audit/?kind=export&page=2").status_code == 200


@pytest.mark.parametrize("role", [Role.AGENT, Role.ENGINEER, Role.CUSTOMER, Role.PARTNER])
def test_api_refuses_everyone_but_managers(client, world, role):
    response = client.get("/api/audit/entries", **world.headers(role))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_api_lists_with_filters_and_cursor(client, world):
    for i in range(5):
        record(Kind.EXPORT, actor=world.actor(Role.AGENT), details={"i": i})
    headers = world.headers(Role.MANAGER)
    first = client.get("/api/audit/entries?kind=export&limit=3", **headers).json()
    assert [r["details"]["i"] for r in first["results"]] == [4, 3, 2]
    second = client.get(
        f"/api/audit/entries?kind=export&limit=3&before={first['next_before']}", **headers
    ).json()
    assert [r["details"]["i"] for r in second["results"]] == [1, 0] and second["next_before"] is None
    logins = client.get("/api/audit/entries?kind=login", **headers).json()["results"]
    assert logins == []  # a bearer token is not a sign-in; issuing one is


def test_page_shows_details_as_labelled_lines_and_targets_by_name(client, world):
    from django.conf import settings
    from django.utils.html import escape
    from django.utils.translation import override

    from fixloop.audit.presenting import detail_lines
    from fixloop.testing.i18n import translated

    user = world.users[Role.AGENT]
    user.first_name, user.last_name = "强", "赵"
    user.save(update_fields=["first_name", "last_name"])
    record(Kind.LOGIN, actor=user, target=user, details={"channel": "web", "role": "agent", "created": True})
    client.login(username="manager", password=PASSWORD)
    page = client.get("/audit/?kind=login&actor=agent").content.decode()
    row = page.split('class="audit-target">', 1)[1].split("</tr>", 1)[0]
    assert "{&#x27;channel&#x27;" not in page and "{'channel'" not in page
    assert "accounts.user" not in row
    assert "赵强" in row  # the user's display name, family name first
    assert escape(translated("user")) in row  # the target's kind in the viewer's words
    with override(settings.LANGUAGE_CODE):
        expected = detail_lines({"channel": "web", "role": "agent", "created": True})
    assert expected[0][1] == translated("Web") and expected[1][1] == str(Role.AGENT.label)
    for key, value in expected:
        assert f'<span class="muted">{escape(key)}</span>: {escape(value)}' in row


def test_detail_lines_keep_unknown_keys_and_show_changes_as_from_to():
    from django.utils.translation import override

    from fixloop.audit.presenting import detail_lines

    with override("en"):
        lines = detail_lines({"changes": {"role": {"from": "agent", "to": "manager"}}, "mystery": [1, 2]})
    assert lines == [("Changes", "Role: Agent → Manager"), ("mystery", "1, 2")]
    assert detail_lines({}) == []
