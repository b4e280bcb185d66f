"""Menu entries for personal data: "my data" in the portal, deletion requests for managers."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

CONSOLE = [NavLink(_("Deletion requests"), "privacy:requests", roles=frozenset({"manager"}), order=91)]
PORTAL = [NavLink(_("My data"), "privacy:mine", order=90)]
