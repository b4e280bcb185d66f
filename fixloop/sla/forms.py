"""The queue's SLA filter field, beside the console's own filter form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.sla.urgency import FILTER_CHOICES


class SlaFilterForm(forms.Form):
    sla = forms.ChoiceField(label=_("SLA status"), choices=[("", _("Any")), *FILTER_CHOICES], required=False)
