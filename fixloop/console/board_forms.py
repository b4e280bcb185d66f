"""Forms of the dispatcher board and the queue's bulk assign."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.organisation.models import Engineer


class EngineerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class OrderRefsField(forms.Field):
    """Ticked rows as `NUMBER:VERSION`: the version the user saw, so a changed order is refused, not overwritten."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Tick at least one order."),
        "invalid": _("The selected orders could not be read; reload the page."),
    }

    def to_python(self, value):
        refs = []
        for raw in value or []:
            number, sep, version = str(raw).rpartition(":")
            if not sep or not number or not version.isdigit():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            refs.append((number, int(version)))
        return list(dict.fromkeys(refs))


class BulkAssignForm(forms.Form):
    """One engineer for every ticked order; each order is then assigned on its own."""

    orders = OrderRefsField()
    engineer = EngineerChoiceField(label=_("Assign the ticked orders to"), queryset=Engineer.objects.none())
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, engineers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if engineers is not None:
            self.fields["engineer"].queryset = engineers
