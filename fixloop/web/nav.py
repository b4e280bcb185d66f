"""Navigation links, contributed by each app in `<app>/nav.py` as `CONSOLE` and `PORTAL` lists.

Apps add their pages to the console or portal menu without editing a shared template.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class NavLink:
    label: str  # a lazy translation
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user of the area
    order: int = 100  # lower comes first


@cache
def _registered(area: str) -> tuple[NavLink, ...]:
    links: list[NavLink] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.nav"
        if config.name.startswith("fixloop.") and find_spec(module_name) is not None:
            links.extend(getattr(import_module(module_name), area.upper(), []))
    return tuple(sorted(links, key=lambda link: link.order))


def links_for(area: str, user, current_path: str) -> list[dict]:
    """The links `user` may follow in `area` ("console" or "portal"), marking the current page."""
    role = getattr(user, "role", None)
    out = []
    for link in _registered(area):
        if link.roles is not None and role not in link.roles:
            continue
        url = reverse(link.url_name)
        out.append({"label": link.label, "url": url, "current": current_path == url})
    return out
