"""App config for email intake."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailinConfig(AppConfig):
    name = "fixloop.mailin"
    label = "mailin"
    verbose_name = _("Email intake")
