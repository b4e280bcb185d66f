"""Checking uploaded photos by their content, not their name: type and size."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from fixloop.core.errors import ValidationFailed

FORMAT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def checked_image_type(upload: UploadedFile) -> str:
    """The real content type of an allowed image, or a clear refusal."""
    limit = settings.FIXLOOP["PHOTO_MAX_BYTES"]
    if upload.size > limit:
        raise ValidationFailed(
            "file_too_large",
            _("The file is larger than {mb} MB.").format(mb=limit // (1024 * 1024)),
            {"field": "file", "size": upload.size},
        )
    try:
        with Image.open(upload) as image:
            image.verify()
            kind = FORMAT_TYPES.get(image.format or "")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationFailed(
            "file_not_image", _("Only JPEG, PNG or WebP photos are accepted."), {"field": "file"}
        ) from exc
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationFailed(
            "file_not_image", _("Only JPEG, PNG or WebP photos are accepted."), {"field": "file"}
        )
    return kind
