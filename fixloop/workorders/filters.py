"""One FilterSet for the order list, shared by the API and the console."""

import re

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fixloop.sla.urgency import FILTER_CHOICES as SLA_CHOICES
from fixloop.sla.urgency import urgency_q
from fixloop.workorders.choices import Channel, Kind, Priority, ServiceMode
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.states import State

NUMBER_RE = re.compile(r"^[A-Z]{2}-\d{8}-\d+$", re.IGNORECASE)
PHONE_RE = re.compile(r"^\+?\d{4,15}$")
NAME_SEPARATORS = re.compile(r"[\s,，、·]+")  # "Chen, Alex", 张，伟


class WorkOrderFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=State.choices, label=_("state"), distinct=False)
    kind = django_filters.MultipleChoiceFilter(choices=Kind.choices, label=_("kind"), distinct=False)
    priority = django_filters.MultipleChoiceFilter(
        choices=Priority.choices, label=_("priority"), distinct=False
    )
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=_("channel"))
    service_mode = django_filters.ChoiceFilter(choices=ServiceMode.choices, label=_("service mode"))
    service_point = django_filters.NumberFilter(field_name="service_point_id", label=_("service point"))
    assignee = django_filters.NumberFilter(field_name="assignee_id", label=_("engineer"))
    unassigned = django_filters.BooleanFilter(
        field_name="assignee", lookup_expr="isnull", label=_("unassigned")
    )
    customer = django_filters.NumberFilter(field_name="customer_id", label=_("customer"))
    partner = django_filters.NumberFilter(field_name="partner_id", label=_("partner"))
    created_after = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gte", label=_("created from")
    )
    created_before = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="lt", label=_("created before")
    )
    q = django_filters.CharFilter(method="search", label=_("search"))
    sla = django_filters.ChoiceFilter(choices=SLA_CHOICES, method="sla_status", label=_("SLA status"))

    class Meta:
        model = WorkOrder
        fields: list[str] = []

    def sla_status(self, queryset, name, value):
        """The SLA urgency as of now, read from the orders' SLA snapshots (fixloop.sla)."""
        return queryset.filter(urgency_q(value, timezone.now()))

    def search(self, queryset, name, value):
        """Order number, phone and serial are exact (indexed); anything else searches the text and the
        customer's and contact's names."""
        value = value.strip()
        if not value:
            return queryset
        if NUMBER_RE.match(value):
            return queryset.filter(number=value.upper())
        if PHONE_RE.match(value):
            return queryset.filter(Q(contact_phone=value) | Q(device__serial=value))
        return queryset.filter(
            Q(symptoms__icontains=value)
            | Q(device__serial=value)
            | Q(error_codes__icontains=value)
            | name_q(value)
        )


def name_q(value: str) -> Q:
    """Every word of `value` in the customer's or the contact's name, in any order.

    Names are stored as fixloop.accounts.names writes them: Chinese family name first without a space
    (张伟), Western names "First Last". So 张, 张伟, 张 伟, "Alex Chen" and "Chen Alex" all find them.
    """
    words = [word for word in NAME_SEPARATORS.split(value) if word]
    if not words:
        return Q(pk__in=[])  # an empty Q() would match every order
    condition = Q()
    for word in words:
        condition &= Q(customer__name__icontains=word) | Q(contact_name__icontains=word)
    return condition
