"""Photos of the fault or the device, added from an order page through the attachment service."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.core.errors import DomainError
from fixloop.web.errors import apply_domain_error
from fixloop.workorders.services.attachments import add_attachment


class PhotoForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Photo (JPEG, PNG or WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


def add_photo(request, actor, order) -> PhotoForm | None:
    """Store the posted photo; None when done, else the form with its error next to the field."""
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if not form.is_valid():
        return form
    upload = form.cleaned_data["file"]
    upload._original_name = upload.name
    try:
        add_attachment(actor=actor, number=order.number, upload=upload)
    except DomainError as exc:
        apply_domain_error(request, form, exc)
        return form
    messages.success(request, _("The photo was added."))
    return None


def photo_context(order, form=None) -> dict:
    return {"photos": list(order.attachments.all()), "photo_form": form or PhotoForm(prefix="photo")}
