"""Admin for the catalogue, with change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from fixloop.catalog.models import Device, ProductCategory, ProductModel
from fixloop.web.admin_files import DownloadLinksAdmin


@admin.register(ProductCategory)
class ProductCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en")


@admin.register(ProductModel)
class ProductModelAdmin(SimpleHistoryAdmin):
    list_display = ("brand", "code", "name", "category", "warranty_months")
    list_filter = ("category", "brand")
    search_fields = ("brand", "code", "name")
    filter_horizontal = ("skills",)


@admin.register(Device)
class DeviceAdmin(DownloadLinksAdmin, SimpleHistoryAdmin):
    list_display = ("serial", "model", "owner", "purchase_date", "repair_warranty_until")
    search_fields = ("serial",)
    raw_id_fields = ("owner", "repair_warranty_order")
    list_select_related = ("model", "owner")
