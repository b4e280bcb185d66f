"""Each document as a real PDF: read back with pdftotext (Chinese and the order number), a PNG of each
page in build/screenshots/, and downloads with the order's own visibility."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from fixloop.accounts.roles import Role
from fixloop.documents.context import document_context
from fixloop.documents.pdf import render_pdf
from fixloop.testing.world import new_order
from fixloop.workorders.models import Attachment, WorkOrder
from fixloop.workorders.states import Action
from fixloop.workorders.tests import factories
from fixloop.workorders.tests.helpers import advance, run

A = Action
SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def png_attachment(order) -> Attachment:
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", (80, 60), (200, 40, 40)).save(buffer, "PNG")
    return Attachment.objects.create(
        order=order, file=ContentFile(buffer.getvalue(), name="scratch.png"), original_name="scratch.png",
        content_type="image/png", size=len(buffer.getvalue()),
    )  # fmt: skip


def signature_png() -> str:
    import base64
    from io import BytesIO

    buffer = BytesIO()
    image = Image.new("RGB", (240, 60), "white")
    for x in range(20, 220):
        image.putpixel((x, 30 + (x % 20) - 10), (0, 0, 0))
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def finished_order(world) -> WorkOrder:
    part = factories.part(number="PMIC-U2", name="电源管理芯片")
    order = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN])
    order = advance(world, order, A.RECEIVE_DEVICE, photo_ids=[png_attachment(order).pk])
    options = [
        {"label": "更换主板芯片", "lines": [{"kind": "part", "part_id": part.pk}, {"kind": "labour", "description": "人工", "quantity": "1.5", "unit_price": "80"}]},
        {"label": "不维修，退回", "lines": [{"kind": "inspection", "description": "检测费", "unit_price": "50"}]},
    ]  # fmt: skip
    order = advance(world, order, A.QUOTE, options=options, fault_point="主板 PMIC U2")
    order = advance(world, order, A.APPROVE, signature=signature_png())
    order = advance(
        world, order, A.SUBMIT_QC, parts_replaced=[{"part_id": part.pk, "serial": "PMIC-SN-0042"}]
    )
    order = run(world, order, [A.PASS_QC, A.HAND_BACK])
    order = advance(world, order, A.ACCEPT, signature=signature_png())
    return WorkOrder.objects.select_related("device", "product_model").get(pk=order.pk)


def pdf_text(pdf: bytes, tmp_path: Path, kind: str) -> str:
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", str(path), str(SCREENSHOTS / f"document-{kind}")], check=True
        )  # one PNG per page: document-<kind>-1.png, -2.png, …
    return text.decode()


EXPECTED = {
    "quote": ["主板供电芯片损坏", "更换主板芯片", "不维修，退回", "电源管理芯片", "主板 PMIC U2", "张伟"],
    "receipt": ["充电线", "外壳轻微划痕", "张伟"],
    "return": ["与送修时一致", "张伟"],
    "report": ["更换电池并测试", "电源管理芯片", "PMIC-SN-0042", "开机", "充电", "满意", "180"],
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_document_renders_chinese_and_the_order_number(world, tmp_path, kind):
    order = finished_order(world)
    context = document_context(world.actor(Role.MANAGER), order, kind, "http://testserver/portal/track/")
    text = pdf_text(render_pdf(context), tmp_path, kind)
    assert order.number in text
    assert "fixloop 售后服务中心" in text
    for phrase in EXPECTED[kind]:
        assert phrase in text, (phrase, text)


def test_console_and_portal_downloads_share_the_orders_visibility(client, world):
    order = finished_order(world)
    client.force_login(world.users[Role.CUSTOMER])
    response = client.get(f"/documents/orders/{order.number}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(f"/documents/orders/{order.number}/nothing.pdf").status_code == 404
    portal = client.get(f"/portal/orders/{order.number}/")
    assert f'href="/documents/orders/{order.number}/report.pdf"' in portal.text

    WorkOrder.objects.filter(pk=order.pk).update(customer=world.other_customer)
    assert client.get(f"/documents/orders/{order.number}/report.pdf").status_code == 404

    client.force_login(world.users[Role.AGENT])
    console = client.get(f"/console/orders/{order.number}/")
    for kind in ("quote", "receipt", "return", "report"):
        assert f'href="/documents/orders/{order.number}/{kind}.pdf"' in console.text
    assert client.get(f"/documents/orders/{order.number}/receipt.pdf").status_code == 200

    client.logout()
    assert client.get(f"/documents/orders/{order.number}/report.pdf").status_code == 302
