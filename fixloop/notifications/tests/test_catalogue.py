"""Every event a module asks to notify is catalogued, with seed templates in both shipped languages."""

import re
from pathlib import Path

from fixloop.notifications.defaults import DEFAULT_TEMPLATES
from fixloop.notifications.events import EVENTS

SOURCE = Path(__file__).resolve().parents[2]


def test_every_notified_event_is_in_the_catalogue():
    called = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" not in path.parts:
            called |= set(re.findall(r"""\bnotify\(\s*["']([a-z_]+\.[a-z_]+)["']""", path.read_text()))
    assert called, "no notify() call found: the pattern is stale"
    assert sorted(called - set(EVENTS)) == []


def test_every_event_has_seed_templates_in_chinese_and_english():
    for event in EVENTS:
        assert set(DEFAULT_TEMPLATES.get(event, {})) >= {"zh-hans", "en"}, event
