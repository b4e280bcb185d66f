"""Console menu entry for inbound mail."""

from django.utils.translation import gettext_lazy as _

from fixloop.accounts.roles import Role
from fixloop.web.nav import NavLink

CONSOLE = [
    NavLink(
        _("Inbound mail"),
        "mailin:list",
        roles=frozenset({Role.AGENT, Role.DISPATCHER, Role.MANAGER}),
        order=70,
    )
]
