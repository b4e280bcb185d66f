"""Notifications API, mounted at /api/notifications."""

from ninja import Router

router = Router(tags=["notifications"])
