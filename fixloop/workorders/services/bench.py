"""Bench records written with the lifecycle: hand-over receipts, QC checklists, replaced parts, repair warranty."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from fixloop.accounts.actor import Actor
from fixloop.core.errors import ValidationFailed
from fixloop.parts.models import Part
from fixloop.workorders.models import (
    Attachment,
    Handover,
    QcChecklistItem,
    QCRecord,
    QuoteApproval,
    ReplacedPart,
    WorkOrder,
)
from fixloop.workorders.services.guards import require_text
from fixloop.workorders.services.pricing import money


def order_photos(order: WorkOrder, photo_ids: list[int] | None) -> list[Attachment]:
    """Photos must be attachments of this very order (an id from another order is refused)."""
    ids = sorted(set(photo_ids or []))
    photos = list(Attachment.objects.filter(order=order, pk__in=ids))
    if len(photos) != len(ids):
        raise ValidationFailed(
            "photo_not_found", _("A photo does not belong to this order."), {"field": "photo_ids"}
        )
    return photos


def record_handover(
    actor: Actor,
    order: WorkOrder,
    kind: str,
    *,
    accessories: str = "",
    condition: str = "",
    photo_ids: list[int] | None = None,
    customer_signer_name: str = "",
    customer_signature: str = "",
    staff_signature: str = "",
) -> Handover:
    """The hand-over receipt (交接单): what changed hands, in what state, signed by staff and customer."""
    photos = order_photos(order, photo_ids)
    handover = Handover.objects.create(
        order=order, kind=kind, accessories=accessories.strip(), condition=condition.strip(),
        staff=actor.user, staff_signature=staff_signature, customer_signer_name=customer_signer_name.strip(),
        customer_signature=customer_signature,
    )  # fmt: skip
    handover.photos.set(photos)
    return handover


def checklist_items(order: WorkOrder) -> list[QcChecklistItem]:
    """The product category's QC checklist (empty: the bench's generic list applies)."""
    model = order.product_model
    if model is None:
        return []
    return list(QcChecklistItem.objects.filter(category_id=model.category_id))


def _in_range(item: QcChecklistItem, value: str) -> bool:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return False
    if not number.is_finite():
        return False
    return (item.min_value is None or number >= item.min_value) and (
        item.max_value is None or number <= item.max_value
    )


def checked_list(order: WorkOrder, items: list[dict]) -> list[dict]:
    """Normalise the checklist; the category's checks must all be there and measured values in range."""
    if not items:
        raise ValidationFailed("checklist_required", _("Record the QC checklist."), {"field": "checklist"})
    rows = {}
    for i in items:
        label = require_text(i.get("item"), "checklist.item")
        rows[label] = {
            "item": label,
            "passed": bool(i.get("passed")),
            "value": str(i.get("value") or "").strip(),
        }
    for template in checklist_items(order):
        row = rows.get(template.label)
        if row is None:
            raise ValidationFailed(
                "qc_item_missing", _("The checklist misses “{item}”.").format(item=template.label),
                {"field": "checklist", "item": template.label},
            )  # fmt: skip
        if template.measured:
            if not row["value"]:
                raise ValidationFailed(
                    "qc_value_required", _("Measure “{item}”.").format(item=template.label),
                    {"field": "checklist", "item": template.label},
                )  # fmt: skip
            # A value outside the range fails the item whatever the box says.
            row["passed"] = row["passed"] and _in_range(template, row["value"])
            row["unit"] = template.unit
    return list(rows.values())


def save_qc(
    actor: Actor, order: WorkOrder, items: list[dict], notes: str, photo_ids, passed: bool
) -> QCRecord:
    record = QCRecord.objects.create(
        order=order, inspector=actor.user, passed=passed, checklist=items, notes=notes
    )
    record.photos.set(order_photos(order, photo_ids))
    return record


def record_replaced_parts(order: WorkOrder, parts: list[dict]) -> list[ReplacedPart]:
    """The parts fitted, with serials; without a list, the approved option's part lines."""
    if not parts:
        parts = _approved_part_lines(order)
    rows = []
    for row in parts:
        part = Part.objects.filter(pk=row["part_id"]).first() if row.get("part_id") else None
        if row.get("part_id") and part is None:
            raise ValidationFailed(
                "part_not_found", _("That part is not in the catalogue."), {"field": "parts_replaced"}
            )
        description = (row.get("description") or "").strip() or (part.name if part else "")
        rows.append(
            ReplacedPart(
                order=order,
                part=part,
                description=require_text(description, "parts_replaced")[:200],
                quantity=money(row.get("quantity") or 1),
                serial=(row.get("serial") or "").strip()[:80],
                unit_cost=part.unit_cost if part else money(row.get("unit_cost") or 0),
                warranty_days=part.warranty_days if part else settings.FIXLOOP["REPAIR_WARRANTY_DAYS"],
            )  # fmt: skip
        )
    order.replaced_parts.all().delete()  # a resubmission after rework replaces the list
    return ReplacedPart.objects.bulk_create(rows)


def _approved_part_lines(order: WorkOrder) -> list[dict]:
    approval = approved_option(order)
    if approval is None:
        return []
    return [
        {
            "part_id": line.part_id,
            "description": line.description,
            "quantity": line.quantity,
            "unit_cost": line.unit_cost,
        }
        for line in approval.option.lines.all()
        if line.kind == "part"
    ]


def approved_option(order: WorkOrder) -> QuoteApproval | None:
    return (
        QuoteApproval.objects.filter(quote__order=order, decision=QuoteApproval.Decision.APPROVED)
        .select_related("option", "quote")
        .order_by("-id")
        .first()
    )


def repair_warranty_days(order: WorkOrder) -> int:
    """The work carries the configured warranty; a replaced part with a longer one extends it."""
    days = [settings.FIXLOOP["REPAIR_WARRANTY_DAYS"]]
    days += list(order.replaced_parts.values_list("warranty_days", flat=True))
    return max(days)
