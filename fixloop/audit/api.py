"""Audit log API, mounted at /api/audit."""

from ninja import Router

router = Router(tags=["audit"])
