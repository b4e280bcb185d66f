"""Photo uploads from the order pages go through the attachment service; bad files stay on the form."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fixloop.accounts.roles import Role
from fixloop.testing.world import new_order
from fixloop.workorders.models import Attachment


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("屏幕.png", buffer.getvalue(), content_type="image/png")


def test_customer_adds_a_photo(client, world):
    order = new_order(world)
    client.force_login(world.users[Role.CUSTOMER])
    response = client.post(f"/portal/orders/{order.number}/photos/", {"photo-file": png()})
    assert response.status_code == 302
    attachment = Attachment.objects.get(order=order)
    assert (attachment.original_name, attachment.content_type) == ("屏幕.png", "image/png")
    assert "屏幕.png" in client.get(f"/portal/orders/{order.number}/").text


def test_a_file_that_is_not_an_image_is_refused_next_to_the_field(client, world):
    order = new_order(world)
    client.force_login(world.users[Role.AGENT])
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(f"/console/orders/{order.number}/photos/", {"photo-file": fake})
    assert response.status_code == 200
    assert "file" in response.context["photo_form"].errors
    assert 'id="field-photo-file"' in response.text
    assert not Attachment.objects.exists()


def test_no_file_is_a_field_error(client, world):
    order = new_order(world)
    client.force_login(world.users[Role.CUSTOMER])
    response = client.post(f"/portal/orders/{order.number}/photos/", {})
    assert response.status_code == 200
    assert "file" in response.context["photo_form"].errors


def test_another_customers_order_is_404(client, world):
    order = new_order(world)
    client.force_login(world.users["other_customer"])
    assert client.post(f"/portal/orders/{order.number}/photos/", {"photo-file": png()}).status_code == 404
    assert not Attachment.objects.exists()
