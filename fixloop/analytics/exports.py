"""Reports as tables: each report is rows of dicts, exported to CSV or XLSX through tablib."""

import datetime as dt

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _

from fixloop.analytics import kpis, quality, scorecards
from fixloop.analytics.filters import Filters

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _kpi_rows(f: Filters, today: dt.date) -> list[dict]:
    """The dashboard's headline numbers flattened to (section, measure, value) rows."""
    now = Filters(start=today, end=today).start_at
    rows = []
    for section, values in kpis.dashboard(f, now).items():
        for measure, value in values.items():
            if not isinstance(value, dict | list):
                rows.append({"section": section, "measure": measure, "value": value})
    return rows


REPORTS = {
    "kpis": _kpi_rows,
    "engineers": lambda f, today: scorecards.engineers(f),
    "service_points": lambda f, today: scorecards.service_points(f),
    "pareto": lambda f, today: quality.pareto(f, limit=500),
    "failure_rate": lambda f, today: quality.failure_rate(f),
    "emerging": lambda f, today: quality.emerging(f, today),
}


def dataset(rows: list[dict], title: str) -> tablib.Dataset:
    data = tablib.Dataset(title=title[:31])
    if rows:
        data.headers = list(rows[0])
        for row in rows:
            data.append([row[key] for key in data.headers])
    return data


def response(rows: list[dict], name: str, fmt: str) -> HttpResponse:
    """A download of `rows` as CSV (with a BOM so Excel reads Chinese) or XLSX."""
    data = dataset(rows, name)
    if fmt == "csv":
        body = "\ufeff" + (data.export("csv") if rows else "")
    else:
        body = data.export("xlsx")
    out = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    out["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return out


def report_label(name: str) -> str:
    return {
        "kpis": _("Key figures"),
        "engineers": _("Engineer scorecards"),
        "service_points": _("Service point scorecards"),
        "pareto": _("Fault Pareto"),
        "failure_rate": _("Failures by months in service"),
        "emerging": _("Emerging issues"),
    }[name]
