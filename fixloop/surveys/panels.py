"""The portal order page's rating panel: a link to rate the service, or the rating given."""

from fixloop.surveys.models import Survey
from fixloop.web.panels import OrderPanel


def rating_context(request, actor, order):
    survey = Survey.objects.filter(order=order).first()
    return {"survey": survey} if survey is not None else None


def console_context(request, actor, order):
    survey = Survey.objects.filter(order=order, answered_at__isnull=False).first()
    return {"survey": survey} if survey is not None else None


ORDER_PANELS = [
    OrderPanel(template="surveys/panel.html", context=rating_context, area="portal", slot="main", order=60),
    OrderPanel(
        template="surveys/console_panel.html", context=console_context, area="console", slot="side", order=60
    ),
]
