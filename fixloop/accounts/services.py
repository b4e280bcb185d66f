"""Writers for accounts: customer sign-up, tokens and partner keys."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from fixloop.accounts.models import ApiToken, Partner, User, hash_key, new_raw_key
from fixloop.accounts.roles import Role
from fixloop.accounts.signals import token_issued
from fixloop.core.errors import Conflict, DomainError, RateLimited, ValidationFailed
from fixloop.customers.models import Customer


class BadCredentials(DomainError):
    status = 401


class LockedOut(DomainError):
    status = 429


def issue_token(*, username: str, password: str, otp: str = "", request=None) -> tuple[str, User]:
    """Exchange a username and password for a bearer token; the raw token is returned once.

    `request` lets login throttling (django-axes) count failures per address and refuse a locked-out caller.
    """
    if _failed_signins_exceeded(request, count=False):
        raise RateLimited("rate_limited", _("Too many sign-in attempts; please wait a minute."))
    try:
        return _issue_token(username=username, password=password, otp=otp, request=request)
    except BadCredentials:
        _failed_signins_exceeded(request, count=True)
        raise


def _issue_token(*, username: str, password: str, otp: str, request) -> tuple[str, User]:
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(
            "locked_out", _("Too many failed sign-ins; signing in is paused for a while. Try again later.")
        )
    if user is None or not user.is_active:
        raise BadCredentials("bad_credentials", _("Wrong username or password."))
    _check_second_factor(user, otp, request)
    raw = create_token(user=user)
    token_issued.send(sender=User, user=user, request=request)
    return raw, user


def _failed_signins_exceeded(request, *, count: bool) -> bool:
    """Failed token sign-ins per client address (TOKEN_SIGNIN_RATE); successful ones are never counted."""
    rate = settings.FIXLOOP.get("TOKEN_SIGNIN_RATE")
    if not rate or request is None:
        return False
    return is_ratelimited(request, group="token-signin-failures", key="ip", rate=rate, increment=count)


def _check_second_factor(user: User, otp: str, request) -> None:
    """A user with an authenticator must send its current code; one who must enrol cannot get a token yet."""
    from fixloop.accounts import twofactor

    step = twofactor.pending_step(user)
    if step == twofactor.ENROL:
        raise BadCredentials(
            "otp_enrolment_required", _("Set up two-factor sign-in in the console before using the API.")
        )
    if step == twofactor.VERIFY:
        if not otp:
            raise BadCredentials("otp_required", _("Enter the code from your authenticator app."))
        try:
            twofactor.verify(user=user, token=otp, request=request)
        except DomainError as exc:
            raise BadCredentials(exc.code, exc.message) from exc


def phone_has_login(phone: str) -> bool:
    """A login already answers to this phone (sign-in by phone needs it to name one account)."""
    return (
        Customer.objects.filter(phone=phone, user__isnull=False).exists()
        or User.objects.filter(phone=phone).exists()
    )


def email_has_login(email: str) -> bool:
    """A login already answers to this email (sign-in by email needs it to name one account)."""
    return bool(email) and (
        Customer.objects.filter(email__iexact=email, user__isnull=False).exists()
        or User.objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def register_customer(
    *, username: str, password: str, name: str, phone: str, email: str = "", language: str = "zh-hans"
) -> User:
    """Sign a customer up: a User with the customer role and a new Customer profile of its own.

    Guard: the username is free, no login answers to this phone or email yet, and the password passes
    Django's validators. Effects: one User and one Customer row. An existing hotline Customer with
    the same phone is not claimed: nothing proves the person signing up owns that phone.
    """
    username, phone, email = username.strip(), phone.strip(), email.strip()
    taken = Conflict("username_taken", _("This username is already taken."), {"field": "username"})
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    if phone_has_login(phone):
        raise Conflict(
            "phone_taken", _("This phone number already has an account; sign in instead."), {"field": "phone"}
        )
    if email_has_login(email):
        raise Conflict(
            "email_taken",
            _("This email address already has an account; sign in instead."),
            {"field": "email"},
        )
    user = User(username=username, email=email, phone=phone, language=language, role=Role.CUSTOMER)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed("weak_password", " ".join(exc.messages), {"field": "password"}) from exc
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # the same username signed up a moment ago
        raise taken from exc
    Customer.objects.create(user=user, name=name.strip(), phone=phone, email=email, language=language)
    return user


def create_token(*, user: User) -> str:
    raw = new_raw_key("flt")
    ttl = dt.timedelta(days=settings.FIXLOOP["TOKEN_TTL_DAYS"])
    ApiToken.objects.create(user=user, key_hash=hash_key(raw), expires_at=timezone.now() + ttl)
    return raw


@transaction.atomic
def rotate_partner_key(*, partner: Partner) -> str:
    """Give the partner a new API key (the old one stops working); the raw key is returned once."""
    raw = new_raw_key("flp")
    partner.api_key_hash = hash_key(raw)
    partner.api_key_prefix = raw[:12]
    partner.save(update_fields=["api_key_hash", "api_key_prefix"])
    return raw
