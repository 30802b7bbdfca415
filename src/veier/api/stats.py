"""API routes for stats."""

from ninja import Router

router = Router(tags=["stats"])
