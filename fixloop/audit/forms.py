"""The audit log's filter form (console page and, through AuditFilters, the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.audit.models import Kind
from fixloop.audit.selectors import AuditFilters


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any"))] + list(Kind.choices))
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self) -> AuditFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilters(
            actor=data.get("actor", ""),
            kind=data.get("kind", ""),
            since=data.get("since"),
            until=data.get("until"),
        )
