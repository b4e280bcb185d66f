"""Quotes: catalogue and skill pricing, tax in Decimal, warranty per line, internal approval, decisions."""

from decimal import Decimal

import pytest
from django.utils import translation

from fixloop.accounts.roles import Role
from fixloop.core.errors import Conflict, Forbidden, ValidationFailed
from fixloop.core.models import OutboxMessage
from fixloop.testing.world import new_order
from fixloop.workorders.models import DataConsent, Diagnosis, Quote, QuoteApproval, WorkOrderEvent
from fixloop.workorders.services.quotes import approve_internally
from fixloop.workorders.states import Action, State
from fixloop.workorders.tests import factories
from fixloop.workorders.tests.helpers import advance, run

A = Action
TO_QUOTE = [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE]


def snapshot(order):
    order.refresh_from_db()
    return (
        order.state, order.version, WorkOrderEvent.objects.filter(order=order).count(),
        OutboxMessage.objects.count(), QuoteApproval.objects.count(), Quote.objects.count(),
    )  # fmt: skip


def bench_order(world, in_warranty=False):
    serial = f"SN-Q-{in_warranty:d}-{Quote.objects.count()}-{OutboxMessage.objects.count()}"
    return run(world, new_order(world, in_warranty=in_warranty, serial=serial), TO_QUOTE)


def priced_options(catalogue_part, skill, **flags):
    """One option with a catalogue part, skilled labour, a transport and an inspection fee."""
    return [
        {
            "label": "更换电池",
            "lines": [
                {"kind": "part", "part_id": catalogue_part.pk, "quantity": "2", **flags.get("part", {})},
                {"kind": "labour", "skill_id": skill.pk, "quantity": "1.5"},
                {"kind": "transport", "description": "上门费", "unit_price": "30"},
                {
                    "kind": "inspection",
                    "description": "检测费",
                    "unit_price": "50",
                    **flags.get("inspection", {}),
                },
            ],
        }
    ]


def test_catalogue_prices_skill_rates_and_tax_are_exact(world):
    part, skill = factories.part(), factories.skill()
    order = advance(world, bench_order(world), A.QUOTE, options=priced_options(part, skill), tax_rate="0.13")
    option = Quote.objects.get(order=order).options.get()
    lines = list(option.lines.order_by("id"))
    assert [(li.unit_price, li.amount, li.unit_cost, li.payer) for li in lines] == [
        (Decimal("150.00"), Decimal("300.00"), Decimal("60.00"), "customer"),
        (Decimal("120.00"), Decimal("180.00"), Decimal("70.00"), "customer"),
        (Decimal("30.00"), Decimal("30.00"), Decimal("30.00"), "customer"),
        (Decimal("50.00"), Decimal("50.00"), Decimal("0.00"), "customer"),
    ]
    assert (lines[0].part, lines[0].quantity, lines[0].description) == (part, Decimal("2.00"), "电池 P30")
    # 560.00 × 0.13 = 72.80
    assert (option.subtotal, option.tax, option.total, option.covered) == (
        Decimal("560.00"), Decimal("72.80"), Decimal("632.80"), Decimal("0.00"),
    )  # fmt: skip


def test_tax_rounds_half_up_to_the_cent(world):
    options = [{"label": "修", "lines": [{"kind": "part", "description": "排线", "unit_price": "10.05"}]}]
    order = advance(world, bench_order(world), A.QUOTE, options=options, tax_rate="0.05")
    option = Quote.objects.get(order=order).options.get()
    assert (option.tax, option.total) == (Decimal("0.50"), Decimal("10.55"))  # 0.5025 -> 0.50


def test_warranty_pays_line_by_line(world):
    part, skill = factories.part(), factories.skill()
    options = priced_options(part, skill, inspection={"chargeable": True})
    with translation.override("en"):
        order = advance(
            world, bench_order(world, in_warranty=True), A.QUOTE, options=options, tax_rate="0.10"
        )
    quote = Quote.objects.get(order=order)
    option = quote.options.get()
    assert [(li.payer, li.customer_amount) for li in option.lines.order_by("id")] == [
        ("warranty", Decimal("0.00")),
        ("warranty", Decimal("0.00")),
        ("warranty", Decimal("0.00")),
        ("customer", Decimal("50.00")),
    ]
    assert (option.subtotal, option.tax, option.total, option.covered) == (
        Decimal("50.00"), Decimal("5.00"), Decimal("55.00"), Decimal("510.00"),
    )  # fmt: skip
    assert quote.warranty_note.startswith("Factory warranty until")


def test_external_damage_voids_the_warranty_with_the_reason_shown(world):
    part, skill = factories.part(), factories.skill()
    order = bench_order(world, in_warranty=True)
    with translation.override("en"):
        order = advance(world, order, A.QUOTE, cause="external_damage", options=priced_options(part, skill))
    quote = Quote.objects.get(order=order)
    assert set(quote.options.get().lines.values_list("payer", flat=True)) == {"customer"}
    assert "External damage" in quote.warranty_note and "voids the warranty" in quote.warranty_note
    # And no free repair either.
    other = bench_order(world, in_warranty=True)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, other, A.START_REPAIR, cause="external_damage")
    assert refused.value.code == "quote_required"


def test_diagnosis_record_is_complete(world):
    order = advance(
        world, bench_order(world), A.QUOTE, fault_point="尾插", damage_extent="minor", feasibility="repairable",
        parts_needed="尾插排线 ×1", labour_hours="0.75", touches_data=True, data_safety_note="不读取用户数据，先备份",
    )  # fmt: skip
    found = Diagnosis.objects.get(order=order)
    assert (found.fault_point, found.damage_extent, found.labour_hours, found.touches_data) == (
        "尾插", "minor", Decimal("0.75"), True,
    )  # fmt: skip
    assert found.data_safety_note == "不读取用户数据，先备份" and found.parts_needed == "尾插排线 ×1"


@pytest.mark.parametrize(
    "overrides,code",
    [
        ({"options": [{"label": "修", "lines": [{"kind": "part", "part_id": 999999}]}]}, "part_not_found"),
        (
            {"options": [{"label": "修", "lines": [{"kind": "labour", "skill_id": 999999}]}]},
            "skill_not_found",
        ),
        (
            {"options": [{"label": "修", "lines": [{"kind": "transport", "description": "上门"}]}]},
            "price_required",
        ),
        (
            {"options": [{"label": "修", "lines": [{"description": "x", "unit_price": "-1"}]}]},
            "invalid_amount",
        ),
        ({"touches_data": True, "data_safety_note": ""}, "data_safety_note_required"),
    ],
)
def test_bad_quotes_are_refused_and_change_nothing(world, overrides, code):
    order = bench_order(world)
    before = snapshot(order)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, order, A.QUOTE, **overrides)
    assert refused.value.code == code
    assert snapshot(order) == before and not Diagnosis.objects.filter(order=order).exists()


def test_quote_above_the_threshold_waits_for_a_manager(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "QUOTE_INTERNAL_APPROVAL_ABOVE": "1000"}
    order = advance(world, bench_order(world), A.QUOTE)  # 1151.47 with tax
    quote = Quote.objects.get(order=order)
    assert (quote.status, quote.internal_reasons) == ("internal", ["above_threshold"])

    before = snapshot(order)
    with pytest.raises(Conflict) as refused:
        advance(world, order, A.APPROVE)
    assert refused.value.code == "quote_awaiting_internal_approval"
    assert snapshot(order) == before

    with pytest.raises(Forbidden):
        approve_internally(actor=world.actor(Role.ENGINEER), number=order.number, quote_revision=1)
    released = approve_internally(actor=world.actor(Role.MANAGER), number=order.number, quote_revision=1)
    assert (released.status, released.internal_approved_by) == ("pending", world.users[Role.MANAGER])
    assert (
        WorkOrderEvent.objects.filter(order=order, action="approve_quote_internally", version=None).count()
        == 1
    )
    with pytest.raises(Conflict) as again:
        approve_internally(actor=world.actor(Role.MANAGER), number=order.number, quote_revision=1)
    assert again.value.code == "quote_not_held"

    order.refresh_from_db()
    assert advance(world, order, A.APPROVE).state == State.REPAIRING


def test_free_of_charge_exception_needs_a_manager(world):
    part, skill = factories.part(), factories.skill()
    options = priced_options(part, skill, part={"free_of_charge": True})
    order = advance(world, bench_order(world), A.QUOTE, options=options, tax_rate="0")
    quote = Quote.objects.get(order=order)
    option = quote.options.get()
    assert (quote.status, quote.internal_reasons) == ("internal", ["free_of_charge"])
    assert option.lines.get(kind="part").payer == "goodwill"
    assert (option.total, option.covered) == (Decimal("260.00"), Decimal("300.00"))


def test_reject_charges_the_policy_inspection_fee_out_of_warranty_only(world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "REJECT_INSPECTION_FEE": "68.00"}
    paid = advance(world, advance(world, bench_order(world), A.QUOTE), A.REJECT)
    assert paid.state == State.RETURNING
    assert QuoteApproval.objects.get(quote__order=paid).fee == Decimal("68.00")
    free = advance(world, advance(world, bench_order(world, in_warranty=True), A.QUOTE), A.REJECT)
    assert QuoteApproval.objects.get(quote__order=free).fee == Decimal("0.00")


def test_a_decided_revision_cannot_be_decided_again(world):
    order = advance(world, bench_order(world), A.QUOTE)
    stale_copy = type(order).objects.get(pk=order.pk)
    advance(world, order, A.APPROVE)
    with pytest.raises(Conflict):
        advance(world, stale_copy, A.REJECT)
    assert QuoteApproval.objects.filter(quote__order=order).count() == 1


def test_approval_keeps_time_ip_and_the_exact_revision(world):
    order = advance(world, bench_order(world), A.QUOTE)
    order = advance(world, order, A.QUOTE)
    order = advance(world, order, A.APPROVE, ip="203.0.113.9")
    approval = QuoteApproval.objects.get(quote__order=order)
    assert (approval.quote.revision, approval.ip_address, approval.signer_name) == (2, "203.0.113.9", "张伟")
    assert approval.signature.startswith("data:image/png;base64,") and approval.created_at is not None


def test_work_on_customer_data_needs_consent_first(world):
    note = {"touches_data": True, "data_safety_note": "先备份再刷机"}
    order = advance(world, bench_order(world), A.QUOTE, **note)
    before = snapshot(order)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, order, A.APPROVE)
    assert refused.value.code == "data_consent_required"
    assert snapshot(order) == before and not DataConsent.objects.exists()
    order = advance(world, order, A.APPROVE, data_consent=True, backup_made=True)
    consent = DataConsent.objects.get(order=order)
    assert (consent.given, consent.backup_made, consent.recorded_by) == (
        True,
        True,
        world.users[Role.CUSTOMER],
    )

    free = bench_order(world, in_warranty=True)
    with pytest.raises(ValidationFailed) as refused:
        advance(world, free, A.START_REPAIR, **note)
    assert refused.value.code == "data_consent_required"
    assert advance(world, free, A.START_REPAIR, data_consent=True, **note).state == State.REPAIRING


@pytest.mark.parametrize(
    "threshold,expected",
    [("260.00", []), ("259.99", ["above_threshold"])],
)
def test_internal_approval_starts_just_above_the_threshold(world, settings, threshold, expected):
    settings.FIXLOOP = {**settings.FIXLOOP, "QUOTE_INTERNAL_APPROVAL_ABOVE": threshold}
    options = [
        {"label": "更换电池", "lines": [{"kind": "part", "description": "电池", "unit_price": "230.09"}]}
    ]
    order = advance(world, bench_order(world), A.QUOTE, options=options, tax_rate="0.13")  # 230.09 × 1.13
    quote = Quote.objects.get(order=order)
    assert quote.options.get().total == Decimal("260.00")
    assert quote.internal_reasons == expected
    assert quote.status == ("internal" if expected else "pending")
