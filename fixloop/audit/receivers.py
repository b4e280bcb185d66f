"""Signal receivers that write audit entries for sign-ins and for role and permission changes.

Signals are used here (and only for the audit trail) because these acts happen inside Django itself
(login, admin saves, m2m edits), where no fixloop service runs.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from simple_history.models import HistoricalRecords

from fixloop.accounts.roles import STAFF_ROLES
from fixloop.accounts.signals import token_issued
from fixloop.audit.models import Kind
from fixloop.audit.services import record

# The fields whose change is a change of what someone may do.
WATCHED_FIELDS = ("role", "is_active", "is_staff", "is_superuser")


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


def _current_actor():
    request = _current_request()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def on_logged_in(sender, request, user, **kwargs):
    record(
        Kind.LOGIN, actor=user, request=request, target=user, details={"channel": "web", "role": user.role}
    )


def on_token_issued(sender, request, user, **kwargs):
    record(
        Kind.LOGIN, actor=user, request=request, target=user, details={"channel": "api", "role": user.role}
    )


def on_logged_out(sender, request, user, **kwargs):
    if user is not None and getattr(user, "role", None) in STAFF_ROLES:
        record(Kind.LOGOUT, actor=user, request=request, target=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Only the identifier the caller typed is kept (credentials arrive with the password already masked).
    typed = str(credentials.get("username") or "")[:150]
    record(Kind.LOGIN_FAILED, actor=None, actor_label=typed, request=request, details={"username": typed})


def before_user_save(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and not set(update_fields) & set(WATCHED_FIELDS)):
        instance._audit_before = None
        return
    instance._audit_before = sender.objects.filter(pk=instance.pk).values(*WATCHED_FIELDS).first()


def after_user_save(sender, instance, created, **kwargs):
    before = getattr(instance, "_audit_before", None)
    if created:
        if instance.role not in STAFF_ROLES and not instance.is_superuser:
            return
        before = {"role": None, "is_active": None, "is_staff": None, "is_superuser": None}
    elif before is None:
        return
    changes = {
        name: {"from": before[name], "to": getattr(instance, name)}
        for name in WATCHED_FIELDS
        if before[name] != getattr(instance, name)
    }
    instance._audit_before = None
    if changes:
        details = {"changes": changes, "created": created}
        record(
            Kind.ROLE_CHANGE,
            actor=_current_actor(),
            request=_current_request(),
            target=instance,
            details=details,
        )


def _m2m_receiver(field: str):
    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        details = {"field": field, "action": action[5:], "ids": sorted(pk_set or [])}
        if reverse:
            details["reverse"] = True
        record(
            Kind.PERMISSION_CHANGE,
            actor=_current_actor(),
            request=_current_request(),
            target=instance,
            details=details,
        )

    return receiver


def connect() -> None:
    """Called once from AuditConfig.ready()."""
    user_model = get_user_model()
    user_logged_in.connect(on_logged_in, dispatch_uid="audit_login")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    token_issued.connect(on_token_issued, dispatch_uid="audit_token")
    pre_save.connect(before_user_save, sender=user_model, dispatch_uid="audit_user_pre")
    post_save.connect(after_user_save, sender=user_model, dispatch_uid="audit_user_post")
    for name in ("groups", "user_permissions", "service_points"):
        through = getattr(user_model, name).through
        m2m_changed.connect(_m2m_receiver(name), sender=through, weak=False, dispatch_uid=f"audit_m2m_{name}")
    m2m_changed.connect(
        _m2m_receiver("group_permissions"),
        sender=Group.permissions.through,
        weak=False,
        dispatch_uid="audit_m2m_group",
    )
