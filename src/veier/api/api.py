"""The JSON API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI

from veier.api import advisor, cases, challenges, directory, funding, impact, matching, reference, stats
from veier.registry.api import router as registry_router

api = NinjaAPI(
    title="Veier API",
    version="1.0.0",
    description="Open API for Veier: kommuner, social entrepreneurs, challenges, the collaboration guide and "
    "impact calculations. Reference data: SSB and Kartverket (CC BY 4.0).",
    urls_namespace="api-1.0.0",
)
api.add_router("/", reference.router)
api.add_router("/", registry_router)
api.add_router("/", directory.router)
api.add_router("/", advisor.router)
api.add_router("/", impact.router)
api.add_router("/", matching.router)
api.add_router("/", challenges.router)
api.add_router("/", funding.router)
api.add_router("/", cases.router)
api.add_router("/", stats.router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)
