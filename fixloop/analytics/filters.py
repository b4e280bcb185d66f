"""The dashboard's filters: a period and the dimensions every KPI can be cut by."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.catalog.models import ProductCategory, ProductModel
from fixloop.organisation.models import Engineer, ServicePoint
from fixloop.workorders.choices import Channel


@dataclass(frozen=True)
class Filters:
    """A half-open period [start, end) in local dates, and optional dimensions."""

    start: dt.date
    end: dt.date  # exclusive
    service_point_id: int | None = None
    category_id: int | None = None
    model_id: int | None = None
    engineer_id: int | None = None
    channel: str = ""

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.min))

    def orders(self, prefix: str = "") -> Q:
        """The dimension filters as a Q on WorkOrder (or on a relation to it, given `prefix`)."""
        conditions = {
            "service_point_id": self.service_point_id,
            "product_model__category_id": self.category_id,
            "product_model_id": self.model_id,
            "assignee_id": self.engineer_id,
            "channel": self.channel or None,
        }
        return Q(**{f"{prefix}{field}": value for field, value in conditions.items() if value is not None})

    @property
    def has_dimensions(self) -> bool:
        return any((self.service_point_id, self.category_id, self.model_id, self.engineer_id, self.channel))

    def period(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_at})


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 30 days including today."""
    return today - dt.timedelta(days=29), today + dt.timedelta(days=1)


# A filter left empty means every value, so its empty choice says so rather than Django's "---------".
ALL = _("All")


class FilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    service_point = forms.ModelChoiceField(
        label=_("Service point"),
        queryset=ServicePoint.objects.order_by("code"),
        required=False,
        empty_label=ALL,
    )
    category = forms.ModelChoiceField(
        label=_("Product category"),
        queryset=ProductCategory.objects.order_by("code"),
        required=False,
        empty_label=ALL,
    )
    model = forms.ModelChoiceField(
        label=_("Product model"),
        queryset=ProductModel.objects.order_by("brand", "code"),
        required=False,
        empty_label=ALL,
    )
    engineer = forms.ModelChoiceField(
        label=_("Engineer"),
        queryset=Engineer.objects.select_related("user").order_by("user__username"),
        required=False,
        empty_label=ALL,
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", ALL), *Channel.choices], required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data

    def filters(self, today: dt.date) -> Filters:
        """The chosen filters; the inclusive "to" date becomes the exclusive end."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start, end = default_period(today)
        if data.get("start"):
            start = data["start"]
        if data.get("end"):
            end = data["end"] + dt.timedelta(days=1)
        pk = lambda obj: obj.pk if obj else None  # noqa: E731
        return Filters(
            start=start, end=end, service_point_id=pk(data.get("service_point")),
            category_id=pk(data.get("category")), model_id=pk(data.get("model")),
            engineer_id=pk(data.get("engineer")), channel=data.get("channel") or "",
        )  # fmt: skip
