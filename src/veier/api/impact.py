"""API routes for impact measurement (SROI)."""

from ninja import Router

router = Router(tags=["impact"])
