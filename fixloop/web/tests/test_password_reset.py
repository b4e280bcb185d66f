"""Forgotten passwords: token links by email, the same answer (and work) for unknown addresses, limits, audit.

The page only queues the request; the worker mails the link over SMTP to a real local server here.
"""

import email
import email.policy
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fixloop.accounts.models import ApiToken, User
from fixloop.accounts.roles import Role
from fixloop.audit.models import AuditEntry, Kind
from fixloop.core.models import OutboxMessage
from fixloop.notifications.tests.conftest import SMTP_PASSWORD, SMTP_USER, smtp_server  # noqa: F401
from fixloop.testing.i18n import shown
from fixloop.testing.world import PASSWORD
from fixloop.web.password_reset import TOPIC
from fixloop.worker.runner import Worker

NEW_PASSWORD = "a-much-better-passphrase-42"
LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)")


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str


class Mailbox:
    """What the SMTP server received; `deliver()` runs the worker over the outbox first."""

    def __init__(self, handler):
        self.handler = handler

    @property
    def received(self) -> list[Mail]:
        found = []
        for envelope in self.handler.envelopes:
            parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            body = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
            found.append(Mail(list(envelope.rcpt_tos), str(parsed["Subject"]), body))
        return found

    def deliver(self) -> list[Mail]:
        Worker(worker_id="test-reset", run_periodic=False).drain()
        return self.received


@pytest.fixture
def mailbox(settings, smtp_server):  # noqa: F811
    controller, handler = smtp_server
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = SMTP_USER, SMTP_PASSWORD
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return Mailbox(handler)


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


def test_a_customer_resets_by_the_emailed_link_in_their_language(client, customer, settings, mailbox):
    settings.FIXLOOP_NOTIFY = {**settings.FIXLOOP_NOTIFY, "SITE_URL": "https://service.example.com"}
    response = ask(client, "Zhang.Wei@example.com")
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/sent/"
    [message] = mailbox.deliver()
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


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, customer, mailbox):
    known = ask(Client(), "zhang.wei@example.com")
    unknown = ask(client, "nobody@example.com")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mailbox.deliver()] == [["zhang.wei@example.com"]]
    sent = client.get(unknown["Location"])
    assert shown("Check your email") in sent.text


def _statement_shapes(queries) -> list[str]:
    """The SQL run, with literals (the address, timestamps, ids) and savepoint names blanked out."""
    return [re.sub(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+\b", "?", q["sql"]) for q in queries]


def test_the_request_does_the_same_work_for_known_and_unknown_addresses(customer, agent, mailbox):
    # A staff account is the costliest known case (its reset is audited): still no extra work in the request.
    with CaptureQueriesContext(connection) as known:
        assert ask(Client(), agent.email).status_code == 302
    with CaptureQueriesContext(connection) as unknown:
        assert ask(Client(), "nobody@example.com").status_code == 302
    assert _statement_shapes(known.captured_queries) == _statement_shapes(unknown.captured_queries)
    # Nothing is mailed, looked up or audited during the request: one outbox row each, for the worker.
    assert mailbox.received == [] and mail.outbox == []
    assert not AuditEntry.objects.filter(kind=Kind.PASSWORD_RESET).exists()
    queued = OutboxMessage.objects.filter(topic=TOPIC).order_by("id")
    assert [m.payload["email"] for m in queued] == ["agent@example.com", "nobody@example.com"]
    assert not any("token" in str(m.payload) or "reset/" in str(m.payload) for m in queued)
    assert [m.to for m in mailbox.deliver()] == [["agent@example.com"]]
    assert AuditEntry.objects.filter(kind=Kind.PASSWORD_RESET).count() == 1
    # Handled rows forget the address and the client's IP.
    assert [m.payload for m in OutboxMessage.objects.filter(topic=TOPIC)] == [{}, {}]


def test_a_bad_address_is_a_field_error(client, db):
    response = ask(client, "not-an-address")
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert not OutboxMessage.objects.filter(topic=TOPIC).exists()


def test_staff_resets_are_audited_and_revoke_api_tokens(client, world, agent, mailbox):
    world.token(Role.AGENT)
    ask(client, "agent@example.com")
    [message] = mailbox.deliver()
    sent = AuditEntry.objects.get(kind=Kind.PASSWORD_RESET)
    assert sent.details == {"step": "link_sent"} and sent.target_id == str(agent.pk)
    assert sent.ip == "127.0.0.1"  # the requester's address, though the worker wrote the entry
    path = LINK.search(message.body).group(1)
    confirm = client.get(path)
    client.post(confirm["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    done = AuditEntry.objects.filter(kind=Kind.PASSWORD_RESET).order_by("id").last()
    assert done.details == {"step": "password_set", "api_tokens_revoked": 1}
    assert done.actor_id == agent.pk
    assert not ApiToken.objects.filter(user=agent).exists()


def test_a_changed_password_signs_out_other_sessions(client, customer, mailbox):
    elsewhere = Client()
    assert elsewhere.login(username="customer", password=PASSWORD)
    assert elsewhere.get("/portal/").status_code == 200
    ask(client, customer.email)
    confirm = client.get(LINK.search(mailbox.deliver()[0].body).group(1))
    client.post(confirm["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert elsewhere.get("/portal/")["Location"].startswith("/accounts/login/")


def test_requests_are_limited_per_email_whether_or_not_it_has_an_account(client, customer, settings, mailbox):
    settings.FIXLOOP = {**settings.FIXLOOP, "PASSWORD_RESET_EMAIL_RATE": "2/h", "PASSWORD_RESET_RATE": "50/h"}
    known = [ask(Client(REMOTE_ADDR=f"10.0.0.{i}"), customer.email).status_code for i in range(3)]
    unknown = [ask(Client(REMOTE_ADDR=f"10.0.1.{i}"), "ghost@example.com").status_code for i in range(3)]
    assert known == unknown == [302, 302, 429]
    assert len(mailbox.deliver()) == 2
    refused = ask(client, customer.email)
    assert shown("Too many reset requests; please try again in an hour.") in refused.text


def test_requests_are_limited_per_client_address(customer, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "PASSWORD_RESET_RATE": "3/h", "PASSWORD_RESET_EMAIL_RATE": "50/h"}
    client = Client(REMOTE_ADDR="10.9.9.9")
    statuses = [ask(client, f"user{i}@example.com").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert ask(Client(REMOTE_ADDR="10.9.9.10"), customer.email).status_code == 302


def test_a_refused_connection_leaves_the_request_queued_for_a_retry(client, customer, settings, mailbox):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: a transient failure
    ask(client, customer.email)
    assert mailbox.deliver() == []
    queued = OutboxMessage.objects.get(topic=TOPIC)
    assert queued.delivered_at is None and queued.dead_at is None and "will retry" in queued.last_error
    settings.EMAIL_PORT = port
    OutboxMessage.objects.filter(pk=queued.pk).update(available_at=queued.created_at)
    [message] = mailbox.deliver()
    assert message.to == ["zhang.wei@example.com"] and LINK.search(message.body)
