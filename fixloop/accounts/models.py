"""Users with a role, API tokens for staff and customers, and partners (dealers) with API keys."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fixloop.accounts.names import person_name
from fixloop.accounts.roles import STAFF_ROLES, Role


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_key(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


class User(AbstractUser):
    """A person who signs in: a customer or a staff member with one role."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CUSTOMER)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    totp_required = models.BooleanField(
        _("two-factor sign-in required"),
        default=False,
        help_text=_(
            "A manager requires this staff member to confirm each sign-in with an authenticator app."
        ),
    )
    service_points = models.ManyToManyField(
        "organisation.ServicePoint",
        verbose_name=_("service points"),
        blank=True,
        related_name="staff",
        help_text=_("Service points whose orders this agent, dispatcher or warehouse user works on."),
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"], m2m_fields=[service_points])

    class Meta:
        ordering = ["id"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    def get_full_name(self) -> str:
        # Family name first for Chinese names (赵强), "First Last" otherwise; see accounts.names.
        return person_name(self.first_name, self.last_name)


class ApiToken(models.Model):
    """A bearer token for the API; only its hash is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"token {self.pk} of {self.user_id}"


class Partner(models.Model):
    """A dealer or agent company that submits repair requests for its customers with its own key."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    default_service_point = models.ForeignKey(
        "organisation.ServicePoint",
        verbose_name=_("default service point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    api_key_hash = models.CharField(_("API key hash"), max_length=64, unique=True, null=True, blank=True)
    api_key_prefix = models.CharField(_("API key prefix"), max_length=12, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["api_key_hash"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name
