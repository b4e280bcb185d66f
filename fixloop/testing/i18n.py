"""Tests that read pages served in the default language (zh-Hans) look for the translated message."""

from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext, override


def translated(msgid: str, **params) -> str:
    """`msgid` in the default language, formatted."""
    with override(settings.LANGUAGE_CODE):
        text = gettext(msgid)
    return text.format(**params) if params else text


def shown(msgid: str, **params) -> str:
    """`msgid` as a page in the default language shows it (translated, formatted, HTML-escaped)."""
    return escape(translated(msgid, **params))
