"""Forms of the notifications pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.notifications.models import Channel, Delivery


def _blank(choices):
    return [("", _("Any")), *choices]


class DeliveryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Recipient or order number")}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=_blank(Delivery.Status.choices), required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=_blank(Channel.choices), required=False)

    def __init__(self, *args, by_recipient: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not by_recipient:  # roles shown masked contacts search by order number only (see selectors)
            self.fields["q"].widget.attrs["placeholder"] = _("Order number")


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Variables: {{ number }}, {{ customer_name }}, {{ product }}, {{ engineer }}, "
            "{{ appointment }}, {{ order_url }}, {{ survey_url }}."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label=_("Email"), required=False)
    sms = forms.BooleanField(label=_("SMS"), required=False)
