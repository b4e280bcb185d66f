"""Menu entries for complaints in the console and the portal."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

CONSOLE = [NavLink(_("Complaints"), "complaints:list", order=60)]
PORTAL = [NavLink(_("Complaints & questions"), "complaints:portal_list", order=40)]
