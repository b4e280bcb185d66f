"""Console forms: the queue's filters and the hotline / walk-in intake."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.catalog.models import ProductModel
from fixloop.organisation.models import ServicePoint
from fixloop.workorders.choices import Channel, ExternalCause, Frequency, Kind, Priority, ServiceMode
from fixloop.workorders.states import State


def _blank(choices):
    return [("", _("Any")), *choices]


class QueueFilterForm(forms.Form):
    """The queue's filter bar; its names are WorkOrderFilter's parameters."""

    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Order number, phone, serial, name or text")}))
    state = forms.ChoiceField(label=_("State"), choices=_blank(State.choices), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(Kind.choices), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=_blank(Priority.choices), required=False)
    service_point = forms.ChoiceField(label=_("Service point"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        points = ServicePoint.objects.filter(is_active=True).order_by("name").values_list("pk", "name")
        self.fields["service_point"].choices = _blank([(str(pk), name) for pk, name in points])


STAFF_CHANNELS = [(c.value, c.label) for c in (Channel.HOTLINE, Channel.WALK_IN, Channel.EMAIL, Channel.MESSAGING)]


class IntakeForm(forms.Form):
    """A request taken on the phone or at the counter."""

    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS, initial=Channel.HOTLINE)
    phone = forms.CharField(label=_("Customer phone"), max_length=32, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    name = forms.CharField(label=_("Customer name (new customers)"), max_length=200, required=False)
    address = forms.CharField(label=_("Service address"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.REPAIR)
    serial = forms.CharField(label=_("Device serial number"), max_length=80, required=False)
    model = forms.ModelChoiceField(
        label=_("Product model (new devices)"), queryset=ProductModel.objects.order_by("brand", "name"), required=False
    )
    purchase_date = forms.DateField(label=_("Purchase date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    symptoms = forms.CharField(label=_("Symptoms"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    error_codes = forms.CharField(label=_("Error codes"), max_length=200, required=False)
    fault_frequency = forms.ChoiceField(label=_("How often"), choices=[("", "—"), *Frequency.choices], required=False)
    fault_since = forms.DateField(label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    external_causes = forms.MultipleChoiceField(
        label=_("External causes"), choices=ExternalCause.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    external_cause_note = forms.CharField(label=_("About the external cause"), max_length=300, required=False)
    tried_steps = forms.CharField(label=_("Already tried"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    service_mode = forms.ChoiceField(label=_("Service mode"), choices=ServiceMode.choices, initial=ServiceMode.CARRY_IN)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    service_point = forms.ModelChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.filter(is_active=True), required=False
    )

    # Where the intake service's and schema's field names show on this form.
    aliases = {
        "customer": "name", "customer_id": "phone", "contact_phone": "phone", "device": "serial",
        "device.serial": "serial", "device.model_id": "model", "service_point_id": "service_point",
        "address_id": "address",
    }  # fmt: skip

    def clean_phone(self):
        return "".join(self.cleaned_data["phone"].split())
