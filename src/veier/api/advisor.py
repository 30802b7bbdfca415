"""API routes for the collaboration guide (advisor).

``POST /advisor/assess`` is public and stateless: it hands the raw JSON body to the rule engine and
returns its answer. The body is parsed here rather than by a ninja schema, because the engine is the
one place that knows what valid input is, and because every kind of bad input (malformed JSON, wrong
types, unknown codes, dates before the rules' coverage) must give the same 422 shape naming the
field, never ninja's generic error or a 500.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import Router, Schema

from veier.advisor.engine import BUYERS, LANGS, NOVELTIES, SUBJECTS, AdvisorInputError, assess_payload
from veier.ops.throttling import calculation_throttle

router = Router(tags=["advisor"])


class FieldErrorOut(Schema):
    field: str
    code: str
    message: str


class AssessErrorOut(Schema):
    detail: list[FieldErrorOut]


# The request body, described by hand for the OpenAPI document (the view reads the raw body).
ASSESS_BODY_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["buyer", "decision_date", "value_nok", "subject", "novelty", "mutual_obligation"],
    "properties": {
        "buyer": {"type": "string", "enum": list(BUYERS)},
        "decision_date": {"type": "string", "format": "date", "description": "From 2017-01-01"},
        "value_nok": {"type": "number", "minimum": 0,
                      "description": "Estimated value for the whole term, options included, excluding VAT"},
        "subject": {"type": "string", "enum": list(SUBJECTS)},
        "novelty": {"type": "string", "enum": list(NOVELTIES)},
        "mutual_obligation": {"type": "boolean",
                              "description": "Does the public body get a delivery in return (a contract)?"},
        "supplier": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"nonprofit": {"type": "boolean"}, "work_integration": {"type": "boolean"}},
        },
        "outcome_based": {"type": "boolean"},
    },
}

ASSESS_RESPONSE_SCHEMA = {
    "type": "object",
    "description": "Regime with legal basis and thresholds, all 16 forms with their fit, myths, warnings "
    "and the rules («why») the answer rests on.",
    "properties": {
        "rulebook_version": {"type": "string"},
        "lang": {"type": "string", "enum": list(LANGS)},
        "input": {"type": "object"},
        "regime": {"type": "object"},
        "forms": {"type": "array", "items": {"type": "object"}},
        "myths": {"type": "array", "items": {"type": "object"}},
        "warnings": {"type": "array", "items": {"type": "object"}},
        "rules": {"type": "object"},
    },
}


def _error(field: str, code: str, message: str) -> JsonResponse:
    return JsonResponse({"detail": [{"field": field, "code": code, "message": message}]}, status=422)


def answer_language(request) -> str:
    """``?lang=`` wins, then the first supported language in Accept-Language, else bokmål.

    ``no`` and ``nb-NO`` mean bokmål, ``nn-NO`` nynorsk, ``en-GB`` English. The site's language cookie
    is ignored on purpose: an API answer should depend on the request alone.
    """
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header):
        base = code.lower().split("-")[0]
        base = "nb" if base == "no" else base
        if base in LANGS:
            return base
    return "nb"


@router.post(
    "/advisor/assess",
    summary="Which procurement rules apply and which collaboration forms fit",
    description="Public and stateless. Choose the language of the texts with `?lang=nb|nn|en` or "
    "Accept-Language (default nb). Bad input gives 422 with the field, a stable code and a message.",
    response={200: dict, 422: AssessErrorOut},
    throttle=calculation_throttle,
    openapi_extra={
        "parameters": [{"in": "query", "name": "lang", "required": False,
                        "schema": {"type": "string", "enum": list(LANGS)}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": ASSESS_BODY_SCHEMA}}},
        "responses": {200: {"description": "OK", "content": {"application/json": {
            "schema": ASSESS_RESPONSE_SCHEMA}}}},
    },
)
def assess(request):
    lang = request.GET.get("lang")
    if lang is None:
        lang = answer_language(request)
    elif lang not in LANGS:
        return _error("lang", "unknown_code", f"lang must be one of {', '.join(LANGS)}")
    try:
        payload = json.loads(request.body or b"")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error("body", "invalid_json", "the body must be a JSON object")
    try:
        answer = assess_payload(payload, lang=lang)
    except AdvisorInputError as error:
        return _error(error.field, error.code, error.message)
    response = JsonResponse(answer)
    response["Content-Language"] = lang
    response["Vary"] = "Accept-Language"
    return response
