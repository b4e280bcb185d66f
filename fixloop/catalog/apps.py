"""App config for product categories, models and devices."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "fixloop.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")
