"""API routes for funding."""

from ninja import Router

router = Router(tags=["funding"])
