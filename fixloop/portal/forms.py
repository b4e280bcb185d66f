"""Portal forms: sign up, report a fault, track an order."""

import re

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import RegexValidator
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.workorders.choices import ExternalCause, Frequency, ServiceMode

PHONE_RE = re.compile(r"\+?\d{5,20}")


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one field (Django's documented pattern); each is checked by the attachment service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


class ReportForm(forms.Form):
    """The customer's own fault report, guided category → model → symptom, with photos and preferred time.

    The device is found by serial or registered with its model; the category and common-symptom selects are
    filled by htmx (kb:model_options / kb:symptom_options) and only help the customer find the model and words.
    """

    category = forms.ModelChoiceField(
        label=_("Product category"),
        queryset=ProductCategory.objects.order_by("code"),
        required=False,
    )
    serial = forms.CharField(
        label=_("Serial number"),
        max_length=80,
        help_text=_("On the label under the battery or in Settings › About."),
    )
    model = forms.ModelChoiceField(
        label=_("Product model"),
        queryset=ProductModel.objects.order_by("brand", "name"),
        required=False,
        help_text=_("Needed when we have not seen this device before."),
    )
    purchase_date = forms.DateField(
        label=_("Purchase date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    symptoms = forms.CharField(
        label=_("What is wrong?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    error_codes = forms.CharField(label=_("Error codes shown (if any)"), max_length=200, required=False)
    fault_frequency = forms.ChoiceField(
        label=_("How often"), choices=[("", "—"), *Frequency.choices], required=False
    )
    fault_since = forms.DateField(
        label=_("Since when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    external_causes = forms.MultipleChoiceField(
        label=_("Did any of these happen?"),
        choices=ExternalCause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tried_steps = forms.CharField(
        label=_("What have you tried?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    service_mode = forms.ChoiceField(
        label=_("How would you like it serviced?"), choices=ServiceMode.choices, initial=ServiceMode.CARRY_IN
    )
    address = forms.CharField(label=_("Address (on-site or pickup)"), max_length=300, required=False)
    preferred_date = forms.DateField(
        label=_("Preferred date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    preferred_window = forms.ChoiceField(
        label=_("Preferred time of day"), required=False,
        choices=[("", "—"), ("morning", _("Morning (9–12)")), ("afternoon", _("Afternoon (13–18)")),
                 ("evening", _("Evening (18–21)"))],
    )  # fmt: skip
    photos = MultipleImageField(label=_("Photos of the fault (optional)"), required=False)
    symptom_choice = forms.CharField(
        label=_("Common problem"), max_length=200, required=False, widget=forms.Select(choices=[("", "—")])
    )
    tree_run = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = [
        "category",
        "model",
        "serial",
        "purchase_date",
        "symptom_choice",
        "symptoms",
        "error_codes",
    ]
    aliases = {
        "device": "serial",
        "device.serial": "serial",
        "device.model_id": "model",
        "address_id": "address",
        "file": "photos",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].widget.attrs.update({
            "hx-get": reverse_lazy("kb:model_options"), "hx-target": "#id_model", "hx-trigger": "change",
        })  # fmt: skip
        self.fields["model"].widget.attrs.update({
            "hx-get": reverse_lazy("kb:symptom_options"), "hx-target": "#id_symptom_choice", "hx-trigger": "change",
            "hx-include": "#id_category",
        })  # fmt: skip
        chosen = self.data.get("symptom_choice") if self.is_bound else None
        if chosen:  # keep the customer's pick when the form comes back with errors
            self.fields["symptom_choice"].widget.choices = [("", "—"), (chosen, chosen)]

    def clean(self):
        data = super().clean()
        if data.get("category") and data.get("model") and data["model"].category_id != data["category"].pk:
            self.add_error("model", _("This model is not in the chosen category."))
        if data.get("preferred_date") and data["preferred_date"] < timezone.localdate():
            self.add_error("preferred_date", _("Choose today or a later day."))
        if data.get("service_mode") in (ServiceMode.ON_SITE, ServiceMode.PICKUP) and not data.get("address"):
            self.add_error("address", _("We need the address for an on-site visit or a pickup."))
        return data


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=40,
                             widget=forms.TextInput(attrs={"placeholder": "RO-20260101-1", "autocapitalize": "characters"}))
    phone_last4 = forms.CharField(
        label=_("Last four digits of the phone"), min_length=4, max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Enter four digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class SignUpForm(forms.Form):
    """A customer's own account; the service checks that the username, phone and email are free."""

    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    name = forms.CharField(label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label=_("Password again"), strip=False,
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data["phone"] if ch not in " -")
        if not PHONE_RE.fullmatch(phone):
            raise forms.ValidationError(_("Enter a phone number: digits, optionally starting with +."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data
