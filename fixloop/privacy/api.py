"""Personal data API, mounted at /api/privacy."""

from ninja import Router

router = Router(tags=["privacy"])
