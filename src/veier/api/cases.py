"""API routes for cases."""

from ninja import Router

router = Router(tags=["cases"])
