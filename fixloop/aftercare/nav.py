"""Console menu entries: follow-up calls for agents, maintenance plans."""

from django.utils.translation import gettext_lazy as _

from fixloop.aftercare.followups import FOLLOW_UP_ROLES
from fixloop.aftercare.maintenance import PLAN_ROLES
from fixloop.web.nav import NavLink

CONSOLE = [
    NavLink(_("Follow-up calls"), "aftercare:followups", roles=FOLLOW_UP_ROLES, order=55),
    NavLink(_("Maintenance plans"), "aftercare:plans", roles=PLAN_ROLES, order=56),
]
