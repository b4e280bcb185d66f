"""Triage assistant: too little history suggests nothing; trained models suggest; the agent's choice is recorded."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.core.models import OutboxMessage
from fixloop.kb.models import TriageSuggestion, TriageTraining
from fixloop.kb.services import triage
from fixloop.testing.i18n import shown
from fixloop.testing.world import new_order
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.services import triage as triage_order

pytestmark = pytest.mark.django_db

HISTORY = [
    ("屏幕碎裂，触摸失灵", "screen", "normal"),
    ("屏幕摔坏了出现黑斑", "screen", "normal"),
    ("手机进水后无法开机", "power", "high"),
    ("充电没反应，开不了机", "power", "high"),
    ("电池鼓包，后盖顶起", "battery", "urgent"),
    ("电池掉电很快，发烫", "battery", "urgent"),
]


def make_history(world, count: int):
    """Closed orders as the company's past (bulk-created: history, not something under test)."""
    template = new_order(world)
    rows = []
    for i in range(count):
        text, category, priority = HISTORY[i % len(HISTORY)]
        rows.append(WorkOrder(number=f"RO-HIST-{i}", channel="hotline", service_mode="carry_in", state="closed",
                              priority=priority, customer=world.customer, contact_name="张伟", contact_phone="1",
                              product_model=world.phone_model, symptoms=f"{text}（第{i}次）", fault_category=category))  # fmt: skip
    WorkOrder.objects.bulk_create(rows)
    return template


def test_too_little_history_trains_nothing_and_suggests_nothing(client, world):
    order = make_history(world, 20)
    runs = triage.train_all()
    assert [r.ok for r in runs] == [False, False, False]
    assert "need 100" in runs[0].message
    assert triage.suggest_for(order_id=order.pk) is None
    client.force_login(world.users[Role.AGENT])
    page = client.get(f"/console/orders/{order.number}/")
    assert shown("Too little history to suggest yet: triage by hand.") in page.text


def test_suggests_and_records_a_one_click_accept(client, world):
    make_history(world, 120)
    runs = {r.target: r for r in triage.train_all()}
    assert runs["fault_category"].ok and runs["priority"].ok and not runs["kind"].ok  # kind has one class
    order = new_order(world, serial="SN-NEW-1")
    order.symptoms = "电池鼓包了"
    WorkOrder.objects.filter(pk=order.pk).update(symptoms="电池鼓包了，后盖顶起来")
    triage.on_order_created(OutboxMessage.objects.get(topic="workorder.create", payload__order_id=order.pk))
    suggestion = TriageSuggestion.objects.get(order=order)
    assert suggestion.suggestions["fault_category"]["label"] == "battery"
    assert suggestion.suggestions["priority"]["label"] == "urgent"
    assert 0 < suggestion.suggestions["priority"]["confidence"] <= 1
    order.refresh_from_db()
    assert (order.priority, order.fault_category) == ("normal", "")  # never applied by itself

    client.force_login(world.users[Role.AGENT])
    assert (
        "Accept suggestion" in client.get(f"/console/orders/{order.number}/").text
        or "采纳建议" in client.get(f"/console/orders/{order.number}/").text
    )
    client.post(f"/kb/console/orders/{order.number}/accept-triage/", {"version": order.version})
    order.refresh_from_db()
    suggestion.refresh_from_db()
    assert (order.state, order.priority, order.fault_category) == ("triaged", "urgent", "battery")
    assert suggestion.accepted_all and suggestion.decided_by == world.users[Role.AGENT]
    assert suggestion.decision == {"fault_category": {"chosen": "battery", "accepted": True},
                                   "priority": {"chosen": "urgent", "accepted": True}}  # fmt: skip
    assert triage.accuracy()["priority"] == {"decided": 1, "accepted": 1, "rate": 1.0}


def test_an_override_through_the_normal_triage_is_recorded(world):
    make_history(world, 120)
    triage.train_all()
    order = new_order(world, serial="SN-NEW-2")
    WorkOrder.objects.filter(pk=order.pk).update(symptoms="屏幕碎了")
    triage.suggest_for(order_id=order.pk)
    triage_order(actor=world.actor(Role.AGENT), number=order.number, expected_version=order.version, priority="low",
                 fault_category="screen")  # fmt: skip
    triage.on_order_triaged(OutboxMessage.objects.get(topic="workorder.triage", payload__order_id=order.pk))
    decision = TriageSuggestion.objects.get(order=order).decision
    assert decision["priority"] == {"chosen": "low", "accepted": False}
    assert decision["fault_category"] == {"chosen": "screen", "accepted": True}
    assert not TriageSuggestion.objects.get(order=order).accepted_all


def test_a_stale_accept_changes_nothing(client, world):
    make_history(world, 120)
    triage.train_all()
    order = new_order(world, serial="SN-NEW-3")
    triage.suggest_for(order_id=order.pk)
    client.force_login(world.users[Role.AGENT])
    client.post(f"/kb/console/orders/{order.number}/accept-triage/", {"version": order.version + 5})
    order.refresh_from_db()
    assert order.state == "new"
    assert TriageSuggestion.objects.get(order=order).decided_at is None


def test_command_reports_too_little_history(world):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("triage", "train", stdout=out)
    assert "too little history" in out.getvalue()
    assert TriageTraining.objects.filter(ok=False).count() == 3


def test_status_page_explains_what_is_missing_with_labels_not_codes(client, world):
    make_history(world, 20)
    triage.train_all()
    assert triage.readiness("kind") == {"usable": 20, "classes": 1, "ready": False}
    client.force_login(world.users[Role.MANAGER])
    page = client.get("/kb/console/triage/")
    assert page.status_code == 200
    for target in triage.TARGETS:
        assert shown(str(WorkOrder._meta.get_field(target).verbose_name).capitalize()) in page.text
    from django.conf import settings
    from django.utils import translation
    from django.utils.html import escape

    with translation.override(settings.LANGUAGE_CODE):
        kind_lines = triage.readiness_text(triage.readiness("kind"))
    assert all(escape(line) in page.text for line in kind_lines)
    # The English log of the training run is not what the manager reads.
    assert "usable examples" not in page.text and "fault_category" not in page.text


def test_status_page_counts_with_plural_forms_in_english(world):
    from django.utils import translation

    with translation.override("en"):
        one = triage.readiness_text({"usable": 1, "classes": 1})
        many = triage.readiness_text({"usable": 15, "classes": 3})
    assert one == ["1 closed order can be learnt from; at least 100 are needed.",
                   "1 value is common enough to learn (10 or more orders); at least 2 are needed."]  # fmt: skip
    assert many[0].startswith("15 closed orders") and many[1].startswith("3 values are common")


def test_panel_shows_labels_not_codes(client, world):
    make_history(world, 120)
    triage.train_all()
    order = new_order(world, serial="SN-NEW-LABEL")
    WorkOrder.objects.filter(pk=order.pk).update(symptoms="电池鼓包了，后盖顶起来")
    triage.suggest_for(order_id=order.pk)
    client.force_login(world.users[Role.AGENT])
    page = client.get(f"/console/orders/{order.number}/").text
    assert shown("Urgent") in page and shown("Priority") in page
    assert "<dt>priority</dt>" not in page and "<dd>urgent " not in page
