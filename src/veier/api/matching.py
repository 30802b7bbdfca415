"""API route for matching: POST /api/v1/match."""

from ninja import Router

router = Router(tags=["matching"])
