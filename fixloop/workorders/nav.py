"""Menu link of cost accounting: the managers' budget page."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

CONSOLE = [NavLink(_("Budgets"), "costs:budgets", roles=frozenset({"manager"}), order=75)]
