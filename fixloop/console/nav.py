"""The console's own menu entries."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink
from fixloop.workorders.services.intake import STAFF_INTAKE_ROLES

CONSOLE = [
    NavLink(_("Queue"), "console:queue", order=10),
    NavLink(_("Dispatcher board"), "console:board", roles=frozenset({"dispatcher", "manager"}), order=20),
    NavLink(_("My jobs"), "console:my_jobs", roles=frozenset({"engineer"}), order=30),
    NavLink(_("New request"), "console:intake", roles=STAFF_INTAKE_ROLES, order=40),
]
