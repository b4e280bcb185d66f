"""Messages on an order: to and from the customer, or internal notes only staff see."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderMessage(models.Model):
    class Visibility(models.TextChoices):
        CUSTOMER = "customer", _("Message with the customer")
        INTERNAL = "internal", _("Internal note")

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")

    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    author_role = models.CharField(_("author role"), max_length=20)
    author_label = models.CharField(_("author name"), max_length=150)
    body = models.TextField(_("message"))
    # An email's Message-ID (or another channel's id): the same message arriving twice is stored once.
    external_id = models.CharField(_("external id"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("order message")
        verbose_name_plural = _("order messages")
        indexes = [models.Index(fields=["order", "created_at"], name="order_message_order_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="order_message_external_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.body[:40]}"

    @property
    def internal(self) -> bool:
        return self.visibility == self.Visibility.INTERNAL
