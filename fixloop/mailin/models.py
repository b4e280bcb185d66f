"""Inbound mail as received (raw bytes kept whatever happens) and what it became."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundMail(models.Model):
    """One received message. Never deleted on failure: the raw bytes stay for a retry or a human."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        FAILED = "failed", _("Failed")

    class Outcome(models.TextChoices):
        NEW_ORDER = "new_order", _("New work order")
        REPLY = "reply", _("Reply on an order")

    class Source(models.TextChoices):
        IMAP = "imap", _("IMAP mailbox")
        WEBHOOK = "webhook", _("Inbound webhook")
        DEMO = "demo", _("Demo data")

    # The Message-ID, or a hash of the raw bytes when the sender gave none: the de-duplication key.
    message_key = models.CharField(_("message id"), max_length=300, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    raw = models.BinaryField(_("raw message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    failure_code = models.CharField(_("failure code"), max_length=40, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=500, blank=True)
    defects = models.JSONField(_("parser defects"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    from_address = models.CharField(_("from"), max_length=254, blank=True, db_index=True)
    from_name = models.CharField(_("sender name"), max_length=150, blank=True)
    text = models.TextField(_("text"), blank=True)
    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("work order"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="inbound_mails",
    )  # fmt: skip
    message = models.OneToOneField(
        "conversations.OrderMessage", verbose_name=_("conversation message"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="inbound_mail",
    )  # fmt: skip
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mails")

    def __str__(self) -> str:
        return self.subject or self.message_key


class InboundAttachment(models.Model):
    """A file that came with a mail; photos are also attached to the order."""

    mail = models.ForeignKey(
        InboundMail, verbose_name=_("mail"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="mail/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    order_attachment = models.ForeignKey(
        "workorders.Attachment", verbose_name=_("order attachment"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["id"]
        verbose_name = _("mail attachment")
        verbose_name_plural = _("mail attachments")

    def __str__(self) -> str:
        return self.filename


class MailboxState(models.Model):
    """How far `fixloop mail fetch` has read a mailbox folder (IMAP UIDs only grow within a UIDVALIDITY)."""

    mailbox = models.CharField(_("mailbox"), max_length=300, unique=True)
    uid_validity = models.BigIntegerField(_("UIDVALIDITY"), default=0)
    last_uid = models.BigIntegerField(_("last UID read"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["mailbox"]
        verbose_name = _("mailbox state")
        verbose_name_plural = _("mailbox states")

    def __str__(self) -> str:
        return self.mailbox
