"""Menu entries for managers' analytics pages."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

MANAGERS = frozenset({"manager"})
CONSOLE = [
    NavLink(_("Dashboard"), "analytics:dashboard", roles=MANAGERS, order=70),
    NavLink(_("Scorecards"), "analytics:scorecards", roles=MANAGERS, order=71),
    NavLink(_("Quality"), "analytics:quality", roles=MANAGERS, order=72),
    NavLink(_("Import data"), "analytics:import", roles=MANAGERS, order=73),
]
