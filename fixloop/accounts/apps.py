"""App config for users, roles, tokens and partner keys."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fixloop.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from fixloop.accounts.twofactor import on_logged_in

        user_logged_in.connect(on_logged_in, dispatch_uid="accounts_two_factor")
