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
#: The error answers any operation can give, whatever it declares itself.
ERROR_ANSWERS = {
    "400": "The request could not be read (unparsable JSON, or a NUL character).",
    "401": "Log in first.",
    "403": "Not allowed for this user.",
    "404": "Not found, or not visible to this user.",
    "422": "Invalid input; `detail` names the field.",
    "429": "Too many requests; see Retry-After.",
    "503": "The database is unavailable; see Retry-After.",
}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


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

    Routes declare their successful answers (and some their errors); parsing, validation, permissions,
    rate limits and a lost database can turn any call into one of ``ERROR_ANSWERS`` with the same
    ``{"detail": ...}`` body, so each operation lists them. Explicit codes rather than ``default``, so
    an answer outside them (a 500, a 405, a redirect) is a contract violation schemathesis reports.
    """

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in document["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_ANSWERS.items():
                    responses.setdefault(status, {"description": description, "content": ERROR_CONTENT})
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
