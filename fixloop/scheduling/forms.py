"""Forms of the scheduling pages: which plan to show, sick reports, pins, appointment windows."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlanQueryForm(forms.Form):
    point = forms.TypedChoiceField(label=_("Service point"), coerce=int)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = [(p.pk, p.name) for p in points]


class SickForm(forms.Form):
    engineer = forms.TypedChoiceField(label=_("Engineer"), coerce=int)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, engineers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].choices = [(e.pk, str(e)) for e in engineers]


class PinForm(forms.Form):
    number = forms.CharField(max_length=32)
    engineer = forms.TypedChoiceField(label=_("Pin to"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, engineers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].choices = [("", _("— not pinned —")), *[(e.pk, str(e)) for e in engineers]]


class WindowDateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class BookForm(forms.Form):
    """One offered window, as `start|end` in ISO format, and the order version the user saw."""

    window = forms.CharField(label=_("Window"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean_window(self):
        start, sep, end = self.cleaned_data["window"].partition("|")
        try:
            start_at, end_at = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
        except ValueError:
            start_at = end_at = None
        if not sep or start_at is None or end_at is None or timezone.is_naive(start_at):
            raise forms.ValidationError(_("Choose one of the offered windows."), code="invalid")
        return start_at, end_at


class AssignForm(forms.Form):
    engineer_id = forms.IntegerField(min_value=1)
    version = forms.IntegerField(min_value=1)
