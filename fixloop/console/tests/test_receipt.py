"""The printable intake receipt: a QR code to the public tracking page, drawn inline."""

from fixloop.accounts.roles import Role
from fixloop.testing.world import new_order


def test_receipt_has_an_inline_qr_code_to_the_tracking_page(client, world):
    order = new_order(world)
    client.force_login(world.users[Role.AGENT])
    response = client.get(f"/console/orders/{order.number}/receipt/")
    assert response.status_code == 200
    assert f"http://testserver/portal/track/?number={order.number}" in response.text
    qr = response.text[response.text.index('<div class="receipt-qr">') :]
    assert qr.startswith('<div class="receipt-qr"><svg ') and 'class="segno"' in qr
    assert "&lt;svg" not in response.text


def test_the_qr_code_lands_on_a_prefilled_tracking_form_without_errors(client, world):
    order = new_order(world)
    response = client.get("/portal/track/", {"number": order.number})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound and form["number"].value() == order.number
    assert response.context["tracking"] is None and 'class="error"' not in response.text
