"""Admin for the audit log: read-only, nothing may be added, changed or deleted."""

from django.contrib import admin

from fixloop.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "actor_label", "ip", "target_type", "target_label")
    list_filter = ("kind",)
    search_fields = ("actor_label", "target_label", "target_id")
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
