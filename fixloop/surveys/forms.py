"""The survey form: satisfaction 1–5, recommendation 0–10, an optional comment."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AnswerForm(forms.Form):
    csat = forms.TypedChoiceField(
        label=_("How satisfied are you with the service?"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=_("1 = very dissatisfied, 5 = very satisfied"),
    )
    nps = forms.TypedChoiceField(
        label=_("How likely are you to recommend us to a friend?"),
        choices=[(i, str(i)) for i in range(0, 11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
        help_text=_("0 = not at all likely, 10 = extremely likely"),
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
