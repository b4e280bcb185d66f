"""Reads of complaints, always scoped to what the actor may see."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.accounts.actor import Actor
from fixloop.accounts.roles import Role
from fixloop.complaints.models import Complaint, ComplaintEvent, CorrectiveAction
from fixloop.complaints.states import HANDLERS, OPEN_STATES, Channel, Kind, Severity, State
from fixloop.core.errors import NotFound, ValidationFailed
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.permissions import order_scope

LIST_RELATED = ("customer", "owner")


def complaint_scope(actor: Actor) -> Q:
    """Which complaints an actor sees; anything outside answers 404.

    Decision (multi-site company): complaints follow the orders they are about. Managers see every
    complaint. Agents and dispatchers work for service points, so they see the complaints about orders they
    can see (their points' orders, and orders not yet routed to a point: order_scope), the complaints about
    no order at all (a general complaint or a consultation, handled by whoever answers the hotline, like an
    order not yet routed), and the ones they own, registered or have an action on. Engineers and the
    warehouse see only the ones they own or have an action on. Customers see their own.
    """
    if actor.role == Role.MANAGER:
        return Q()
    if actor.role == Role.CUSTOMER:
        return Q(customer_id=actor.customer_id) if actor.customer_id else Q(pk__in=[])
    if actor.user is None:
        return Q(pk__in=[])
    acting = CorrectiveAction.objects.filter(owner_id=actor.user.pk).values("complaint_id")
    mine = Q(owner_id=actor.user.pk) | Q(pk__in=acting)
    if actor.role in HANDLERS:
        links = Complaint.orders.through.objects
        visible_orders = WorkOrder.objects.filter(order_scope(actor)).values("pk")
        about_visible_orders = links.filter(workorder_id__in=visible_orders).values("complaint_id")
        about_an_order = links.values("complaint_id")
        return (
            mine | Q(created_by_id=actor.user.pk) | Q(pk__in=about_visible_orders) | ~Q(pk__in=about_an_order)
        )
    if actor.role in (Role.ENGINEER, Role.WAREHOUSE):
        return mine
    return Q(pk__in=[])


def complaint_queryset(actor: Actor) -> QuerySet[Complaint]:
    return Complaint.objects.filter(complaint_scope(actor)).select_related(*LIST_RELATED)


def complaint_get_for(actor: Actor, number: str) -> Complaint:
    """The complaint if the actor may see it; NotFound otherwise (no hint that it exists)."""
    complaint = complaint_queryset(actor).filter(number=number).first()
    if complaint is None:
        raise NotFound("complaint_not_found", _("Complaint {number} was not found.").format(number=number))
    return complaint


class ComplaintFilter(django_filters.FilterSet):
    """One filter set for the console list and the API list."""

    state = django_filters.MultipleChoiceFilter(choices=State.choices, label=gettext_lazy("State"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=gettext_lazy("Kind"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label=gettext_lazy("Channel"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=gettext_lazy("Severity"))
    owner = django_filters.NumberFilter(field_name="owner_id", label=gettext_lazy("Owner"))
    open = django_filters.BooleanFilter(method="filter_open", label=gettext_lazy("Open only"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=gettext_lazy("Response overdue"))
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("Search"))

    class Meta:
        model = Complaint
        fields: list[str] = []

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(state__in=OPEN_STATES) if value else queryset.filter(state=State.CLOSED)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(first_response_at__isnull=True, respond_by__lt=timezone.now())

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__iexact=value)
            | Q(subject__icontains=value)
            | Q(customer__phone=value)
            | Q(customer__name__icontains=value)
        )


def complaint_list(actor: Actor, params, *, limit: int = 50) -> list[Complaint]:
    """Newest first, filtered; one query whatever the number of rows."""
    filterset = ComplaintFilter(params, queryset=complaint_queryset(actor))
    if not filterset.is_valid():
        raise ValidationFailed(
            "invalid_filter", _("Some filters are not valid."), {"fields": filterset.errors.get_json_data()}
        )
    return list(filterset.qs.order_by("-id")[:limit])


def complaint_timeline(complaint: Complaint) -> list[ComplaintEvent]:
    return list(complaint.events.order_by("id"))


def complaint_actions(complaint: Complaint) -> list[CorrectiveAction]:
    return list(complaint.actions.select_related("owner").order_by("due_date", "id"))


def open_actions_due(today) -> QuerySet[CorrectiveAction]:
    """Corrective and preventive actions not done and due on or before `today`."""
    return CorrectiveAction.objects.filter(done_at__isnull=True, due_date__lte=today).select_related(
        "complaint", "owner"
    )
