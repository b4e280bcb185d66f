"""Forms for personal-data requests."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my name, phone, email, addresses and login will be erased for good."),
        required=True,
    )


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
