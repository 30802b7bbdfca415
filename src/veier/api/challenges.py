"""API routes for challenges and pitches."""

from ninja import Router

router = Router(tags=["challenges"])
