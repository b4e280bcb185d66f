"""Triage assistant: train on the company's own closed orders, suggest on new ones, record the agent's choice.

Suggestions are never applied by themselves: an agent accepts them with one click (accept_suggestion, which
calls the work-order triage service) or triages differently; either way record_decision stores the choice,
so accuracy in production is measured (accuracy()).
"""

import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fixloop.accounts.actor import Actor
from fixloop.core.errors import Forbidden, ValidationFailed
from fixloop.kb import index
from fixloop.kb.models import TriageSuggestion, TriageTraining
from fixloop.kb.permissions import TRIAGE_ROLES
from fixloop.triage import model as core
from fixloop.workorders.models import WorkOrder
from fixloop.workorders.services import triage as triage_order
from fixloop.workorders.states import State

# What the assistant learns; each is an order field set at triage.
TARGETS = ("kind", "fault_category", "priority")
# Orders whose triage is final enough to learn from.
LEARN_STATES = (State.CLOSED, State.RESOLVED)
_models: dict[str, tuple[tuple[str, int], core.TriageModel]] = {}
_lock = threading.Lock()


def _text(order: WorkOrder) -> str:
    model = order.product_model
    return " ".join(filter(None, [order.symptoms, order.error_codes, model.name if model else ""]))


def _features(order: WorkOrder) -> dict[str, str]:
    model = order.product_model
    return {
        "category": model.category.code if model else "",
        "tier": order.customer.tier,
        "channel": order.channel,
    }


def training_examples(target: str) -> list[core.Example]:
    orders = WorkOrder.objects.filter(state__in=LEARN_STATES).select_related(
        "product_model__category", "customer"
    )
    return [
        core.Example(text=_text(o), label=str(getattr(o, target)), features=_features(o))
        for o in orders.order_by("id")
        if getattr(o, target)
    ]


def target_label(target: str) -> str:
    """The order field's name as people read it ("Priority"), not its code."""
    return str(capfirst(WorkOrder._meta.get_field(target).verbose_name))


def value_label(target: str, value: str) -> str:
    """A suggested or chosen value as its choice label; free-text fields (fault category) show as typed."""
    return str(dict(WorkOrder._meta.get_field(target).flatchoices).get(value, value))


def readiness(target: str) -> dict:
    """What training `target` would have now: closed orders of values common enough to learn, and how many
    such values (the model needs MIN_EXAMPLES of the first and two of the second)."""
    counts = (
        WorkOrder.objects.filter(state__in=LEARN_STATES)
        .exclude(**{target: ""})
        .values(target)
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    common = [n for n in counts if n >= core.MIN_PER_CLASS]
    usable, classes = sum(common), len(common)
    return {"usable": usable, "classes": classes, "ready": usable >= core.MIN_EXAMPLES and classes >= 2}


def readiness_text(figures: dict) -> list[str]:
    """Why a target cannot be learnt yet, as sentences for the manager (counted with ngettext)."""
    values = {"count": figures["usable"], "min": core.MIN_EXAMPLES}
    orders = (
        ngettext(
            "%(count)d closed order can be learnt from; at least %(min)d are needed.",
            "%(count)d closed orders can be learnt from; at least %(min)d are needed.",
            figures["usable"],
        )
        % values
    )
    groups = ngettext(
        "%(count)d value is common enough to learn (%(per)d or more orders); at least 2 are needed.",
        "%(count)d values are common enough to learn (%(per)d or more orders each); at least 2 are needed.",
        figures["classes"],
    ) % {"count": figures["classes"], "per": core.MIN_PER_CLASS}
    return [orders, groups]


def train_all() -> list[TriageTraining]:
    """Train one model per target; with too little history a target gets no model and says why."""
    runs = []
    vocabulary = index.vocabulary()
    for target in TARGETS:
        examples = training_examples(target)
        try:
            trained = core.train(examples, target=target, vocabulary=vocabulary)
        except core.TooLittleHistory as exc:
            runs.append(
                TriageTraining.objects.create(
                    target=target, ok=False, n_examples=len(examples), message=str(exc)[:300]
                )
            )
            continue
        core.save_model(trained, settings.FIXLOOP_TRIAGE_MODEL_DIR)
        runs.append(
            TriageTraining.objects.create(
                target=target, ok=True, model_version=trained.version, n_examples=trained.n_examples
            )
        )
    return runs


def train_job(now=None) -> int:
    return sum(run.ok for run in train_all())


def _model(target: str) -> core.TriageModel | None:
    """The newest model of `target`, cached per process and reloaded when a newer file appears."""
    directory = settings.FIXLOOP_TRIAGE_MODEL_DIR
    versions = core._versions(directory, target) if directory.exists() else []
    if not versions:
        return None
    newest = versions[-1][0]
    # Keyed by folder too: version numbers restart in another folder (a test's, or a moved data dir).
    key = (str(directory), newest)
    with _lock:
        cached = _models.get(target)
        if cached is None or cached[0] != key:
            try:
                cached = (key, core.load_model(directory, target, newest))
            except (FileNotFoundError, RuntimeError):
                return None
            _models[target] = cached
    return cached[1]


@dataclass
class Suggestion:
    target: str
    label: str
    confidence: float


def predict(order: WorkOrder) -> dict[str, dict]:
    out = {}
    for target in TARGETS:
        trained = _model(target)
        if trained is None:
            continue
        prediction = trained.predict(_text(order), _features(order))
        out[target] = {
            "label": prediction.label,
            "confidence": prediction.confidence,
            "model_version": trained.version,
        }
    return out


def suggest_for(*, order_id: int) -> TriageSuggestion | None:
    """Store the suggestion for a new order once (idempotent); None when no model is trained."""
    existing = TriageSuggestion.objects.filter(order_id=order_id).first()
    if existing is not None:
        return existing
    order = (
        WorkOrder.objects.select_related("product_model__category", "customer").filter(pk=order_id).first()
    )
    if order is None:
        return None
    suggestions = predict(order)
    if not suggestions:
        return None
    try:
        with transaction.atomic():
            return TriageSuggestion.objects.create(order=order, suggestions=suggestions)
    except IntegrityError:
        return TriageSuggestion.objects.get(order_id=order_id)


def on_order_created(message) -> None:
    suggest_for(order_id=message.payload["order_id"])


@transaction.atomic
def record_decision(
    *, order_id: int, chosen: dict[str, str], user_id: int | None, one_click: bool = False
) -> None:
    """Store what the agent chose per target beside what was suggested (first triage only)."""
    suggestion = TriageSuggestion.objects.select_for_update().filter(order_id=order_id).first()
    if suggestion is None or suggestion.decided_at is not None:
        return
    suggestion.decision = {
        t: {"chosen": str(chosen.get(t, "")), "accepted": str(chosen.get(t, "")) == s["label"]}
        for t, s in suggestion.suggestions.items()
    }
    suggestion.accepted_all = one_click
    suggestion.decided_by_id = user_id
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["decision", "accepted_all", "decided_by", "decided_at"])


def on_order_triaged(message) -> None:
    """Whoever triaged and however (this panel, the order page, the API), the choice is recorded."""
    order = WorkOrder.objects.filter(pk=message.payload["order_id"]).first()
    if order is None:
        return
    from fixloop.workorders.models import WorkOrderEvent

    event = WorkOrderEvent.objects.filter(pk=message.payload.get("event_id")).first()
    record_decision(
        order_id=order.pk,
        chosen={t: getattr(order, t) for t in TARGETS},
        user_id=event.actor_user_id if event else None,
    )


def accept_suggestion(
    *, actor: Actor, number: str, expected_version: int, service_point_id: int | None = None
) -> WorkOrder:
    """One click: triage the order with the suggested values. Guards: a triage role; a suggestion for every
    target the triage needs (priority); the work-order service checks state, version and scope."""
    if actor.role not in TRIAGE_ROLES:
        raise Forbidden("triage_forbidden", _("Your role may not triage orders."))
    suggestion = TriageSuggestion.objects.filter(order__number=number).first()
    values = {t: s["label"] for t, s in (suggestion.suggestions if suggestion else {}).items()}
    if "priority" not in values:
        raise ValidationFailed("no_suggestion", _("There is no suggestion to accept for this order."))
    order = triage_order(
        actor=actor, number=number, expected_version=expected_version, priority=values["priority"],
        kind=values.get("kind"), fault_category=values.get("fault_category", ""), service_point_id=service_point_id,
    )  # fmt: skip
    record_decision(
        order_id=order.pk,
        chosen={t: getattr(order, t) for t in TARGETS},
        user_id=actor.user.pk,
        one_click=True,
    )
    return order


def accuracy() -> dict[str, dict]:
    """Per target: decided suggestions and how many the agents kept."""
    out: dict[str, dict] = {t: {"decided": 0, "accepted": 0} for t in TARGETS}
    for decision in TriageSuggestion.objects.exclude(decided_at=None).values_list("decision", flat=True):
        for target, choice in decision.items():
            if target in out:
                out[target]["decided"] += 1
                out[target]["accepted"] += int(choice["accepted"])
    for figures in out.values():
        figures["rate"] = figures["accepted"] / figures["decided"] if figures["decided"] else None
    return out
