"""Admin for customers and addresses, with change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from fixloop.customers.models import Address, Customer


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "phone", "email", "tier", "kind", "language")
    list_filter = ("tier", "kind")
    search_fields = ("name", "phone", "email")
    raw_id_fields = ("user", "partner")
    inlines = [AddressInline]


@admin.register(Address)
class AddressAdmin(SimpleHistoryAdmin):
    list_display = ("customer", "line", "city", "is_default")
    raw_id_fields = ("customer",)
