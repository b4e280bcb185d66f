"""Admin for working time and dispatch settings (master data); plans are read-only here."""

from django.contrib import admin

from fixloop.scheduling.models import (
    DayPlan,
    DispatchSettings,
    EngineerBase,
    JobDuration,
    RequiredLevel,
    Shift,
    ShiftException,
    SkillLevel,
)


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["engineer", "weekday", "start", "end", "break_start", "break_minutes"]
    list_filter = ["weekday", "engineer__home_service_point"]


@admin.register(ShiftException)
class ShiftExceptionAdmin(admin.ModelAdmin):
    list_display = ["engineer", "date", "kind", "start", "end", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"


admin.site.register([EngineerBase, SkillLevel, RequiredLevel, JobDuration, DispatchSettings])


@admin.register(DayPlan)
class DayPlanAdmin(admin.ModelAdmin):
    list_display = ["service_point", "date", "version", "solver", "runtime", "distance_m", "planned_at"]
    readonly_fields = [f.name for f in DayPlan._meta.fields]

    def has_add_permission(self, request):
        return False
