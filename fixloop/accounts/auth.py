"""API authentication: bearer tokens (staff, customers), partner API keys, and the browser session."""

from django.utils import timezone, translation
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from fixloop.accounts.actor import USER_RELATED, Actor
from fixloop.accounts.models import ApiToken, Partner, User, hash_key


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
        return Actor.for_user(row.user)


class PartnerKeyAuth(APIKeyHeader):
    """`X-API-Key: flp_…` — a dealer's own key."""

    param_name = "X-API-Key"

    def authenticate(self, request, key: str | None) -> Actor | None:
        if not key:
            return None
        partner = Partner.objects.filter(api_key_hash=hash_key(key), is_active=True).first()
        return Actor.for_partner(partner) if partner else None


class SessionActorAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked by django-ninja)."""

    def authenticate(self, request, key) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        user = User.objects.select_related(*USER_RELATED).get(pk=request.user.pk)
        return Actor.for_user(user)


API_AUTH = [TokenAuth(), PartnerKeyAuth(), SessionActorAuth()]
