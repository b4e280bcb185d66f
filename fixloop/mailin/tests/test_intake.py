"""Email intake through the webhook: new orders, replies, attachments, malformed mail, idempotency."""

import json
from pathlib import Path

import pytest
from django.test import Client

from fixloop.accounts.roles import Role
from fixloop.conversations.models import OrderMessage
from fixloop.customers.models import Customer
from fixloop.mailin import services
from fixloop.mailin.models import InboundAttachment, InboundMail
from fixloop.testing.world import PASSWORD, new_order
from fixloop.workorders.choices import Channel, Kind
from fixloop.workorders.models import Attachment, WorkOrder, WorkOrderEvent

MAILS = Path(__file__).parent / "mails"
SECRET = "s3cret-mail-hook"


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.FIXLOOP_MAIL = {**settings.FIXLOOP_MAIL, "WEBHOOK_SECRET": SECRET}


def post(raw: bytes, secret: str | None = SECRET):
    headers = {"HTTP_X_FIXLOOP_MAIL_SECRET": secret} if secret is not None else {}
    return Client().post("/mail/inbound/", data=raw, content_type="message/rfc822", **headers)


def read(name: str) -> bytes:
    return (MAILS / name).read_bytes()


def reply_for(order, sender: str = "zhangwei@example.com") -> bytes:
    raw = read("reply.eml").replace(b"zhangwei@example.com", sender.encode())
    # The subject is an encoded-word; put the number in a plain second subject-line word instead.
    return raw.replace(b"Subject: ", b"Subject: [" + order.number.encode() + b"] ", 1)


def test_new_gbk_mail_opens_an_order_for_a_new_customer(world):
    response = post(read("new_gbk.eml"))
    assert response.status_code == 201
    body = response.json()
    assert (body["created"], body["status"], body["outcome"]) == (True, "processed", "new_order")
    order = WorkOrder.objects.get(number=body["order"])
    assert (order.channel, order.kind, order.state) == (Channel.EMAIL, Kind.TECHNICAL_SUPPORT, "new")
    assert order.symptoms.startswith("空调不制冷，朱镕家中急修\n\n您好：")
    assert "序列号 AC-GL-88231" in order.symptoms
    customer = order.customer
    assert (customer.name, customer.email) == ("朱镕", "zhurong@example.cn")
    assert WorkOrderEvent.objects.filter(order=order, action="create").count() == 1
    mail = InboundMail.objects.get()
    assert bytes(mail.raw) == read("new_gbk.eml")
    assert mail.subject == "空调不制冷，朱镕家中急修"


def test_the_same_message_twice_creates_one_order(world):
    assert post(read("encoded_word_qp.eml")).status_code == 201
    again = post(read("encoded_word_qp.eml"))
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert WorkOrder.objects.count() == 1
    assert InboundMail.objects.count() == 1
    assert Customer.objects.filter(email="lixiuying@example.com").count() == 1


def test_known_address_is_matched_to_the_existing_customer(world):
    Customer.objects.filter(pk=world.customer.pk).update(email="LiXiuYing@Example.com")
    number = post(read("encoded_word_qp.eml")).json()["order"]
    assert WorkOrder.objects.get(number=number).customer_id == world.customer.pk
    assert Customer.objects.count() == 2  # the world's two, nobody new


def test_attachments_are_kept_and_photos_attached_to_the_order(world):
    number = post(read("multipart_attachment.eml")).json()["order"]
    kept = list(InboundAttachment.objects.order_by("id"))
    assert [(a.filename, a.content_type) for a in kept] == [
        ("故障照片.png", "image/png"),
        ("购买发票.pdf", "application/pdf"),
    ]
    assert kept[1].file.read().startswith(b"%PDF-1.4")
    photos = list(Attachment.objects.filter(order__number=number))
    assert [(p.original_name, p.content_type) for p in photos] == [("故障照片.png", "image/png")]
    assert kept[0].order_attachment_id == photos[0].pk and kept[1].order_attachment_id is None
    assert WorkOrderEvent.objects.filter(order__number=number, action="attachment").count() == 1


def test_reply_with_the_number_in_the_subject_lands_on_the_conversation(world):
    Customer.objects.filter(pk=world.customer.pk).update(email="zhangwei@example.com")
    order = new_order(world)
    raw = reply_for(order)
    response = post(raw)
    assert response.json()["outcome"] == "reply"
    assert response.json()["order"] == order.number
    message = OrderMessage.objects.get(order=order)
    assert message.body == "您好，我周四下午两点以后在家，请师傅那时候上门。"
    assert (message.channel, message.visibility, message.author_role) == ("email", "customer", Role.CUSTOMER)
    assert message.author_label == "张伟"
    assert post(raw).json()["created"] is False
    assert OrderMessage.objects.filter(order=order).count() == 1
    assert WorkOrder.objects.count() == 1


def test_reply_threaded_by_in_reply_to_finds_the_order_its_first_mail_opened(world):
    first = post(read("encoded_word_qp.eml")).json()
    raw = read("reply.eml").replace(b"zhangwei@example.com", b"lixiuying@example.com")
    raw = raw.replace(b"<notify-1@fixloop.local>", b"<CAF=qp.1742@mail.example.com>")
    answer = post(raw).json()
    assert (answer["outcome"], answer["order"]) == ("reply", first["order"])
    assert OrderMessage.objects.get().order.number == first["order"]


def test_reply_from_a_stranger_is_kept_as_failed_and_writes_nothing(world):
    Customer.objects.filter(pk=world.customer.pk).update(email="zhangwei@example.com")
    order = new_order(world)
    answer = post(reply_for(order, sender="mallory@example.com")).json()
    assert (answer["status"], answer["failure_code"]) == ("failed", "sender_not_customer")
    assert not OrderMessage.objects.exists()
    assert WorkOrder.objects.count() == 1
    mail = InboundMail.objects.get()
    assert mail.order_id is None and order.number in mail.failure_reason


def test_malformed_mail_is_kept_and_reported(world):
    answer = post(read("malformed.eml"))
    assert answer.status_code == 201
    assert (answer.json()["status"], answer.json()["failure_code"]) == ("failed", "no_sender")
    mail = InboundMail.objects.get()
    assert bytes(mail.raw) == read("malformed.eml")
    assert mail.message_key == "<broken-1@example.invalid>"
    assert not WorkOrder.objects.exists()


def test_mail_without_message_id_is_deduplicated_by_content(world):
    raw = b"From: wang@example.net\nSubject: test\n\nhello"
    assert post(raw).json()["created"] is True
    assert post(raw).json()["created"] is False
    assert InboundMail.objects.get().message_key.startswith("sha256:")


@pytest.mark.parametrize("secret", [None, "", "wrong"])
def test_webhook_refuses_without_the_secret(world, secret):
    response = post(read("new_gbk.eml"), secret=secret)
    assert response.status_code == 403
    assert response.json()["code"] == "mail_secret_invalid"
    assert not InboundMail.objects.exists()


def test_webhook_is_off_when_no_secret_is_configured(world, settings):
    settings.FIXLOOP_MAIL = {**settings.FIXLOOP_MAIL, "WEBHOOK_SECRET": ""}
    assert post(read("new_gbk.eml"), secret="").status_code == 403


def test_webhook_bad_input(world, settings):
    empty = post(b"  ")
    assert (empty.status_code, empty.json()["code"]) == (422, "mail_empty")
    settings.FIXLOOP_MAIL = {**settings.FIXLOOP_MAIL, "MAX_BYTES": 100}
    big = post(read("new_gbk.eml"))
    assert (big.status_code, big.json()["code"]) == (422, "mail_too_large")
    assert json.loads(big.content)["details"]["size"] > 100
    assert Client().get("/mail/inbound/").status_code == 405
    assert not InboundMail.objects.exists()


def login(role_user) -> Client:
    client = Client()
    assert client.login(username=role_user.username, password=PASSWORD)
    return client


def test_console_lists_processed_and_failed_mail(world):
    post(read("new_gbk.eml"))
    post(read("malformed.eml"))
    page = login(world.users[Role.AGENT]).get("/mail/console/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "空调不制冷，朱镕家中急修" in html
    failed_mail = InboundMail.objects.get(status="failed")
    assert failed_mail.failure_reason and failed_mail.failure_reason in html
    failed = login(world.users[Role.AGENT]).get("/mail/console/?status=failed").content.decode()
    assert "空调不制冷" not in failed


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.WAREHOUSE, Role.CUSTOMER])
def test_console_is_for_agents_dispatchers_and_managers(world, role):
    post(read("malformed.eml"))
    mail = InboundMail.objects.get()
    client = login(world.users[role])
    assert client.get("/mail/console/").status_code == 302
    assert client.post(f"/mail/console/{mail.pk}/retry/").status_code == 302
    assert InboundMail.objects.get().attempts == 1


def test_retry_after_fixing_the_customer_address(world):
    Customer.objects.filter(pk=world.customer.pk).update(email="zhangwei@example.com")
    order = new_order(world)
    post(reply_for(order, sender="zhang.wei@work.example.com"))
    mail = InboundMail.objects.get()
    assert mail.status == "failed"
    Customer.objects.filter(pk=world.customer.pk).update(email="zhang.wei@work.example.com")
    client = login(world.users[Role.AGENT])
    response = client.post(f"/mail/console/{mail.pk}/retry/")
    assert response.status_code == 302
    mail.refresh_from_db()
    assert (mail.status, mail.outcome, mail.order_id, mail.attempts) == ("processed", "reply", order.pk, 2)
    assert client.get(f"/mail/console/{mail.pk}/").status_code == 200
    assert client.get("/mail/console/999999/").status_code == 404
    # Processed mail is not processed again.
    client.post(f"/mail/console/{mail.pk}/retry/")
    assert OrderMessage.objects.count() == 1


def test_processing_twice_is_harmless(world):
    mail, _created = services.receive(raw=read("multipart_attachment.eml"), source=InboundMail.Source.WEBHOOK)
    again = services.process(mail)
    assert again.attempts == 1
    assert WorkOrder.objects.count() == 1 and Attachment.objects.count() == 1


def test_api_lists_and_retries(world):
    from fixloop.workorders.tests.apiclient import Api

    post(read("malformed.eml"))
    post(read("new_gbk.eml"))
    api = Api(world, Role.MANAGER)
    rows = api.get("/mail/inbound", status="failed").json()
    assert [(r["message_id"], r["failure_code"]) for r in rows] == [
        ("<broken-1@example.invalid>", "no_sender")
    ]
    retried = api.post(f"/mail/inbound/{rows[0]['id']}/retry")
    assert (retried.status_code, retried.json()["status"], retried.json()["failure_code"]) == (
        200,
        "failed",
        "no_sender",
    )
    processed = InboundMail.objects.get(status="processed")
    again = api.post(f"/mail/inbound/{processed.pk}/retry")
    assert (again.status_code, again.json()["code"]) == (422, "mail_already_processed")
    assert api.post("/mail/inbound/999999/retry").status_code == 404
    assert Api(world, Role.ENGINEER).get("/mail/inbound").status_code == 403
    assert Api(world, Role.CUSTOMER).post(f"/mail/inbound/{rows[0]['id']}/retry").status_code == 403


def test_an_unexpected_error_is_kept_as_failed(world, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "create_order", explode)
    answer = post(read("new_gbk.eml")).json()
    assert (answer["status"], answer["failure_code"]) == ("failed", "internal_error")
    monkeypatch.undo()
    mail = services.retry(actor=world.actor(Role.AGENT), mail_id=answer["id"])
    assert (mail.status, mail.outcome) == ("processed", "new_order")


def test_mail_larger_than_djangos_upload_limit_is_accepted(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200  # stands in for 2.5 MB against a mail with photos
    response = post(read("multipart_attachment.eml"))
    assert response.status_code == 201
    assert response.json()["status"] == "processed"
