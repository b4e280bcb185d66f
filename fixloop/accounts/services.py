"""Writers for accounts: issue tokens and partner keys."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.accounts.models import ApiToken, Partner, User, hash_key, new_raw_key
from fixloop.core.errors import DomainError


class BadCredentials(DomainError):
    status = 401


def issue_token(*, username: str, password: str) -> tuple[str, User]:
    """Exchange a username and password for a bearer token; the raw token is returned once."""
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        raise BadCredentials("bad_credentials", _("Wrong username or password."))
    return create_token(user=user), user


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
