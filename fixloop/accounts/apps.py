"""App config for users, roles, tokens and partner keys."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fixloop.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
