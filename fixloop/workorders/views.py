"""Console pages for cost accounting: the manager's budget page (order pages live in fixloop.web)."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.accounts.roles import Role
from fixloop.core.errors import DomainError
from fixloop.organisation.models import ServicePoint
from fixloop.web.access import request_actor, role_required
from fixloop.web.errors import apply_domain_error
from fixloop.workorders.services.budgets import budget_overview, repeat_repairs, set_budget


class BudgetForm(forms.Form):
    service_point_id = forms.ModelChoiceField(
        ServicePoint.objects.filter(is_active=True).order_by("name"), label=gettext_lazy("Service point")
    )
    month = forms.DateField(
        label=gettext_lazy("Month"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"})
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Budget (¥)"), min_value=0, max_digits=12, decimal_places=2
    )


def _month(raw: str | None) -> dt.date:
    try:
        return dt.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


@role_required(Role.MANAGER)
def budgets(request):
    """Budget against spending per service point for a month, and the quotes held as over budget."""
    month = _month(request.GET.get("month"))
    form = BudgetForm(request.POST or None, initial={"month": month.strftime("%Y-%m")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_budget(
                actor=request_actor(request), service_point_id=data["service_point_id"].pk,
                month=data["month"], amount=data["amount"],
            )  # fmt: skip
        except DomainError as exc:
            apply_domain_error(request, form, exc)
        else:
            messages.success(request, _("Budget saved."))
            return redirect(f"{request.path}?month={data['month']:%Y-%m}")
    context = {
        "data": budget_overview(month), "repeats": repeat_repairs(month), "form": form,
        "month_value": month.strftime("%Y-%m"),
    }  # fmt: skip
    return render(request, "workorders/budgets.html", context)
