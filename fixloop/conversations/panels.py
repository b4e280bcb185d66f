"""The conversation panel on the console and portal order pages."""

from fixloop.conversations.forms import MessageForm
from fixloop.conversations.services import is_staff, messages_for
from fixloop.web.panels import OrderPanel


def conversation_context(request, actor, order, form=None) -> dict:
    return {
        "thread": messages_for(actor, order),
        "message_form": form or MessageForm(staff=is_staff(actor)),
        "staff": is_staff(actor),
    }


ORDER_PANELS = [
    OrderPanel(template="conversations/panel.html", context=conversation_context, area="console", slot="main",
               order=10),
    OrderPanel(template="conversations/panel.html", context=conversation_context, area="portal", slot="main",
               order=90),
]  # fmt: skip
