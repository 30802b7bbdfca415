"""The JSON API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser

from veier.api import advisor, cases, challenges, directory, funding, impact, matching, opendata, reference, stats
from veier.core.middleware import MESSAGE as NUL_MESSAGE
from veier.core.middleware import contains_nul
from veier.registry.api import router as registry_router

#: The body of every error answer: a sentence, or for invalid input one entry per field.
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]},
    },
}
ERROR_RESPONSE = {
    "description": "An error. 401: log in first; 403: not allowed; 404: not found; 422: invalid input, naming "
    "the field; 429: too many requests (see Retry-After); 503: the database is unavailable (see Retry-After).",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


class NulRefusingParser(Parser):
    """JSON bodies as ninja parses them (whatever the Content-Type), refusing U+0000 in any string.

    PostgreSQL text cannot hold NUL; checked after parsing, so an escaped backslash («\\\\u0000») is
    fine and a NUL reached through any encoding JSON allows is not.
    """

    def parse_body(self, request):
        data = super().parse_body(request)
        if contains_nul(data):
            raise HttpError(400, NUL_MESSAGE)
        return data


class VeierAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document also describes the error answers every operation can give.

    Routes declare their successful answers (and some their 422); validation, permissions, rate limits
    and a lost database can turn any call into an error with the same ``{"detail": ...}`` body, so each
    operation gets that as its ``default`` response. Clients and schemathesis then know every status.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in document["paths"].values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("default", ERROR_RESPONSE)
        return document


api = VeierAPI(
    title="Veier API",
    version="1.0.0",
    description="Open API for Veier: kommuner, social entrepreneurs, challenges, the collaboration guide and "
    "impact calculations. Reference data: SSB and Kartverket (CC BY 4.0).",
    urls_namespace="api-1.0.0",
    parser=NulRefusingParser(),
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
api.add_router("/", opendata.router)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)
