"""API routes for the collaboration guide (advisor)."""

from ninja import Router

router = Router(tags=["advisor"])
