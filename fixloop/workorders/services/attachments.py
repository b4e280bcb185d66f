"""Attachments: photos of the fault or the device, checked by content and size."""

import uuid

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from fixloop.accounts.actor import Actor
from fixloop.workorders.models import Attachment
from fixloop.workorders.selectors import order_get_for
from fixloop.workorders.services.transition import record_event
from fixloop.workorders.uploads import EXTENSIONS, checked_image_type


@transaction.atomic(durable=True)
def add_attachment(*, actor: Actor, number: str, upload: UploadedFile) -> Attachment:
    """Attach a photo to a visible order. Guard: a real JPEG/PNG/WebP within the size limit.

    The stored name is random: the customer's file name never reaches the file system.
    """
    order = order_get_for(actor, number)
    content_type = checked_image_type(upload)
    upload.name = f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}"
    attachment = Attachment.objects.create(
        order=order,
        file=upload,
        original_name=(getattr(upload, "_original_name", "") or upload.name)[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor.user,
    )
    record_event(actor, order, "attachment", order.state, {"attachment_id": attachment.pk}, versioned=False)
    return attachment
