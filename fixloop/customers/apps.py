"""App config for customers and their addresses."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "fixloop.customers"
    label = "customers"
    verbose_name = _("Customers")
