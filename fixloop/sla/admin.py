"""Admin for managers: calendars (with an upload of a TOML calendar file), policies, escalation rules."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from fixloop.core.errors import DomainError
from fixloop.sla import calendars
from fixloop.sla.models import Calendar, EscalationRule, Policy, ServicePointCalendar, Snapshot


class CalendarUploadForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=40)
    name = forms.CharField(label=_("name"), max_length=120, required=False)
    file = forms.FileField(label=_("TOML calendar file"))


class ServicePointInline(admin.TabularInline):
    model = ServicePointCalendar
    extra = 1


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "timezone", "always_open", "is_default", "updated_at")
    inlines = [ServicePointInline]
    change_list_template = "sla/admin_calendar_list.html"

    def get_urls(self):
        upload = path("upload/", self.admin_site.admin_view(self.upload), name="sla_calendar_upload")
        return [upload, *super().get_urls()]

    def upload(self, request):
        """Create or replace a calendar from an uploaded TOML file; errors shown next to the field."""
        form = CalendarUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8")
                cal = calendars.import_calendar(
                    code=form.cleaned_data["code"], text=text, name=form.cleaned_data["name"]
                )
            except UnicodeDecodeError:
                form.add_error("file", _("The file must be UTF-8 text."))
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("Calendar {code} imported.").format(code=cal.code))
                return redirect("admin:sla_calendar_change", cal.pk)
        context = {**self.admin_site.each_context(request), "form": form, "title": _("Upload a calendar file"),
                   "opts": self.model._meta}  # fmt: skip
        return render(request, "sla/admin_calendar_upload.html", context)


class EscalationRuleInline(admin.TabularInline):
    model = EscalationRule
    extra = 0


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "priority", "customer_tier", "channel", "first_response", "arrival",
                    "resolution", "calendar", "is_active")  # fmt: skip
    list_filter = ("is_active", "kind", "priority", "customer_tier")
    inlines = [EscalationRuleInline]


@admin.register(EscalationRule)
class EscalationRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "policy", "notify_assignee", "notify_supervisors", "raise_priority", "move_to")


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read-only: snapshots are derived from the events (`fixloop sla recompute`)."""

    list_display = ("order", "status", "due_clock", "due_at", "warn_at", "next_check_at", "computed_at")
    list_filter = ("status",)
    readonly_fields = [f.name for f in Snapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
