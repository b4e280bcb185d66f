"""The demo's year of history comes in through the order importer, once, before the live orders."""

import datetime as dt
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fixloop.analytics.imports import run_import
from fixloop.catalog.models import Device
from fixloop.customers.models import Customer
from fixloop.demo import history, loader, timeline
from fixloop.kb.models import TriageSuggestion
from fixloop.kb.services import triage
from fixloop.triage.model import MIN_EXAMPLES
from fixloop.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_dirs(settings, tmp_path):
    settings.FIXLOOP_KB_INDEX_DIR = tmp_path / "kb-index"
    settings.FIXLOOP_TRIAGE_MODEL_DIR = tmp_path / "triage-models"


def test_each_history_file_passes_the_importers_dry_run_with_no_row_error():
    loader.load_master()
    customers, devices, orders = history.generate(timezone.now())
    for kind, rows in (("customers", customers), ("devices", devices), ("orders", orders)):
        check = run_import(kind, history._csv(rows), "csv", commit=False)
        assert check.ok and check.created == len(rows) and not check.committed, check.errors[:3]
        if kind != "orders":  # the next file refers to these rows
            assert run_import(kind, history._csv(rows), "csv", commit=True).committed
    assert not WorkOrder.objects.exists()  # the dry run wrote nothing


def test_history_spans_the_year_before_the_live_orders_and_loads_once():
    loader.load_master()
    loader.load_orders(count=10)
    live = set(WorkOrder.objects.values_list("pk", flat=True))
    now = timezone.now()
    assert history.load(now) == history.COUNT
    imported = WorkOrder.objects.exclude(pk__in=live)
    assert imported.count() == history.COUNT and not imported.filter(events__isnull=False).exists()
    assert not imported.filter(imported=False).exists()
    assert not WorkOrder.objects.filter(pk__in=live, imported=True).exists()
    assert set(imported.values_list("state", flat=True)) == {"closed", "cancelled"}
    live_start = now - timeline.WINDOW - timeline.MARGIN
    for created, resolved, closed in imported.values_list("created_at", "resolved_at", "closed_at"):
        assert (
            now - dt.timedelta(days=history.DAYS) - timeline.WINDOW
            <= created
            <= (resolved or closed)
            <= closed
        )
        assert closed < live_start  # the history ends where the demo's live weeks begin
    months = {
        c.astimezone(timezone.get_current_timezone()).strftime("%Y-%m")
        for c in imported.values_list("created_at", flat=True)
    }
    assert len(months) >= 12
    assert len(set(imported.values_list("kind", flat=True))) >= 4
    faults = defaultdict(set)
    for category, fault in imported.filter(kind="repair").values_list(
        "product_model__category__code", "fault_category"
    ):
        faults[category].add(fault)
    assert all(6 <= len(codes) <= 10 for codes in faults.values()), faults
    assert len(set(imported.values_list("symptoms", flat=True))) > history.COUNT // 2  # varied texts
    numbers = list(imported.values_list("number", flat=True))
    assert all(
        n.split("-")[1] < f"{live_start:%Y%m%d}" for n in numbers
    )  # past days: no clash with live numbers

    counts = (WorkOrder.objects.count(), Customer.objects.count(), Device.objects.count())
    assert history.load() == 0  # idempotent
    assert (WorkOrder.objects.count(), Customer.objects.count(), Device.objects.count()) == counts


def test_a_bad_history_row_fails_loudly_and_writes_nothing(monkeypatch):
    loader.load_master()
    real = history.generate

    def broken(now, **kwargs):
        customers, devices, orders = real(now, **kwargs)
        orders[3]["engineer"] = "nobody"
        return customers, devices, orders

    monkeypatch.setattr(history, "generate", broken)
    with pytest.raises(history.HistoryImportError, match="row 5 engineer"):
        history.load()
    assert not WorkOrder.objects.exists() and not history.loaded()


def test_demo_load_makes_the_triage_assistant_ready(settings):
    out = StringIO()
    call_command("demo", no_serve=True, stdout=out)
    for target in ("kind", "fault_category"):
        figures = triage.readiness(target)
        assert figures["ready"] and figures["usable"] >= 2 * MIN_EXAMPLES and figures["classes"] >= 4, (
            target,
            figures,
        )
    assert "Order history" in out.getvalue() or "历史工单" in out.getvalue()
    order = WorkOrder.objects.filter(state="new").order_by("id").first()
    suggestion = triage.suggest_for(order_id=order.pk)
    assert {"kind", "fault_category"} <= set(suggestion.suggestions)
    # Loading again adds nothing and trains no second time.
    counts = (WorkOrder.objects.count(), TriageSuggestion.objects.count())
    trainings = triage.TriageTraining.objects.count()
    call_command("demo", no_serve=True, stdout=StringIO())
    assert (WorkOrder.objects.count(), TriageSuggestion.objects.count()) == counts
    assert triage.TriageTraining.objects.count() == trainings
