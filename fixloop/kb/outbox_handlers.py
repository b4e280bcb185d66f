"""Outbox topics the knowledge base follows: article changes (index), new/triaged/closed orders."""

HANDLERS = {
    "kb.article": "fixloop.kb.jobs.on_article_changed",
    "workorder.create": "fixloop.kb.services.triage.on_order_created",
    "workorder.triage": "fixloop.kb.services.triage.on_order_triaged",
    "workorder.close": "fixloop.kb.services.lessons.on_order_closed",
}
