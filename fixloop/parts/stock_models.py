"""Stock: locations, the append-only movement ledger and its cached balances, and what moves stock."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

USER = settings.AUTH_USER_MODEL


class StockLocation(models.Model):
    """Where parts are kept: the central warehouse, a service point's store, or an engineer's van."""

    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("Central warehouse")
        SERVICE_POINT = "service_point", _("Service point")
        VAN = "van", _("Engineer's van")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    service_point = models.ForeignKey(
        "organisation.ServicePoint", verbose_name=_("service point"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="stock_locations",
    )  # fmt: skip
    engineer = models.OneToOneField(
        "organisation.Engineer", verbose_name=_("engineer"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="van",
    )  # fmt: skip
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")
        constraints = [
            # One store per service point: reservations for an order go to its point's store.
            models.UniqueConstraint(
                fields=["service_point"], condition=Q(kind="service_point"), name="parts_one_store_per_point"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Movement(models.TextChoices):
    RECEIPT = "receipt", pgettext_lazy("stock movement", "Receipt")
    RESERVE = "reserve", pgettext_lazy("stock movement", "Reservation")
    RELEASE = "release", pgettext_lazy("stock movement", "Release")
    ISSUE = "issue", pgettext_lazy("stock movement", "Issue to order")
    RETURN = "return", pgettext_lazy("stock movement", "Return from order")
    TRANSFER_OUT = "transfer_out", pgettext_lazy("stock movement", "Transfer out")
    TRANSFER_IN = "transfer_in", pgettext_lazy("stock movement", "Transfer in")
    ADJUST = "adjust", pgettext_lazy("stock movement", "Adjustment")
    SCRAP = "scrap", pgettext_lazy("stock movement", "Scrap")


class StockMovement(models.Model):
    """One line of the ledger; never updated or deleted. Balances are the sums of its deltas."""

    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, verbose_name=_("location"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("movement"), max_length=20, choices=Movement.choices)
    on_hand_delta = models.IntegerField(_("on-hand change"), default=0)
    reserved_delta = models.IntegerField(_("reserved change"), default=0)
    unit_cost = models.DecimalField(_("unit cost"), max_digits=12, decimal_places=2)
    order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("order"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    transfer = models.ForeignKey(
        "parts.Transfer", verbose_name=_("transfer"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="movements",
    )  # fmt: skip
    serials = models.JSONField(_("serial numbers"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        USER, verbose_name=_("by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=150)
    occurred_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["part", "location", "kind", "occurred_at"], name="parts_mv_part_loc")]

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.part_id}@{self.location_id} {self.on_hand_delta:+d}/{self.reserved_delta:+d}"
        )


class StockBalance(models.Model):
    """Cache of the ledger per (part, location), written in the movement's transaction by conditional updates."""

    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, verbose_name=_("location"), on_delete=models.PROTECT, related_name="balances"
    )
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)

    class Meta:
        ordering = ["location", "part"]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(fields=["part", "location"], name="parts_balance_uniq"),
            # The database itself refuses negative stock or reserving more than is on the shelf.
            models.CheckConstraint(condition=Q(reserved__gte=0), name="parts_reserved_nonneg"),
            models.CheckConstraint(
                condition=Q(on_hand__gte=F("reserved")), name="parts_onhand_covers_reserved"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part_id}@{self.location_id}: {self.on_hand} on hand, {self.reserved} reserved"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class Reservation(models.Model):
    """Units held at a location for one order until they are issued or released."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("reservation", "Reserved")
        ISSUED = "issued", pgettext_lazy("reservation", "Issued")
        RELEASED = "released", pgettext_lazy("reservation", "Released")

    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="part_reservations",
    )
    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.part_id} x {self.quantity} ({self.status})"


class PartShortage(models.Model):
    """What an approved repair needs and its service point lacks, with the proposed source."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("shortage", "Open")
        FILLED = "filled", pgettext_lazy("shortage", "Filled")
        CANCELLED = "cancelled", pgettext_lazy("shortage", "Cancelled")

    class Source(models.TextChoices):
        TRANSFER = "transfer", _("Transfer from another site")
        PURCHASE = "purchase", _("Purchase from the supplier")

    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="part_shortages",
    )
    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, verbose_name=_("needed at"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    source = models.CharField(_("proposed source"), max_length=10, choices=Source.choices)
    source_location = models.ForeignKey(
        StockLocation,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    emergency = models.BooleanField(_("emergency"), default=False)
    expected_date = models.DateField(_("expected"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["expected_date", "id"]
        verbose_name = _("parts shortage")
        verbose_name_plural = _("parts shortages")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.part_id} x {self.quantity} short ({self.status})"


class Transfer(models.Model):
    """Stock on its way from one location to another: out when shipped, in when received."""

    class Status(models.TextChoices):
        IN_TRANSIT = "in_transit", _("In transit")
        RECEIVED = "received", pgettext_lazy("transfer", "Received")

    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    from_location = models.ForeignKey(
        StockLocation, verbose_name=_("from"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_location = models.ForeignKey(
        StockLocation, verbose_name=_("to"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    emergency = models.BooleanField(_("emergency"), default=False)
    shortage = models.ForeignKey(
        PartShortage,
        verbose_name=_("for shortage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_TRANSIT)
    shipped_at = models.DateTimeField(_("shipped at"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["-shipped_at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_location=F("to_location")), name="parts_transfer_two_sites"
            )
        ]

    def __str__(self) -> str:
        return f"{self.part_id} x {self.quantity}: {self.from_location_id} -> {self.to_location_id} ({self.status})"


class PurchaseRequest(models.Model):
    """A request to buy parts from the supplier for one location (for a shortage or a reorder point)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("purchase", "Open")
        RECEIVED = "received", pgettext_lazy("purchase", "Received")
        CANCELLED = "cancelled", pgettext_lazy("purchase", "Cancelled")

    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, verbose_name=_("for"), on_delete=models.PROTECT, related_name="+"
    )
    supplier = models.ForeignKey(
        "parts.Supplier", verbose_name=_("supplier"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    expected_date = models.DateField(_("expected"))
    shortage = models.ForeignKey(
        PartShortage,
        verbose_name=_("for shortage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["expected_date", "id"]
        verbose_name = _("purchase request")
        verbose_name_plural = _("purchase requests")

    def __str__(self) -> str:
        return f"{self.part_id} x {self.quantity} for {self.location_id} ({self.status})"


class DefectiveReturn(models.Model):
    """A removed defective part followed back to the warehouse or the supplier (RMA) until settled."""

    class Status(models.TextChoices):
        REMOVED = "removed", _("Removed from the device")
        AT_WAREHOUSE = "at_warehouse", _("At the warehouse")
        AT_SUPPLIER = "at_supplier", _("Sent to the supplier (RMA)")
        CREDITED = "credited", _("Credited")
        SCRAPPED = "scrapped", _("Scrapped")

    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="defective_returns",
    )
    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    serial = models.CharField(_("serial number"), max_length=80, blank=True)
    location = models.ForeignKey(
        StockLocation, verbose_name=_("where"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.REMOVED)
    rma_number = models.CharField(_("RMA number"), max_length=60, blank=True)
    credit_amount = models.DecimalField(_("credit"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("defective-part return")
        verbose_name_plural = _("defective-part returns")

    def __str__(self) -> str:
        return f"{self.part_id} {self.serial} ({self.status})"


class StockCount(models.Model):
    """A cycle count of some parts at one location; closing it books the variances as adjustments."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("count", "Counting")
        CLOSED = "closed", pgettext_lazy("count", "Closed")

    location = models.ForeignKey(
        StockLocation, verbose_name=_("location"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        USER, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")

    def __str__(self) -> str:
        return f"count #{self.pk} at {self.location_id} ({self.status})"


class CountLine(models.Model):
    """One part of a count: what the ledger said when counting began, and what was found."""

    count = models.ForeignKey(
        StockCount, verbose_name=_("count"), on_delete=models.CASCADE, related_name="lines"
    )
    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.PROTECT, related_name="+")
    expected = models.IntegerField(_("expected"))
    counted = models.PositiveIntegerField(_("counted"), null=True, blank=True)

    class Meta:
        ordering = ["count", "part"]
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        constraints = [models.UniqueConstraint(fields=["count", "part"], name="parts_countline_uniq")]

    def __str__(self) -> str:
        return f"{self.part_id}: {self.expected} -> {self.counted}"

    @property
    def variance(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected


class StockTarget(models.Model):
    """Planned levels for one part at one location, recomputed from the ledger by the worker."""

    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(
        StockLocation, verbose_name=_("location"), on_delete=models.CASCADE, related_name="+"
    )
    method = models.CharField(_("forecast method"), max_length=40)
    # How the policy spread lead-time demand and what fill rate it aimed each part at to serve the
    # target overall; `rehearsed` is false when the store had too little history to rehearse.
    error_model = models.CharField(_("demand spread"), max_length=20, default="normal")
    nominal_fill_rate = models.FloatField(_("fill rate aimed at"), null=True, blank=True)
    rehearsed = models.BooleanField(_("rehearsed on history"), default=False)
    mean_per_month = models.FloatField(_("forecast per month"))
    reorder_point = models.IntegerField(_("reorder point"))
    order_up_to = models.IntegerField(_("order-up-to level"))
    service_level = models.FloatField(_("target fill rate"))
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"))
    why = models.TextField(_("reasoning"), blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["location", "part"]
        verbose_name = _("stock target")
        verbose_name_plural = _("stock targets")
        constraints = [models.UniqueConstraint(fields=["part", "location"], name="parts_target_uniq")]

    def __str__(self) -> str:
        return f"{self.part_id}@{self.location_id}: s={self.reorder_point} S={self.order_up_to}"


class Suggestion(models.Model):
    """A proposed purchase or rebalancing transfer, with the numbers behind it."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", _("Purchase")
        TRANSFER = "transfer", _("Transfer")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    part = models.ForeignKey("parts.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="+")
    to_location = models.ForeignKey(
        StockLocation, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+"
    )
    from_location = models.ForeignKey(
        StockLocation,
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    urgent = models.BooleanField(_("urgent"), default=False)
    reasoning = models.JSONField(_("reasoning"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-urgent", "part", "id"]
        verbose_name = _("replenishment suggestion")
        verbose_name_plural = _("replenishment suggestions")

    def __str__(self) -> str:
        return f"{self.kind} {self.part_id} x {self.quantity} -> {self.to_location_id}"
