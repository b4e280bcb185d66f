"""Menu links of the notifications module."""

from django.utils.translation import gettext_lazy as _

from fixloop.web.nav import NavLink

CONSOLE = [
    NavLink(_("Notification log"), "notifications:log", order=80),
    NavLink(_("Message templates"), "notifications:templates", roles=frozenset({"manager"}), order=81),
    NavLink(_("My notifications"), "notifications:staff_preferences", order=82),
]
PORTAL = [
    NavLink(_("Notification settings"), "notifications:my_preferences", order=80),
]
