"""Uploaded files are served only through /files/, behind the owning object's rule, with inert headers."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from fixloop.accounts.roles import Role
from fixloop.catalog.models import Device
from fixloop.kb.models import ArticleImage
from fixloop.kb.services.articles import add_image, create_article
from fixloop.kb.tests.factories import content, published_article
from fixloop.mailin.models import InboundAttachment, InboundMail
from fixloop.testing.world import existing_device, new_order
from fixloop.web.admin_files import download_url
from fixloop.web.filesend import served_type
from fixloop.workorders.models import Attachment
from fixloop.workorders.services.attachments import add_attachment


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def photo(world):
    order = new_order(world, service_point_id=world.centre.pk)  # routed: other service points must not see it
    upload = SimpleUploadedFile("屏幕 裂了.png", png_bytes(), content_type="image/png")
    upload._original_name = upload.name
    return add_attachment(actor=world.actor(Role.CUSTOMER), number=order.number, upload=upload)


def as_user(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def url_of(attachment) -> str:
    return f"/files/orders/{attachment.pk}/"


def test_the_owner_gets_the_photo_inline_with_safe_headers(world, photo):
    response = as_user(world, Role.CUSTOMER).get(url_of(photo))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("inline;")
    assert "filename*=utf-8''" in response["Content-Disposition"]  # the customer's non-ASCII name, encoded


@pytest.mark.parametrize("role", ["other_customer", "other_agent", "other_engineer"])
def test_outsiders_get_404(world, photo, role):
    assert as_user(world, role).get(url_of(photo)).status_code == 404


@pytest.mark.parametrize("role", [Role.AGENT, Role.DISPATCHER, Role.ENGINEER, Role.WAREHOUSE, Role.MANAGER])
def test_staff_who_see_the_order_get_the_photo(world, photo, role):
    assert as_user(world, role).get(url_of(photo)).status_code == 200


def test_a_visitor_is_sent_to_sign_in_and_a_partner_key_is_no_session(world, photo):
    response = Client().get(url_of(photo))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Client(HTTP_X_API_KEY=world.partner_key).get(url_of(photo)).status_code == 302


def test_a_missing_id_and_a_deleted_file_are_404(world, photo):
    client = as_user(world, Role.MANAGER)
    assert client.get("/files/orders/999999/").status_code == 404
    photo.file.storage.delete(photo.file.name)
    assert client.get(url_of(photo)).status_code == 404


def test_x_accel_redirect_hands_the_bytes_to_nginx(world, photo, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "MEDIA_ACCEL_PREFIX": "/protected-media/"}
    response = as_user(world, Role.CUSTOMER).get(url_of(photo))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.file.name}"
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    # Refused requests never reach nginx's internal location.
    refused = as_user(world, "other_customer").get(url_of(photo))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


def test_media_url_is_no_longer_served(world, photo, client):
    assert client.get(f"/media/{photo.file.name}").status_code == 404
    assert as_user(world, Role.MANAGER).get(f"/media/{photo.file.name}").status_code == 404


def test_order_pages_and_the_api_link_the_checked_url(world, photo):
    number = photo.order.number
    page = as_user(world, Role.CUSTOMER).get(f"/portal/orders/{number}/").text
    assert f'href="{url_of(photo)}"' in page and "/media/" not in page
    console = as_user(world, Role.AGENT).get(f"/console/orders/{number}/").text
    assert f'href="{url_of(photo)}"' in console
    token = world.token(Role.CUSTOMER)
    listed = Client().get(f"/api/orders/{number}/attachments", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert listed[0]["url"] == url_of(photo)


def test_a_mail_attachment_is_for_mail_staff_and_never_rendered(world):
    mail = InboundMail.objects.create(message_key="k1", raw=b"", subject="坏了")
    item = InboundAttachment.objects.create(
        mail=mail, file=ContentFile(b"<script>alert(1)</script>", name="x.html"),
        filename="发票.html", content_type="text/html", size=25,
    )  # fmt: skip
    url = f"/files/mail/{item.pk}/"
    response = as_user(world, Role.AGENT).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    for role in (Role.CUSTOMER, Role.ENGINEER, Role.WAREHOUSE):
        assert as_user(world, role).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    page = as_user(world, Role.AGENT).get(f"/mail/console/{mail.pk}/").text
    assert f'href="{url}"' in page


def test_a_help_picture_is_public_once_published_and_staff_only_before(world):
    draft = create_article(actor=world.actor(Role.AGENT), content=content(world))
    picture = add_image(actor=world.actor(Role.AGENT), article_id=draft.pk,
                        upload=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"))  # fmt: skip
    url = f"/files/kb/{picture.pk}/"
    assert Client().get(url).status_code == 404
    assert as_user(world, Role.CUSTOMER).get(url).status_code == 404
    assert as_user(world, Role.WAREHOUSE).get(url).status_code == 200
    edit = as_user(world, Role.AGENT).get(f"/kb/console/{draft.pk}/").text
    assert f'src="{url}"' in edit
    published = published_article(world, title="P60 屏幕不亮")
    shown = add_image(actor=world.actor(Role.AGENT), article_id=published.pk,
                      upload=SimpleUploadedFile("b.png", png_bytes(), content_type="image/png"))  # fmt: skip
    response = Client().get(f"/files/kb/{shown.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert f'src="/files/kb/{shown.pk}/"' in Client().get(f"/kb/help/{published.pk}/").text


def test_a_proof_of_purchase_goes_to_the_owner_and_staff_who_see_its_orders(world):
    order = new_order(world, serial="SN-PROOF-1", service_point_id=world.centre.pk)
    device = order.device
    device.purchase_proof.save("发票.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    url = f"/files/devices/{device.pk}/proof/"
    owner = as_user(world, Role.CUSTOMER).get(url)
    assert owner.status_code == 200 and owner["Content-Type"] == "application/pdf"
    assert owner["Content-Disposition"].startswith("attachment;")
    assert as_user(world, Role.AGENT).get(url).status_code == 200
    assert as_user(world, "other_customer").get(url).status_code == 404
    assert as_user(world, "other_agent").get(url).status_code == 404
    bare = existing_device(world, "SN-PROOF-2")
    assert as_user(world, Role.CUSTOMER).get(f"/files/devices/{bare.pk}/proof/").status_code == 404


@pytest.mark.parametrize(
    "declared, head, expected",
    [
        ("image/png", png_bytes()[:16], ("image/png", True)),
        ("image/png", b"<svg xmlns=", ("application/octet-stream", False)),
        ("image/svg+xml", b"<svg xmlns=", ("application/octet-stream", False)),
        ("text/html", b"<html>", ("application/octet-stream", False)),
        ("application/pdf", b"%PDF-1.7", ("application/pdf", False)),
        ("", b"\xff\xd8\xff\xe0", ("image/jpeg", True)),
    ],
)
def test_the_served_type_comes_from_the_bytes_for_images(declared, head, expected):
    assert served_type(declared, head) == expected


def test_the_admin_links_a_file_to_its_permission_checked_download(world):
    manager = world.users[Role.MANAGER]
    manager.is_staff = manager.is_superuser = True
    manager.save()
    device = existing_device(world, "SN-ADMIN-1")
    device.purchase_proof.save("发票.pdf", ContentFile(b"%PDF-1.4 admin"), save=True)
    client = as_user(world, Role.MANAGER)
    pages = [f"/admin/catalog/device/{device.pk}/change/"]
    history_id = device.history.order_by("-history_id").first().history_id
    pages.append(f"/admin/catalog/device/{device.pk}/history/{history_id}/")  # the revert form too
    for page in pages:
        html = client.get(page).text
        assert "/media/" not in html, page
        [link] = re.findall(r'<a href="(/files/[^"]+)">[^<]*发票', html)
        assert link == f"/files/devices/{device.pk}/proof/"
        download = client.get(link)
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "model, field, view",
    [(Device, "purchase_proof", "files:purchase_proof"), (Attachment, "file", "files:order_attachment"),
     (InboundAttachment, "file", "files:mail_attachment"), (ArticleImage, "file", "files:article_image")],
)  # fmt: skip
def test_every_download_view_has_its_admin_link(model, field, view):
    instance = model(pk=7, **{field: "some/file.pdf"})
    assert download_url(getattr(instance, field)) == reverse(view, args=[7])
    assert download_url(getattr(model(pk=7), field)) is None  # no file, no link
