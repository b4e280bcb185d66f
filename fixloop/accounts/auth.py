"""API authentication: bearer tokens (staff, customers), partner API keys, and the browser session."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from fixloop.accounts.actor import USER_RELATED, Actor
from fixloop.accounts.models import ApiToken, Partner, User, hash_key
from fixloop.core.errors import RateLimited


def _limit(request, actor: Actor, setting: str) -> Actor:
    """Count one request against the caller's key; past the rate the API answers 429 rate_limited."""
    rate = settings.FIXLOOP.get(setting) or None
    if rate and is_ratelimited(
        request, group=f"api-{setting}", key=lambda group, req: actor.principal_key, rate=rate, increment=True
    ):
        raise RateLimited("rate_limited", _("Too many requests for this key; please slow down."))
    return actor


def _activate_language(request, language: str) -> None:
    # An explicit Accept-Language wins; otherwise speak the user's own language.
    if "HTTP_ACCEPT_LANGUAGE" not in request.META and language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


class TokenAuth(HttpBearer):
    """`Authorization: Bearer flt_…` — one query loads the token, the user and their profiles."""

    def authenticate(self, request, token: str) -> Actor | None:
        related = ["user"] + [f"user__{name}" for name in USER_RELATED]
        row = (
            ApiToken.objects.select_related(*related)
            .filter(key_hash=hash_key(token), expires_at__gt=timezone.now(), user__is_active=True)
            .first()
        )
        if row is None:
            return None
        request.user = row.user
        _activate_language(request, row.user.language)
        return _limit(request, Actor.for_user(row.user), "API_TOKEN_RATE")


class PartnerKeyAuth(APIKeyHeader):
    """`X-API-Key: flp_…` — a dealer's own key."""

    param_name = "X-API-Key"

    def authenticate(self, request, key: str | None) -> Actor | None:
        if not key:
            return None
        partner = Partner.objects.filter(api_key_hash=hash_key(key), is_active=True).first()
        return _limit(request, Actor.for_partner(partner), "API_KEY_RATE") if partner else None


class SessionActorAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked by django-ninja)."""

    def authenticate(self, request, key) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        from fixloop.accounts.twofactor import session_pending

        if session_pending(request):  # signed in with a password but the second factor is still owed
            return None
        user = User.objects.select_related(*USER_RELATED).get(pk=request.user.pk)
        return Actor.for_user(user)


API_AUTH = [TokenAuth(), PartnerKeyAuth(), SessionActorAuth()]
