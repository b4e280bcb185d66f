"""Shared web layer: layout, sign-in, language switch, action forms used by the console and the portal."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "fixloop.web"
    verbose_name = _("Web")
