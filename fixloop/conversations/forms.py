"""The message form under an order's conversation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fixloop.conversations.services import MAX_LENGTH


class MessageForm(forms.Form):
    prefix = "message"  # the order page holds other forms; keep ids and names apart
    body = forms.CharField(
        label=_("Message"), max_length=MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    internal = forms.BooleanField(
        label=_("Internal note (staff only; the customer does not see it)"), required=False
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["internal"]
