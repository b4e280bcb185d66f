"""The audit log as people read it: details as labelled "key: value" lines, targets by their name.

Entries store language-neutral codes (`{"channel": "web", "role": "agent"}`, "accounts.user" #8); the
page turns them into words in the viewer's language here. Unknown keys and values are shown as they
are, so nothing recorded is ever hidden.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fixloop.accounts.roles import Role

# Keys carry a context: the same English words mean other things elsewhere ("Action" is a corrective
# action in complaints).
DETAIL_KEYS = {
    "channel": pgettext_lazy("audit detail", "Channel"),
    "role": pgettext_lazy("audit detail", "Role"),
    "username": pgettext_lazy("audit detail", "User name"),
    "step": pgettext_lazy("audit detail", "Step"),
    "action": pgettext_lazy("audit detail", "Action"),
    "reverse": pgettext_lazy("audit detail", "From the other side"),
    "changes": pgettext_lazy("audit detail", "Changes"),
    "created": pgettext_lazy("audit detail", "New account"),
    "field": pgettext_lazy("audit detail", "Field"),
    "ids": pgettext_lazy("audit detail", "IDs"),
    "what": pgettext_lazy("audit detail", "What"),
    "orders": pgettext_lazy("audit detail", "Orders"),
    "request": pgettext_lazy("audit detail", "Deletion request"),
    "rows": pgettext_lazy("audit detail", "Rows"),
    "decision": pgettext_lazy("audit detail", "Decision"),
    "api_tokens_revoked": pgettext_lazy("audit detail", "API tokens revoked"),
    "is_active": pgettext_lazy("audit detail", "active"),
    "is_staff": pgettext_lazy("audit detail", "staff status"),
    "is_superuser": pgettext_lazy("audit detail", "superuser status"),
}
# Code values of particular keys ("role" values are the roles' labels).
DETAIL_VALUES = {
    "channel": {"web": _("Web"), "api": _("API")},
    "step": {"otp": _("authenticator code"), "link_sent": _("reset link sent"), "password_set": _("password set")},
    "action": {"enrolled": _("enrolled"), "removed": _("removed"), "add": _("added"), "remove": _("removed"),
               "clear": _("cleared")},
    "decision": {"rejected": _("rejected"), "withdrawn": _("withdrawn")},
    "what": {"personal_data": _("personal data")},
    "field": {"groups": _("groups"), "user_permissions": _("user permissions"), "permissions": _("permissions")},
}  # fmt: skip


def _key(name: str) -> str:
    return str(DETAIL_KEYS.get(name, name))


def _value(key: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if key == "role" and value in Role.values:
        return str(Role(value).label)
    if isinstance(value, str) and value in DETAIL_VALUES.get(key, {}):
        return str(DETAIL_VALUES[key][value])
    if isinstance(value, list):
        return ", ".join(_value(key, item) for item in value) or "—"
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            return f"{_value(key, value['from'])} → {_value(key, value['to'])}"
        return "; ".join(f"{_key(k)}: {_value(k, v)}" for k, v in value.items())
    return str(value)


def detail_lines(details) -> list[tuple[str, str]]:
    """(label, text) per recorded detail, in the order recorded."""
    if not isinstance(details, dict):
        return [("", str(details))] if details else []
    return [(_key(key), _value(key, value)) for key, value in details.items()]


@dataclass
class Target:
    label: str  # the user's name, the order's number, the customer's name, or the stored label
    kind: str  # the model's name in the viewer's language ("user"), or the stored type


def _names(model_label: str, ids: set[str]) -> dict[str, str]:
    """Current names of the targets of one type, in one query (types not listed here: none)."""
    if model_label == "accounts.user":
        User = apps.get_model("accounts", "User")
        return {str(u.pk): u.get_full_name() or u.get_username() for u in User.objects.filter(pk__in=ids)}
    if model_label == "customers.customer":
        rows = apps.get_model("customers", "Customer").objects.filter(pk__in=ids)
        return {str(pk): name for pk, name in rows.values_list("pk", "name") if name}
    if model_label == "workorders.workorder":
        rows = apps.get_model("workorders", "WorkOrder").objects.filter(pk__in=ids)
        return {str(pk): number for pk, number in rows.values_list("pk", "number")}
    return {}


def _kind(model_label: str) -> str:
    try:
        return str(apps.get_model(model_label)._meta.verbose_name)
    except (LookupError, ValueError):
        return model_label


def targets(entries) -> dict[int, Target]:
    """Target per entry id, with one query per target type on the page (not per entry)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.target_type and entry.target_id:
            wanted[entry.target_type].add(entry.target_id)
    names = {label: _names(label, ids) for label, ids in wanted.items() if ids}
    result = {}
    for entry in entries:
        if not entry.target_type:
            result[entry.pk] = Target(entry.target_label, "")
            continue
        name = names.get(entry.target_type, {}).get(entry.target_id)
        result[entry.pk] = Target(
            name or entry.target_label or f"#{entry.target_id}", _kind(entry.target_type)
        )
    return result
