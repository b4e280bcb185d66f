"""Quote pricing: who pays each line (warranty, goodwill or the customer), then tax, in exact Decimals."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.catalog.warranty import REASONS, explain, for_device
from fixloop.core.errors import ValidationFailed
from fixloop.organisation.models import Skill
from fixloop.parts.models import Part
from fixloop.workorders.choices import FaultCause
from fixloop.workorders.models import QuoteLine, WorkOrder

CENT = Decimal("0.01")
Kind, Payer = QuoteLine.Kind, QuoteLine.Payer


def money(value) -> Decimal:
    """A non-negative amount rounded half-up to the cent; anything else is a 422."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed(
            "invalid_amount", _("Amounts must be numbers."), {"value": str(value)}
        ) from exc
    if not amount.is_finite() or amount < 0:
        raise ValidationFailed("invalid_amount", _("Amounts must be zero or more."), {"value": str(value)})
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def setting(name: str) -> Decimal:
    return Decimal(str(settings.FIXLOOP[name]))


@dataclass(frozen=True)
class Coverage:
    """Whether the warranty pays for this repair, and the reason shown to the customer."""

    covered: bool
    note: str


def coverage(order: WorkOrder, cause: str) -> Coverage:
    """The device's warranty today (catalog.warranty); external damage voids it, whatever the dates."""
    if order.device_id is not None:
        decision = for_device(order.device, today=timezone.localdate())
        covered, reason, until = decision.covered, decision.reason, decision.until
    else:
        covered = order.warranty_status in ("in_warranty", "repair_warranty")
        reason, until = order.warranty_reason, order.warranty_until
    note = explain(reason, until) if reason in REASONS else ""
    if covered and cause == FaultCause.EXTERNAL_DAMAGE:
        return Coverage(
            False,
            _("External damage (drop, liquid, power surge) voids the warranty: the repair is chargeable."),
        )
    return Coverage(covered, note)


@dataclass
class PricedLine:
    kind: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit_cost: Decimal
    payer: str
    part: Part | None = None
    skill: Skill | None = None

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def customer_amount(self) -> Decimal:
        return self.amount if self.payer == Payer.CUSTOMER else Decimal("0.00")


@dataclass
class PricedOption:
    label: str
    lines: list[PricedLine]
    tax_rate: Decimal

    @property
    def subtotal(self) -> Decimal:
        return sum((line.customer_amount for line in self.lines), Decimal("0.00"))

    @property
    def tax(self) -> Decimal:
        return (self.subtotal * self.tax_rate).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax

    @property
    def covered(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.payer != Payer.CUSTOMER), Decimal("0.00"))

    @property
    def has_goodwill(self) -> bool:
        return any(line.payer == Payer.GOODWILL for line in self.lines)


def price_option(position: int, option: dict, cover: Coverage, tax_rate: Decimal) -> PricedOption:
    lines = option.get("lines") or []
    if not lines:
        raise ValidationFailed(
            "lines_required", _("Each option needs at least one line."), {"option": position}
        )
    label = (option.get("label") or "").strip()
    if not label:
        raise ValidationFailed(
            "required", _("This field is required."), {"field": "label", "option": position}
        )
    return PricedOption(label, [price_line(position, line, cover) for line in lines], tax_rate)


def price_line(position: int, line: dict, cover: Coverage) -> PricedLine:
    """Catalogue price for parts, the skill's rate for labour, the given price for fees."""
    kind = Kind(line.get("kind") or Kind.PART)
    quantity = money(line.get("quantity", 1))
    if quantity == 0:
        raise ValidationFailed(
            "invalid_amount", _("Quantities must be more than zero."), {"option": position}
        )
    part = _part(line.get("part_id"), position) if kind == Kind.PART else None
    skill = _skill(line.get("skill_id"), position) if kind == Kind.LABOUR else None
    if part is not None:
        unit_price, unit_cost, default_text = part.price, part.unit_cost, part.name
    elif skill is not None:
        unit_price, unit_cost, default_text = skill.labour_rate, skill.internal_rate, skill.name
    else:
        if line.get("unit_price") in (None, ""):
            raise ValidationFailed(
                "price_required", _("Give a price, or pick a catalogue part or a skill."),
                {"field": "unit_price", "option": position},
            )  # fmt: skip
        unit_price = money(line["unit_price"])
        # Without a catalogue entry the company's cost is the price (parts), its labour rate, or nothing.
        unit_cost = {Kind.LABOUR: setting("LABOUR_COST_RATE"), Kind.INSPECTION: Decimal("0.00")}.get(
            kind, unit_price
        )
        default_text = ""
    description = (line.get("description") or "").strip() or default_text
    if not description:
        raise ValidationFailed(
            "required", _("This field is required."), {"field": "description", "option": position}
        )
    return PricedLine(
        kind, description[:200], quantity, unit_price, unit_cost, _payer(line, cover), part=part, skill=skill
    )


def _payer(line: dict, cover: Coverage) -> str:
    if line.get("free_of_charge"):
        return Payer.GOODWILL
    if cover.covered and not line.get("chargeable"):
        return Payer.WARRANTY
    return Payer.CUSTOMER


def _part(part_id, position: int) -> Part | None:
    if part_id in (None, ""):
        return None
    part = Part.objects.filter(pk=part_id, active=True).first()
    if part is None:
        raise ValidationFailed(
            "part_not_found",
            _("That part is not in the catalogue."),
            {"field": "part_id", "option": position},
        )
    return part


def _skill(skill_id, position: int) -> Skill | None:
    if skill_id in (None, ""):
        return None
    skill = Skill.objects.filter(pk=skill_id).first()
    if skill is None:
        raise ValidationFailed(
            "skill_not_found", _("That skill does not exist."), {"field": "skill_id", "option": position}
        )
    return skill


def internal_reasons(options: list[PricedOption]) -> list[str]:
    """Why a manager must approve before the customer sees the quote (empty: no need)."""
    reasons = []
    if any(o.total > setting("QUOTE_INTERNAL_APPROVAL_ABOVE") for o in options):
        reasons.append("above_threshold")
    if any(o.has_goodwill for o in options):
        reasons.append("free_of_charge")
    return reasons
