"""Read-only admin for work orders: every write goes through the lifecycle services."""

from django.contrib import admin

from fixloop.workorders.models import QcChecklistItem, WorkOrder, WorkOrderEvent


class EventInline(admin.TabularInline):
    model = WorkOrderEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "version", "action", "from_state", "to_state", "actor_label", "payload")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "kind",
        "state",
        "priority",
        "customer",
        "service_point",
        "assignee",
        "created_at",
    )
    list_filter = ("state", "kind", "priority", "channel", "service_mode", "imported")
    search_fields = ("number", "contact_phone", "device__serial")
    list_select_related = ("customer", "service_point", "assignee__user")
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QcChecklistItem)
class QcChecklistItemAdmin(admin.ModelAdmin):
    """Master data: the QC checklist of each product category (measured checks carry a range)."""

    list_display = ("category", "position", "label", "unit", "min_value", "max_value")
    list_filter = ("category",)
    ordering = ("category", "position")
