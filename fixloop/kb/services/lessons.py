"""Lessons learnt: a closed repair whose fix the knowledge base does not cover yet becomes a draft article."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fixloop.kb import index
from fixloop.kb.models import Article
from fixloop.kb.services.articles import ArticleContent, create_article
from fixloop.workorders.choices import Kind
from fixloop.workorders.models import Diagnosis, WorkOrder, WorkOrderEvent

# A published article for the same model or category scoring at least this in the top 3 for the order's
# symptoms and findings counts as covering the fix (fused scores: about 1 for a good lexical match).
COVERED_SCORE = 1.0
# Events whose payload describes the repair itself, and the payload keys that hold it.
REPAIR_TEXT = {
    "start_repair": "plan",
    "wait_parts": "parts",
    "submit_qc": "work_done",
    "resolve_remotely": "resolution",
}


def is_covered(order: WorkOrder, text: str) -> bool:
    category_id = order.product_model.category_id if order.product_model else None
    for article, score in index.search(text, product_model=order.product_model, k=3):
        applies = (
            order.product_model_id and article.product_models.filter(pk=order.product_model_id).exists()
        ) or (category_id and article.categories.filter(pk=category_id).exists())
        if applies and score >= COVERED_SCORE:
            return True
    return False


def _repair_steps(order: WorkOrder) -> list[str]:
    steps = []
    for event in WorkOrderEvent.objects.filter(order=order, action__in=REPAIR_TEXT).order_by("id"):
        value = (event.payload or {}).get(REPAIR_TEXT[event.action])
        if value and value not in steps:
            steps.append(str(value))
    return steps


def draft_from_order(*, order_id: int) -> Article | None:
    """Draft an article from a closed repair's diagnosis and repair records, unless one exists already or the
    fix is covered. Idempotent: one draft per order (unique source_order), so a repeated message is harmless."""
    order = WorkOrder.objects.select_related("product_model").filter(pk=order_id).first()
    if order is None or order.kind != Kind.REPAIR or Article.objects.filter(source_order=order).exists():
        return None
    diagnoses = list(Diagnosis.objects.filter(order=order).order_by("id"))
    steps = _repair_steps(order)
    if not diagnoses or not steps:
        return None
    findings = "\n".join(d.findings for d in diagnoses)
    if is_covered(order, f"{order.symptoms} {findings}"):
        return None
    model = order.product_model
    content = ArticleContent(
        title=order.symptoms.strip().splitlines()[0][:120],
        symptoms=order.symptoms,
        cause="\n".join(f"{d.get_cause_display()}：{d.findings}" for d in diagnoses),
        solution="\n".join(steps),
        error_codes=order.error_codes,
        tags=order.fault_category,
        category_ids=[model.category_id] if model else [],
        model_ids=[model.pk] if model else [],
    )
    try:
        with transaction.atomic():
            return create_article(
                actor=None, content=content, source_order_id=order.pk,
                note=_("Drafted from order {number}").format(number=order.number),
            )  # fmt: skip
    except IntegrityError:  # another worker drafted it at the same moment
        return None


def on_order_closed(message) -> None:
    draft_from_order(order_id=message.payload["order_id"])
