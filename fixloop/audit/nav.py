"""The audit log's console menu entry (managers only)."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

CONSOLE = [NavLink(_("Audit log"), "audit:list", roles=frozenset({"manager"}), order=90)]
