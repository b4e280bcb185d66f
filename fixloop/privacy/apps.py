"""App config for personal data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "fixloop.privacy"
    label = "privacy"
    verbose_name = _("Personal data")
