"""Console forms for stock work; they only parse input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.parts.models import Part
from fixloop.parts.selectors import DEMAND_PERIODS_MAX
from fixloop.parts.stock_models import StockLocation, Suggestion


def _locations():
    return StockLocation.objects.filter(is_active=True)


class StockFilterForm(forms.Form):
    # Empty means every location: say "All" rather than Django's "---------".
    location = forms.ModelChoiceField(_locations(), label=_("Location"), required=False, empty_label=_("All"))
    q = forms.CharField(label=_("Part number or name"), required=False, max_length=100)
    short = forms.BooleanField(label=_("Nothing available"), required=False)


class SuggestionFilterForm(forms.Form):
    location = forms.ModelChoiceField(_locations(), label=_("Location"), required=False, empty_label=_("All"))
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Suggestion.Kind.choices]
    )
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)


class DemandForm(forms.Form):
    freq = forms.ChoiceField(label=_("Per"), required=False, choices=[("M", _("Month")), ("W", _("Week"))])
    periods = forms.IntegerField(
        label=_("Periods"), required=False, min_value=1, max_value=DEMAND_PERIODS_MAX
    )


class ReceiveForm(forms.Form):
    location_id = forms.ModelChoiceField(_locations(), label=_("Location"))
    part_id = forms.ModelChoiceField(Part.objects.filter(active=True), label=_("Part"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    reason = forms.CharField(label=_("Reference"), required=False, max_length=300)


class AdjustForm(forms.Form):
    location_id = forms.ModelChoiceField(_locations(), label=_("Location"))
    part_id = forms.ModelChoiceField(Part.objects.filter(active=True), label=_("Part"))
    delta = forms.IntegerField(label=_("Change (+/-)"), min_value=-100000, max_value=100000)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class TransferForm(forms.Form):
    part_id = forms.ModelChoiceField(Part.objects.filter(active=True), label=_("Part"))
    from_location_id = forms.ModelChoiceField(_locations(), label=_("From"))
    to_location_id = forms.ModelChoiceField(_locations(), label=_("To"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    emergency = forms.BooleanField(label=_("Emergency"), required=False)


class ReturnStepForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Next step"),
        choices=[
            ("to_warehouse", _("Back to the warehouse")),
            ("to_supplier", _("Send to the supplier (RMA)")),
            ("credit", _("Credited by the supplier")),
            ("scrap", _("Scrap")),
        ],  # fmt: skip
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    rma_number = forms.CharField(label=_("RMA number"), required=False, max_length=60)
    credit_amount = forms.DecimalField(
        label=_("Credit"), required=False, min_value=0, max_digits=12, decimal_places=2
    )


class StartCountForm(forms.Form):
    location_id = forms.ModelChoiceField(_locations(), label=_("Location"))


class CountLinesForm(forms.Form):
    """One field per part of the count, named part_<id> so a refusal lands next to its line."""

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[f"part_{line.part_id}"] = forms.IntegerField(
                label=f"{line.part.number} {line.part.name}",
                min_value=0,
                required=False,
                initial=line.counted,
            )

    def counted(self) -> dict[int, int]:
        return {int(k.removeprefix("part_")): v for k, v in self.cleaned_data.items() if v is not None}


def _serials(text: str) -> list[str]:
    return [s.strip() for s in text.replace("，", ",").replace("\n", ",").split(",") if s.strip()]


class IssueForm(forms.Form):
    part_id = forms.ModelChoiceField(Part.objects.filter(active=True), label=_("Part"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1000, initial=1)
    serials = forms.CharField(label=_("Serial numbers fitted"), required=False, max_length=2000,
                              help_text=_("Separate with commas."))  # fmt: skip
    removed_serials = forms.CharField(label=_("Serial numbers of removed defective parts"), required=False,
                                      max_length=2000)  # fmt: skip

    def clean_serials(self) -> list[str]:
        return _serials(self.cleaned_data["serials"])

    def clean_removed_serials(self) -> list[str]:
        return _serials(self.cleaned_data["removed_serials"])
