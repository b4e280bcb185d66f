"""Bench records: category QC checklists, hand-over receipts, replaced parts, repair warranty, repeat repairs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.catalog.models import Device
from fixloop.core.errors import ValidationFailed
from fixloop.testing.world import intake, new_order
from fixloop.workorders import services
from fixloop.workorders.models import (
    Attachment,
    Handover,
    QcChecklistItem,
    QCRecord,
    ReplacedPart,
    WorkOrder,
    WorkOrderEvent,
)
from fixloop.workorders.services.budgets import repeat_repairs
from fixloop.workorders.states import Action, State
from fixloop.workorders.tests import factories
from fixloop.workorders.tests.helpers import advance, run

A = Action
FREE_REPAIR = [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.START_REPAIR, A.SUBMIT_QC]


def photo(order, name="p.png") -> Attachment:
    return Attachment.objects.create(
        order=order,
        file=ContentFile(b"\x89PNG fake", name=name),
        original_name=name,
        content_type="image/png",
        size=9,
    )


@pytest.fixture
def phone_checklist(world):
    QcChecklistItem.objects.create(category=world.phones, position=1, label="开机 Power on")
    QcChecklistItem.objects.create(
        category=world.phones, position=2, label="充电电流 Charging current", unit="A",
        min_value=Decimal("1.0"), max_value=Decimal("2.5"),
    )  # fmt: skip


def checklist(current="1.8", passed=True):
    return [
        {"item": "开机 Power on", "passed": True},
        {"item": "充电电流 Charging current", "passed": passed, "value": current},
    ]


@pytest.mark.parametrize(
    "items,code",
    [
        ([{"item": "开机 Power on", "passed": True}], "qc_item_missing"),
        (checklist(current=""), "qc_value_required"),
        (checklist(current="3.1"), "qc_items_failed"),  # out of range fails whatever the box says
        (checklist(current="abc"), "qc_items_failed"),
    ],
)
def test_category_checklist_is_enforced(world, phone_checklist, items, code):
    order = run(world, new_order(world), FREE_REPAIR)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, order, A.PASS_QC, checklist=items)
    assert refused.value.code == code
    order.refresh_from_db()
    assert order.state == State.QC and not QCRecord.objects.exists()


def test_passed_qc_keeps_measurements_and_photos(world, phone_checklist):
    order = run(world, new_order(world), FREE_REPAIR)
    shot = photo(order)
    order = advance(world, order, A.PASS_QC, checklist=checklist(), photo_ids=[shot.pk])
    record = QCRecord.objects.get(order=order)
    assert order.state == State.READY and record.passed
    assert record.checklist[1] == {
        "item": "充电电流 Charging current",
        "passed": True,
        "value": "1.8",
        "unit": "A",
    }
    assert list(record.photos.all()) == [shot]


def test_failed_qc_goes_back_to_repair_as_rework(world, phone_checklist):
    order = run(world, new_order(world), FREE_REPAIR)
    order = advance(world, order, A.FAIL_QC, checklist=checklist(current="0.4"), notes="充电电流偏低")
    assert (order.state, order.rework_count) == (State.REPAIRING, 1)
    assert QCRecord.objects.get(order=order).checklist[1]["passed"] is False


def test_photos_from_another_order_are_refused(world):
    other = new_order(world, serial="SN-OTHER-1")
    order = run(world, new_order(world), FREE_REPAIR)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, order, A.PASS_QC, photo_ids=[photo(other).pk])
    assert refused.value.code == "photo_not_found"


def test_handover_receipts_at_receipt_and_return(world):
    order = run(world, new_order(world), [A.TRIAGE, A.ASSIGN])
    order = advance(world, order, A.RECEIVE_DEVICE, staff_signature="data:image/png;base64,AAA=")
    receipt = Handover.objects.get(order=order, kind="receipt")
    assert (receipt.accessories, receipt.condition, receipt.customer_signer_name) == (
        "充电线 / Charger", "外壳轻微划痕 / Light scratches", "张伟",
    )  # fmt: skip
    assert receipt.staff == world.users[Role.ENGINEER] and receipt.staff_signature.startswith(
        "data:image/png"
    )
    order = run(world, order, [A.START_REPAIR, A.SUBMIT_QC, A.PASS_QC])
    order = advance(world, order, A.HAND_BACK, photo_ids=[photo(order).pk])
    returned = Handover.objects.get(order=order, kind="return")
    assert returned.photos.count() == 1 and returned.condition == "与送修时一致 / As received"


def test_replaced_parts_carry_serials_and_default_to_the_approved_quote(world):
    part = factories.part()
    order = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])
    options = [{"label": "换电池", "lines": [{"kind": "part", "part_id": part.pk}]}]
    order = run(world, advance(world, order, A.QUOTE, options=options), [A.APPROVE])
    order = advance(world, order, A.SUBMIT_QC)
    fitted = ReplacedPart.objects.get(order=order)
    assert (fitted.part, fitted.unit_cost, fitted.warranty_days, fitted.serial) == (
        part,
        Decimal("60.00"),
        180,
        "",
    )

    order = advance(world, order, A.FAIL_QC)
    order = advance(world, order, A.SUBMIT_QC, parts_replaced=[{"part_id": part.pk, "serial": "BAT-SN-778"}])
    assert list(ReplacedPart.objects.filter(order=order).values_list("serial", flat=True)) == ["BAT-SN-778"]


def test_acceptance_starts_the_longest_repair_warranty(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "REPAIR_WARRANTY_DAYS": 90}
    part = factories.part(warranty_days=180)
    order = run(world, new_order(world), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.START_REPAIR])
    order = advance(world, order, A.SUBMIT_QC, parts_replaced=[{"part_id": part.pk, "serial": "S1"}])
    order = run(world, order, [A.PASS_QC, A.HAND_BACK, A.ACCEPT])
    device = Device.objects.get(pk=order.device_id)
    assert device.repair_warranty_until == timezone.localdate() + dt.timedelta(days=180)
    assert device.repair_warranty_order_id == order.pk


def test_a_new_order_inside_the_repair_warranty_is_a_free_linked_repeat_repair(world):
    first = run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.QUOTE])
    first = run(world, first, [A.APPROVE, A.SUBMIT_QC, A.PASS_QC, A.HAND_BACK, A.ACCEPT, A.CLOSE])
    again, _created = services.create_order(
        actor=world.actor(Role.AGENT), intake=intake(world, in_warranty=False)
    )
    assert (again.rework_of_id, again.warranty_status) == (first.pk, "repair_warranty")
    created = WorkOrderEvent.objects.get(order=again, action="create")
    assert created.payload["repeat_repair_of"] == first.pk
    # Free: the repair warranty lets the engineer repair without a quote.
    again = run(world, again, [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE, A.START_REPAIR])
    assert again.state == State.REPAIRING
    # Counted against the engineer and the model of the first repair.
    repeats = WorkOrder.objects.filter(
        rework_of__assignee=world.engineer, rework_of__product_model=world.phone_model
    )
    assert list(repeats) == [again]
    counted = repeat_repairs(timezone.localdate())
    model = world.phone_model
    assert counted == {
        "engineers": [{"name": world.engineer.user.username, "count": 1}],
        "models": [{"name": f"{model.brand} {model.code}", "count": 1}],
    }


def test_an_order_outside_the_repair_warranty_is_not_linked(world):
    device_order = new_order(world, in_warranty=False)
    Device.objects.filter(pk=device_order.device_id).update(
        repair_warranty_until=timezone.localdate() - dt.timedelta(days=1), repair_warranty_order=device_order
    )
    later, _created = services.create_order(
        actor=world.actor(Role.AGENT), intake=intake(world, in_warranty=False)
    )
    assert later.rework_of_id is None and later.warranty_status == "out_of_warranty"
