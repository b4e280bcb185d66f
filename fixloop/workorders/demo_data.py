"""Demo: labour rates per skill, QC checklists per product category, this month's budgets (idempotent)."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.catalog.models import ProductCategory
from fixloop.organisation.models import ServicePoint, Skill
from fixloop.workorders.models import Budget, QcChecklistItem

MONTHLY_BUDGET = Decimal("20000.00")

# skill code -> (customer rate per hour, internal cost per hour)
RATES = {
    "phone-board": ("150", "90"),
    "phone-screen": ("80", "50"),
    "laptop": ("120", "75"),
    "appliance-install": ("100", "60"),
    "printer": ("90", "55"),
}
# category -> [(check, unit, min, max)]
CHECKLISTS = {
    "phone": [
        ("开机自检", "", None, None),
        ("充电电流", "A", "1.0", "2.5"),
        ("屏幕触控", "", None, None),
        ("通话与网络", "", None, None),
        ("外观无新增划痕", "", None, None),
    ],
    "laptop": [
        ("开机自检", "", None, None),
        ("电池健康度", "%", "80", "100"),
        ("键盘与触控板", "", None, None),
    ],
    "washer": [("进水排水", "", None, None), ("脱水转速", "rpm", "800", "1400"), ("无渗漏", "", None, None)],
    "aircon": [("制冷运行", "", None, None), ("出风口温度", "°C", "8", "16"), ("外机噪音", "", None, None)],
    "printer": [("打印测试页", "", None, None), ("卡纸检测", "", None, None)],
}


def load() -> str | None:
    for code, (rate, internal) in RATES.items():
        Skill.objects.filter(code=code).update(labour_rate=Decimal(rate), internal_rate=Decimal(internal))
    created = 0
    for category in ProductCategory.objects.filter(code__in=CHECKLISTS):
        for position, (label, unit, low, high) in enumerate(CHECKLISTS[category.code], start=1):
            _item, new = QcChecklistItem.objects.get_or_create(
                category=category,
                label=label,
                defaults={
                    "position": position,
                    "unit": unit,
                    "min_value": Decimal(low) if low else None,
                    "max_value": Decimal(high) if high else None,
                },
            )
            created += new
    month = timezone.localdate().replace(day=1)
    for point in ServicePoint.objects.filter(is_active=True):
        Budget.objects.get_or_create(service_point=point, month=month, defaults={"amount": MONTHLY_BUDGET})
    return _(
        "Quality checklist: {items} items; labour rates and this month's service-point budgets set."
    ).format(items=created)
