"""Signals accounts sends for others to observe (the audit log listens); no domain behaviour hangs here."""

from django.dispatch import Signal

# Sent when a username and password were exchanged for an API token: sender=User, user=, request=.
token_issued = Signal()
