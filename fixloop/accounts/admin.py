"""Admin for users and partners; history of every change is kept by django-simple-history."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from fixloop.accounts.models import Partner, User


@admin.register(User)
class FixloopUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "phone", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "phone", "email")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("fixloop"), {"fields": ("role", "phone", "language", "service_points")}),
    )
    filter_horizontal = ("service_points", "groups", "user_permissions")


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "contact_phone", "api_key_prefix", "is_active")
    search_fields = ("code", "name")
    readonly_fields = ("api_key_prefix",)
    exclude = ("api_key_hash",)
