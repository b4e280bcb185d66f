"""Imports: the dry run lists every bad row and writes nothing; a clean file is written whole."""

import datetime as dt
import io
from importlib import import_module

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fixloop.analytics.imports import run_import
from fixloop.catalog.models import Device
from fixloop.customers.models import Customer
from fixloop.testing.world import PASSWORD, new_order
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.selectors import lifecycle_orders

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


ORDERS_HEADER = [
    "number", "kind", "channel", "service_mode", "customer", "product_model", "service_point",
    "engineer", "symptoms", "fault_category", "created_at", "resolved_at", "closed_at",
]  # fmt: skip


def _order_row(number, **over):
    row = {
        "number": number, "kind": "repair", "channel": "hotline", "service_mode": "carry_in",
        "customer": "13800001234", "product_model": "HX-P60", "service_point": "sh-xuhui",
        "engineer": "engineer", "symptoms": "无法开机", "fault_category": "power",
        "created_at": dt.datetime(2025, 3, 1, 9), "resolved_at": dt.datetime(2025, 3, 3, 17),
        "closed_at": dt.datetime(2025, 3, 4, 10),
    }  # fmt: skip
    row.update(over)
    return [row[h] for h in ORDERS_HEADER]


def test_historical_orders_dry_run_then_written_closed_with_their_dates(world):
    bad = _xlsx([
        ORDERS_HEADER,
        _order_row("H-1"),
        _order_row("H-2", customer="19999999999", engineer="nobody"),
        _order_row("H-3", closed_at=dt.datetime(2025, 2, 1), channel="fax"),
        _order_row("H-1"),
        _order_row("H-5", closed_at=dt.datetime(2999, 1, 1), symptoms=""),
    ])  # fmt: skip
    result = run_import("orders", bad, "xlsx", commit=True)
    assert {(e.row, e.field) for e in result.errors} == {
        (3, "customer"), (3, "engineer"), (4, "channel"), (4, "closed_at"),
        (5, "number"), (6, "closed_at"), (6, "symptoms"),
    }  # fmt: skip
    assert not result.committed and not WorkOrder.objects.filter(number__startswith="H-").exists()

    good = _xlsx([ORDERS_HEADER, _order_row("H-1"), _order_row("H-2", resolved_at="", engineer="")])
    assert run_import("orders", good, "xlsx", commit=False).ok
    assert not WorkOrder.objects.filter(number__startswith="H-").exists()
    done = run_import("orders", good, "xlsx", commit=True)
    assert done.committed and done.created == 2
    one = WorkOrder.objects.get(number="H-1")
    assert (one.state, one.customer, one.assignee, one.contact_name) == (
        "closed",
        world.customer,
        world.engineer,
        world.customer.name,
    )
    assert timezone.localtime(one.created_at) == timezone.make_aware(dt.datetime(2025, 3, 1, 9))
    assert WorkOrder.objects.get(number="H-2").resolved_at == WorkOrder.objects.get(number="H-2").closed_at
    again = run_import("orders", good, "xlsx", commit=False)  # numbers taken: nothing is overwritten
    assert {e.field for e in again.errors} == {"number"}


def test_imported_orders_are_flagged_and_kept_out_of_the_lifecycle(world):
    live = new_order(world)
    assert run_import("orders", _xlsx([ORDERS_HEADER, _order_row("H-1")]), "xlsx", commit=True).committed
    assert WorkOrder.objects.get(number="H-1").imported and not live.imported
    assert list(lifecycle_orders()) == [live]


def test_the_migration_flags_the_history_already_imported_by_its_missing_events(world):
    live = new_order(world)
    run_import("orders", _xlsx([ORDERS_HEADER, _order_row("H-1")]), "xlsx", commit=True)
    WorkOrder.objects.update(imported=False)  # as the rows stood before the flag existed
    import_module("fixloop.workorders.migrations.0007_workorder_imported").mark_imported(apps, None)
    assert set(WorkOrder.objects.filter(imported=True).values_list("number", flat=True)) == {"H-1"}
    assert not WorkOrder.objects.get(pk=live.pk).imported


def test_historical_orders_keep_their_priority_normal_if_empty(world):
    header = [*ORDERS_HEADER, "priority"]

    def row(number, priority):
        return [*_order_row(number), priority]

    bad = run_import("orders", _xlsx([header, row("P-1", "panic")]), "xlsx", commit=True)
    assert [(e.row, e.field) for e in bad.errors] == [(2, "priority")]
    done = run_import("orders", _xlsx([header, row("P-1", "high"), row("P-2", "")]), "xlsx", commit=True)
    assert done.committed
    assert dict(WorkOrder.objects.filter(number__startswith="P-").values_list("number", "priority")) == {
        "P-1": "high",
        "P-2": "normal",
    }


def test_historical_orders_from_csv_count_in_the_kpis(world):
    from fixloop.analytics import kpis
    from fixloop.analytics.filters import Filters

    content = (
        ",".join(ORDERS_HEADER) + "\n"
        "H-9,repair,web,carry_in,13800001234,HX-P60,sh-xuhui,engineer,屏幕花屏,screen,"
        "2025-05-02 08:00,2025-05-03 08:00,2025-05-04 08:00\n"
    )
    assert run_import("orders", content.encode(), "csv", commit=True).committed
    may = Filters(start=dt.date(2025, 5, 1), end=dt.date(2025, 6, 1))
    assert kpis.time_to_repair(may) == {"resolved": 1, "mean_hours": 24.0, "p90_hours": 24.0}


def test_a_reference_matching_two_records_is_a_row_error(world):
    from fixloop.catalog.models import ProductModel

    model = ProductModel.objects.get(code="HX-P60")
    ProductModel.objects.create(category=model.category, brand="Other", code="HX-P60", name="P60 clone")
    result = run_import("devices", b"serial,model\nSN-AMB-1,HX-P60\n", "csv", commit=True)
    assert [(e.row, e.field) for e in result.errors] == [(2, "model")] and "HX-P60" in result.errors[
        0
    ].message
    assert not Device.objects.filter(serial="SN-AMB-1").exists()
