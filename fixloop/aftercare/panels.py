"""Console order-page panel: the order's follow-up call and its device's maintenance plans."""

from fixloop.accounts.roles import STAFF_ROLES
from fixloop.aftercare.models import FollowUpTask, MaintenancePlan
from fixloop.web.panels import OrderPanel


def aftercare_context(request, actor, order):
    task = FollowUpTask.objects.select_related("rework_order").filter(order=order).first()
    plans = (
        list(MaintenancePlan.objects.filter(device_id=order.device_id, active=True))
        if order.device_id
        else []
    )
    if task is None and not plans and not order.device_id:
        return None
    return {"task": task, "plans": plans, "order": order}


ORDER_PANELS = [
    OrderPanel(
        template="aftercare/panel.html",
        context=aftercare_context,
        area="console",
        slot="side",
        roles=STAFF_ROLES,
        order=70,
    )  # fmt: skip
]
