"""Admin for service points, skills and engineers, with change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from fixloop.organisation.models import Engineer, ServicePoint, Skill


@admin.register(Skill)
class SkillAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")


@admin.register(ServicePoint)
class ServicePointAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "city", "is_active")
    list_filter = ("kind", "is_active")
    filter_horizontal = ("categories",)


@admin.register(Engineer)
class EngineerAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "home_service_point", "max_jobs_per_day", "is_active")
    list_filter = ("home_service_point", "is_active")
    filter_horizontal = ("skills",)
    raw_id_fields = ("user",)
