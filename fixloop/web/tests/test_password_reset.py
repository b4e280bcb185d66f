"""Forgotten passwords: token links by email, the same answer for unknown addresses, limits, audit."""

import re

import pytest
from django.core import mail
from django.test import Client

from fixloop.accounts.models import ApiToken, User
from fixloop.accounts.roles import Role
from fixloop.audit.models import AuditEntry, Kind
from fixloop.notifications.tests.conftest import SMTP_PASSWORD, SMTP_USER, smtp_server  # noqa: F401
from fixloop.testing.i18n import shown
from fixloop.testing.world import PASSWORD

NEW_PASSWORD = "a-much-better-passphrase-42"
LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def customer(world):
    user = world.users[Role.CUSTOMER]
    User.objects.filter(pk=user.pk).update(email="zhang.wei@example.com", language="en")
    return User.objects.get(pk=user.pk)


@pytest.fixture
def agent(world):
    user = world.users[Role.AGENT]
    User.objects.filter(pk=user.pk).update(email="agent@example.com")
    return User.objects.get(pk=user.pk)


def ask(client: Client, email: str):
    return client.post("/accounts/password-reset/", {"email": email})


def test_the_sign_in_page_links_the_reset_page(client, db):
    page = client.get("/accounts/login/").text
    assert 'href="/accounts/password-reset/"' in page
    reset = client.get("/accounts/password-reset/")
    assert reset.status_code == 200 and shown("Reset your password") in reset.text


def test_a_customer_resets_by_the_emailed_link_in_their_language(client, customer, settings):
    settings.FIXLOOP_NOTIFY = {**settings.FIXLOOP_NOTIFY, "SITE_URL": "https://service.example.com"}
    response = ask(client, "Zhang.Wei@example.com")
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhang.wei@example.com"]
    assert message.subject == "Reset your fixloop password"  # the account's language, not the page's
    assert "https://service.example.com/accounts/reset/" in message.body  # from the setting, not Host
    path = LINK.search(message.body).group(1)
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})  # fmt: skip
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    again = client.get(path, follow=True)
    assert not again.context["validlink"]  # a link works once
    # Customers' resets are their own business: nothing in the staff audit log.
    assert not AuditEntry.objects.filter(kind=Kind.PASSWORD_RESET).exists()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, customer):
    known = ask(Client(), "zhang.wei@example.com")
    unknown = ask(client, "nobody@example.com")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["zhang.wei@example.com"]]
    sent = client.get(unknown["Location"])
    assert shown("Check your email") in sent.text


def test_a_bad_address_is_a_field_error(client, db):
    response = ask(client, "not-an-address")
    assert response.status_code == 200 and "email" in response.context["form"].errors


def test_staff_resets_are_audited_and_revoke_api_tokens(client, world, agent):
    world.token(Role.AGENT)
    ask(client, "agent@example.com")
    sent = AuditEntry.objects.get(kind=Kind.PASSWORD_RESET)
    assert sent.details == {"step": "link_sent"} and sent.target_id == str(agent.pk)
    assert sent.ip == "127.0.0.1"
    path = LINK.search(mail.outbox[0].body).group(1)
    confirm = client.get(path)
    client.post(confirm["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    done = AuditEntry.objects.filter(kind=Kind.PASSWORD_RESET).order_by("id").last()
    assert done.details == {"step": "password_set", "api_tokens_revoked": 1}
    assert done.actor_id == agent.pk
    assert not ApiToken.objects.filter(user=agent).exists()


def test_a_changed_password_signs_out_other_sessions(client, customer):
    elsewhere = Client()
    assert elsewhere.login(username="customer", password=PASSWORD)
    assert elsewhere.get("/portal/").status_code == 200
    ask(client, customer.email)
    confirm = client.get(LINK.search(mail.outbox[0].body).group(1))
    client.post(confirm["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert elsewhere.get("/portal/")["Location"].startswith("/accounts/login/")


def test_requests_are_limited_per_email_whether_or_not_it_has_an_account(client, customer, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "PASSWORD_RESET_EMAIL_RATE": "2/h", "PASSWORD_RESET_RATE": "50/h"}
    known = [ask(Client(REMOTE_ADDR=f"10.0.0.{i}"), customer.email).status_code for i in range(3)]
    unknown = [ask(Client(REMOTE_ADDR=f"10.0.1.{i}"), "ghost@example.com").status_code for i in range(3)]
    assert known == unknown == [302, 302, 429]
    assert len(mail.outbox) == 2
    refused = ask(client, customer.email)
    assert shown("Too many reset requests; please try again in an hour.") in refused.text


def test_requests_are_limited_per_client_address(customer, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "PASSWORD_RESET_RATE": "3/h", "PASSWORD_RESET_EMAIL_RATE": "50/h"}
    client = Client(REMOTE_ADDR="10.9.9.9")
    statuses = [ask(client, f"user{i}@example.com").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert ask(Client(REMOTE_ADDR="10.9.9.10"), customer.email).status_code == 302


def test_the_link_goes_out_through_a_real_smtp_server(client, customer, settings, smtp_server):  # noqa: F811
    controller, handler = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = SMTP_USER, SMTP_PASSWORD
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    assert ask(client, customer.email).status_code == 302
    assert len(handler.envelopes) == 1
    envelope = handler.envelopes[0]
    assert envelope.rcpt_tos == ["zhang.wei@example.com"]
    assert b"/accounts/reset/" in envelope.content
