"""The portal's own menu entries for signed-in customers."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

PORTAL = [
    NavLink(_("My repairs"), "portal:orders", order=10),
    NavLink(_("Report a fault"), "portal:report", order=20),
]
