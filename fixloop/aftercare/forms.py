"""Forms for the follow-up call and for a new maintenance plan."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.aftercare.models import FollowUpTask
from fixloop.organisation.models import ServicePoint
from fixloop.workorders.choices import ServiceMode


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=FollowUpTask.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What the customer said"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when the problem persists or the customer wants to complain."),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(forms.Form):
    serial = forms.CharField(label=_("Device serial number"), max_length=64)
    interval_months = forms.IntegerField(label=_("Every (months)"), min_value=1, max_value=60, initial=6)
    next_due = forms.DateField(label=_("First due date"), widget=forms.DateInput(attrs={"type": "date"}))
    lead_days = forms.IntegerField(
        label=_("Open the order (days ahead)"), min_value=0, max_value=90, required=False,
        help_text=_("Empty: the company default."),
    )  # fmt: skip
    service_mode = forms.ChoiceField(
        label=_("Service mode"), choices=ServiceMode.choices, initial=ServiceMode.ON_SITE
    )
    service_point_id = forms.ModelChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.filter(is_active=True), required=False
    )
    contract_number = forms.CharField(label=_("Contract number"), max_length=60, required=False)
    notes = forms.CharField(
        label=_("What to do"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_due"].initial = timezone.localdate()

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        point = data.pop("service_point_id")
        data["service_point_id"] = point.pk if point else None
        return data
