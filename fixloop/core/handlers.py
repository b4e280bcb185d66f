"""Outbox handlers: each app maps topics to functions in `<app>/outbox_handlers.py` as `HANDLERS`.

`HANDLERS = {"workorder.close": "fixloop.surveys.services.on_order_closed", "notify": "..."}`; a key
ending in "." or "*" matches every topic with that prefix ("workorder." gets every order event).
The worker calls each matching handler with the OutboxMessage once per message (at-least-once: a
handler must be idempotent, e.g. key what it creates on the message id).
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def registered() -> tuple[tuple[str, str], ...]:
    """(topic pattern, dotted function path) for every app, in INSTALLED_APPS order."""
    pairs: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.outbox_handlers"
        if config.name.startswith("fixloop.") and find_spec(module_name) is not None:
            pairs.extend(getattr(import_module(module_name), "HANDLERS", {}).items())
    return tuple(pairs)


def matches(pattern: str, topic: str) -> bool:
    if pattern.endswith("*"):
        return topic.startswith(pattern[:-1])
    if pattern.endswith("."):
        return topic.startswith(pattern)
    return topic == pattern


def handlers_for(topic: str) -> list:
    """The functions to call for a message of `topic`."""
    found = []
    for pattern, dotted in registered():
        if matches(pattern, topic):
            module, _, attr = dotted.rpartition(".")
            found.append(getattr(import_module(module), attr))
    return found
