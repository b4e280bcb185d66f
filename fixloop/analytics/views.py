"""Manager pages: the KPI dashboard, scorecards, quality feedback for R&D, and report downloads."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fixloop.accounts.roles import Role
from fixloop.analytics import exports, imports, kpis, quality, scorecards
from fixloop.analytics.components import component_label
from fixloop.analytics.filters import FilterForm
from fixloop.web.access import role_required
from fixloop.workorders.states import State

manager_required = role_required(Role.MANAGER)


def _filters(request):
    form = FilterForm(request.GET or None)
    return form, form.filters(timezone.localdate())


def chart_data(data: dict, pareto: list[dict]) -> dict:
    """What the charts draw, with translated labels (the browser only lays them out)."""
    backlog = data["backlog"]
    return {
        "backlog_state": {
            "labels": [str(State(s).label) for s in backlog["by_state"]],
            "values": list(backlog["by_state"].values()),
        },
        "backlog_age": {"labels": list(backlog["by_age"]), "values": list(backlog["by_age"].values())},
        "volume": {
            "labels": [row["day"] for row in data["volume"]["by_day"]],
            "values": [row["n"] for row in data["volume"]["by_day"]],
        },
        "csat": {
            "labels": [str(k) for k in data["satisfaction"]["csat_by_score"]],
            "values": list(data["satisfaction"]["csat_by_score"].values()),
        },
        "pareto": {
            "labels": [f"{row['model']} · {component_label(row['component'])}" for row in pareto],
            "values": [row["failures"] for row in pareto],
            "cumulative": [round(100 * row["cumulative"], 1) for row in pareto],
        },
        "names": {
            "orders": str(_("Orders")), "cumulative": str(_("Cumulative %")), "answers": str(_("Answers")),
            "failures": str(_("Failures")),
        },
    }  # fmt: skip


@manager_required
def dashboard(request):
    form, f = _filters(request)
    data = kpis.dashboard(f, timezone.now())
    pareto = quality.pareto(f, limit=12)
    context = {"form": form, "f": f, "data": data, "query": request.GET.urlencode(),
               "charts": chart_data(data, pareto)}  # fmt: skip
    return render(request, "analytics/dashboard.html", context)


@manager_required
def scorecards_page(request):
    form, f = _filters(request)
    context = {"form": form, "f": f, "query": request.GET.urlencode(),
               "engineers": scorecards.engineers(f), "points": scorecards.service_points(f)}  # fmt: skip
    return render(request, "analytics/scorecards.html", context)


@manager_required
def quality_page(request):
    form, f = _filters(request)
    today = timezone.localdate()
    context = {"form": form, "f": f, "query": request.GET.urlencode(), "pareto": quality.pareto(f),
               "failure_rate": quality.failure_rate(f), "emerging": quality.emerging(f, today)}  # fmt: skip
    return render(request, "analytics/quality.html", context)


@manager_required
def export(request, report: str, fmt: str):
    if report not in exports.REPORTS or fmt not in exports.CONTENT_TYPES:
        raise Http404
    _form, f = _filters(request)
    rows = exports.REPORTS[report](f, timezone.localdate())
    return exports.response(rows, report, fmt)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to import"), choices=[
        ("customers", gettext_lazy("Customers")), ("product_models", gettext_lazy("Product models")),
        ("devices", gettext_lazy("Devices")), ("parts", gettext_lazy("Parts")), ("orders", gettext_lazy("Historical orders")),
    ])  # fmt: skip
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(gettext_lazy("The file is larger than 10 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(gettext_lazy("Upload a CSV or XLSX file."))
        return upload


@manager_required
def import_page(request):
    """Upload, check (dry run: every row's errors, nothing written), then import the same file."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.run_import(
                form.cleaned_data["kind"], upload.read(), upload.name.rsplit(".", 1)[-1].lower(),
                commit=request.POST.get("mode") == "commit",
            )  # fmt: skip
        except imports.ImportFormatError as exc:
            form.add_error("file", str(exc))
    return render(request, "analytics/import.html", {"form": form, "result": result})
