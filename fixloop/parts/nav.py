"""Console menu entries for spare parts."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

WAREHOUSE = frozenset({"warehouse", "manager"})

CONSOLE = [
    NavLink(_("Stock"), "parts:stock", roles=frozenset({"warehouse", "manager", "engineer"}), order=60),
    NavLink(_("Parts reservations"), "parts:reservations", roles=WAREHOUSE, order=61),
    NavLink(_("Transfers"), "parts:transfers", roles=WAREHOUSE, order=62),
    NavLink(_("Defective returns"), "parts:returns", roles=WAREHOUSE, order=63),
    NavLink(_("Stock counts"), "parts:counts", roles=WAREHOUSE, order=64),
    NavLink(_("Reorder suggestions"), "parts:suggestions", roles=WAREHOUSE, order=65),
    NavLink(_("Stock movements"), "parts:movements", roles=WAREHOUSE, order=66),
]
