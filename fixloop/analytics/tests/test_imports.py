"""Imports: the dry run lists every bad row and writes nothing; a clean file is written whole."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fixloop.analytics.imports import run_import
from fixloop.catalog.models import Device
from fixloop.customers.models import Customer
from fixloop.testing.world import PASSWORD

pytestmark = pytest.mark.django_db

CUSTOMERS = "name,phone,email,tier\n王芳,13700000001,wf@example.com,vip\n赵强,13700000002,,standard\n"
BAD_CUSTOMERS = "name,phone,email,tier\n王芳,13700000001,not-an-email,vip\n,13700000002,,gold\n刘洋,13700000001,,standard\n"


def test_dry_run_reports_every_bad_row_and_writes_nothing(world):
    result = run_import("customers", BAD_CUSTOMERS.encode(), "csv", commit=True)
    assert not result.committed and Customer.objects.filter(phone__startswith="137").count() == 0
    found = {(e.row, e.field) for e in result.errors}
    assert found == {(2, "email"), (3, "name"), (3, "tier"), (4, "phone")}  # row 4 repeats row 2's phone


def test_clean_file_is_checked_then_written_and_updates_by_key(world):
    check = run_import("customers", CUSTOMERS.encode(), "csv", commit=False)
    assert (
        check.ok
        and (check.created, check.updated) == (2, 0)
        and not Customer.objects.filter(phone="13700000001").exists()
    )
    done = run_import("customers", CUSTOMERS.encode(), "csv", commit=True)
    assert done.committed and Customer.objects.get(phone="13700000001").tier == "vip"
    again = run_import("customers", CUSTOMERS.replace("vip", "contract").encode(), "csv", commit=True)
    assert (again.created, again.updated) == (0, 2) and Customer.objects.get(
        phone="13700000001"
    ).tier == "contract"


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_devices_from_xlsx_with_references(world):
    content = _xlsx([
        ["serial", "model", "owner", "purchase_date"],
        ["SN-IMP-1", "HX-P60", world.customer.phone, "2025-03-01"],
        ["SN-IMP-2", "NO-SUCH", "", "2999-01-01"],
    ])  # fmt: skip
    result = run_import("devices", content, "xlsx", commit=True)
    assert {(e.row, e.field) for e in result.errors} == {(3, "model"), (3, "purchase_date")}
    assert not Device.objects.filter(serial__startswith="SN-IMP").exists()
    fixed = run_import("devices", _xlsx([["serial", "model", "owner", "purchase_date"],
                                         ["SN-IMP-1", "HX-P60", world.customer.phone, "2025-03-01"]]), "xlsx", commit=True)  # fmt: skip
    assert fixed.committed and Device.objects.get(serial="SN-IMP-1").owner == world.customer


def test_import_page_for_managers(client, world):
    assert client.login(username="manager", password=PASSWORD)
    upload = SimpleUploadedFile("c.csv", BAD_CUSTOMERS.encode(), content_type="text/csv")
    page = client.post("/analytics/import/", {"kind": "customers", "file": upload, "mode": "commit"})
    assert page.status_code == 200 and "<td>4</td><td>phone</td>" in page.content.decode()
    assert not Customer.objects.filter(phone__startswith="137").exists()
    wrong = client.post(
        "/analytics/import/", {"kind": "customers", "file": SimpleUploadedFile("c.pdf", b"x")}
    )
    assert 'class="error"' in wrong.content.decode()
    client.logout()
    assert client.login(username="agent", password=PASSWORD)
    assert client.get("/analytics/import/").status_code == 302
