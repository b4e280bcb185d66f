"""App config for service points, engineers and skills."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "fixloop.organisation"
    label = "organisation"
    verbose_name = _("Organisation")
