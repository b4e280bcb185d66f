"""Menu entries of the knowledge base."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

CONSOLE = [
    NavLink(_("Knowledge base"), "kb:console_list", order=60),
    NavLink(_("Fault trees"), "kb:trees", order=62),
    NavLink(_("Triage assistant"), "kb:triage", roles=frozenset({"manager"}), order=64),
]
PORTAL = [NavLink(_("Help"), "kb:help", order=60)]
