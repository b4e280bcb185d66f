"""Small shared checks used by the lifecycle services."""

from django.utils.translation import gettext as _

from fixloop.core.errors import ValidationFailed


def require_text(value: str | None, field: str) -> str:
    """A free-text field that must say something (a reason, findings…)."""
    text = (value or "").strip()
    if not text:
        raise ValidationFailed("field_required", _("This field is required."), {"field": field})
    return text
