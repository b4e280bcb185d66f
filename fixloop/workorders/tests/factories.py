"""Catalogue rows the quote and bench tests price against."""

from decimal import Decimal

from fixloop.organisation.models import Skill
from fixloop.parts.models import Part


def part(number: str = "BAT-P30", **fields) -> Part:
    values = {
        "name": "电池 P30",
        "unit_cost": Decimal("60.00"),
        "price": Decimal("150.00"),
        "warranty_days": 180,
    }
    return Part.objects.create(number=number, **{**values, **fields})


def skill(code: str = "board-repair", **fields) -> Skill:
    values = {"name": "主板维修", "labour_rate": Decimal("120.00"), "internal_rate": Decimal("70.00")}
    return Skill.objects.update_or_create(code=code, defaults={**values, **fields})[0]
