"""Console menu link of the day plan."""

from django.utils.translation import gettext_lazy as _

from fixloop.accounts.roles import Role
from fixloop.web.nav import NavLink

CONSOLE = [
    NavLink(_("Day plan"), "scheduling:plan", roles=frozenset({Role.DISPATCHER, Role.MANAGER}), order=35)
]
