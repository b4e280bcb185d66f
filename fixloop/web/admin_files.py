"""Admin file fields link to the permission-checked /files/ downloads: MEDIA_URL is never served.

Django's file widget links `FieldFile.url` (/media/...), which answers 404. Admins using
`DownloadLinksAdmin` get a link to the download view of the file's owner instead, which checks the
viewer's permission like any other page.
"""

from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.urls import reverse

# (model label, field name) -> the /files/ view serving that field, keyed by the owning row's pk.
DOWNLOAD_VIEWS = {
    ("catalog.device", "purchase_proof"): "files:purchase_proof",
    ("workorders.attachment", "file"): "files:order_attachment",
    ("mailin.inboundattachment", "file"): "files:mail_attachment",
    ("kb.articleimage", "file"): "files:article_image",
}


def download_url(field_file) -> str | None:
    """The permission-checked URL of a stored file, or None if no download view serves its field."""
    instance = getattr(field_file, "instance", None)
    if not field_file or instance is None or instance.pk is None:
        return None
    view = DOWNLOAD_VIEWS.get((instance._meta.label_lower, field_file.field.name))
    return reverse(view, args=[instance.pk]) if view else None


class _Linked:
    """What the widget's template reads of a file: its `url` and its name."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name


class DownloadFileWidget(AdminFileWidget):
    def format_value(self, value):
        shown = super().format_value(value)
        url = download_url(value) if shown else None
        # A field no download view serves shows its name without a link rather than a dead /media/ one.
        return _Linked(str(value), url or "") if shown else shown


class DownloadLinksAdmin:
    """ModelAdmin mixin: every file field's widget links its permission-checked download."""

    formfield_overrides = {models.FileField: {"widget": DownloadFileWidget}}
