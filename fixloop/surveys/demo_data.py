"""Demo: a survey for every closed demo order, most of them answered, with a few unhappy customers."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from fixloop.surveys import services
from fixloop.surveys.models import Survey
from fixloop.workorders.selectors import lifecycle_orders

# (CSAT, NPS, comment) cycled over the closed orders; the low ones escalate into complaints.
ANSWERS = [
    (5, 10, "工程师很专业，修得很快"),
    (4, 9, "整体满意，取件时间再灵活些更好"),
    (5, 9, ""),
    (3, 7, "等配件的时间有点长"),
    (5, 10, "上门准时，态度很好"),
    (2, 4, "修好后第二天又出现同样的问题"),
    (4, 8, ""),
    None,  # not answered yet
]


def load() -> str | None:
    closed = (
        lifecycle_orders()
        .filter(state="closed", survey__isnull=True)
        .select_related("customer")
        .order_by("id")
    )
    answered = 0
    now = timezone.now()
    for index, order in enumerate(closed):
        # Sent an hour after the order closed and answered hours later, as the demo orders lie in the past.
        sent = min(order.closed_at + dt.timedelta(hours=1), now) if order.closed_at else now
        survey, _token = services.invite(order=order, now=sent)
        Survey.objects.filter(pk=survey.pk).update(created_at=sent)
        answer = ANSWERS[index % len(ANSWERS)]
        if answer is not None and survey.answered_at is None:
            csat, nps, comment = answer
            at = min(sent + dt.timedelta(hours=2 + 5 * (index % 5)), now)
            services.submit_answer(survey=survey, csat=csat, nps=nps, comment=comment, now=at)
            answered += 1
    total = Survey.objects.count()
    if not total:
        return None
    return _("Surveys: {sent} sent, {answered} answered.").format(sent=total, answered=answered)
