"""Console menu entries for two-factor sign-in."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

CONSOLE = [
    NavLink(_("Two-factor sign-in"), "accounts:2fa", order=95),
    NavLink(_("Staff two-factor"), "accounts:2fa_staff", roles=frozenset({"manager"}), order=96),
]
