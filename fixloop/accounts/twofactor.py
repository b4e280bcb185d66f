"""Optional two-factor sign-in for staff with TOTP (django-otp): enrol, verify at sign-in, require.

After a password sign-in, a user with a confirmed authenticator (or one a manager requires to have one)
is held in the session as "verify" (or "enrol") and can reach only the two-factor pages until done;
session calls to the API are refused meanwhile (see SessionActorAuth).
"""

from urllib.parse import quote

import segno
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from fixloop.accounts.actor import Actor
from fixloop.accounts.models import User
from fixloop.accounts.roles import STAFF_ROLES, Role
from fixloop.audit.models import Kind
from fixloop.audit.services import record
from fixloop.core.errors import Forbidden, NotFound, ValidationFailed

SESSION_KEY = "fixloop_2fa"
VERIFY, ENROL = "verify", "enrol"
# Paths a half-signed-in user may still reach.
OPEN_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/", "/api/", "/health", "/metrics")


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_step(user: User) -> str | None:
    """What a user must still do after the password: verify a code, enrol an authenticator, or nothing."""
    if confirmed_device(user) is not None:
        return VERIFY
    if user.totp_required:
        return ENROL
    return None


def on_logged_in(sender, request, user, **kwargs) -> None:
    step = pending_step(user)
    if step and request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = step


def session_pending(request) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


class TwoFactorMiddleware:
    """Send a signed-in user who still owes a second factor to the two-factor page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if session_pending(request) and not request.path.startswith(OPEN_PATHS):
            step = request.session[SESSION_KEY]
            target = "/accounts/2fa/verify/" if step == VERIFY else "/accounts/2fa/"
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def start_enrolment(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator key for `user` (any earlier unconfirmed one is dropped)."""
    if user.role not in STAFF_ROLES:
        raise Forbidden("forbidden", _("Two-factor sign-in is for staff accounts."))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code for the authenticator app to scan."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


@transaction.atomic
def confirm_enrolment(*, user: User, token: str, request=None) -> TOTPDevice:
    """Guard: the code matches the new key. Effects: the key is confirmed, the session is fully signed in."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise NotFound("no_enrolment", _("Start setting up two-factor sign-in first."))
    if not device.verify_token(token.strip()):
        raise ValidationFailed(
            "bad_otp", _("That code is not right. Check your phone's clock and try again.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _clear(request)
    record(Kind.TOTP, actor=user, request=request, target=user, details={"action": "enrolled"})
    return device


def verify(*, user: User, token: str, request=None) -> None:
    """Check a sign-in code. Effects: the session is fully signed in, or an audited failure."""
    device = confirmed_device(user)
    if device is None or not device.verify_token((token or "").strip()):
        record(Kind.LOGIN_FAILED, actor=user, request=request, target=user, details={"step": "otp"})
        raise ValidationFailed(
            "bad_otp", _("That code is not right. Check your phone's clock and try again.")
        )
    _clear(request)


@transaction.atomic
def disable(*, user: User, token: str, request=None) -> None:
    """Remove one's own authenticator. Guard: a current code, and no manager requires it."""
    if user.totp_required:
        raise Forbidden("totp_required", _("A manager requires two-factor sign-in for your account."))
    verify(user=user, token=token)
    TOTPDevice.objects.filter(user=user).delete()
    record(Kind.TOTP, actor=user, request=request, target=user, details={"action": "removed"})


@transaction.atomic
def set_required(*, actor: Actor, user_id: int, required: bool, request=None) -> User:
    """A manager requires (or stops requiring) two-factor sign-in for a staff member. Effects: audited."""
    if actor.partner is not None or actor.role != Role.MANAGER:
        raise Forbidden("forbidden", _("Only a manager may change this."))
    user = User.objects.filter(pk=user_id, role__in=STAFF_ROLES).first()
    if user is None:
        raise NotFound("user_not_found", _("Staff member not found."))
    User.objects.filter(pk=user.pk).update(totp_required=required)
    user.totp_required = required
    record(
        Kind.TOTP,
        actor=actor,
        request=request,
        target=user,
        details={"action": "required" if required else "optional"},
    )
    return user


def _clear(request) -> None:
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        del session[SESSION_KEY]
        session.cycle_key()
