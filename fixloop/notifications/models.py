"""Message templates, channel preferences, and the delivery log (one row per recipient and channel)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("WeCom bot")
    DINGTALK = "dingtalk", _("DingTalk bot")
    FEISHU = "feishu", _("Feishu bot")
    WEBHOOK = "webhook", _("Webhook")


class MessageTemplate(models.Model):
    """The subject and body for one event in one language (Django template syntax over the context)."""

    event = models.CharField(_("event"), max_length=60)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["event", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [models.UniqueConstraint(fields=["event", "language"], name="ntf_template_event_lang")]

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"


class ChannelPreference(models.Model):
    """Which personal channels a customer or a staff member wants; absent means all on."""

    customer = models.OneToOneField(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_preference",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_preference",
    )
    email = models.BooleanField(_("email"), default=True)
    sms = models.BooleanField(_("SMS"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(customer__isnull=False, user__isnull=True)
                | Q(customer__isnull=True, user__isnull=False),
                name="ntf_pref_one_owner",
            )
        ]

    def __str__(self) -> str:
        owner = f"customer {self.customer_id}" if self.customer_id else f"user {self.user_id}"
        return f"{owner}: email={self.email} sms={self.sms}"

    def allows(self, channel: str) -> bool:
        return bool(getattr(self, channel, True))


class Delivery(models.Model):
    """One message to one recipient on one channel; `dedupe_key` makes a re-run never send twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        RETRY = "retry", _("Will retry")
        DEAD = "dead", _("Dead letter")
        CANCELLED = "cancelled", _("Cancelled")

    dedupe_key = models.CharField(_("de-duplication key"), max_length=200, unique=True)
    event = models.CharField(_("event"), max_length=60, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=300)
    recipient_label = models.CharField(_("recipient name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next try at"), default=timezone.now)
    lease_until = models.DateTimeField(_("sending until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    outbox_message_id = models.BigIntegerField(_("outbox message"), null=True, blank=True)
    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="ntf_delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient} ({self.channel})"


class DeliveryAttempt(models.Model):
    """One try of a delivery: what the channel answered."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField(_("try"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["delivery_id", "number", "id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.delivery_id}#{self.number} {self.outcome}"
