"""Requests carrying NUL characters are refused before they reach a view.

PostgreSQL text cannot hold U+0000, so a NUL in a query parameter, a URL segment or a cookie that
reaches a query ends as a database error (a 500). Django's form fields already refuse it, and the
API's JSON bodies are checked after parsing (``veier.api.api.NulRefusingParser``); the URL, the query
string and the cookies are checked here, once, for every view. No real client sends NUL.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = "The request contains a NUL character (U+0000), which no field accepts."


def contains_nul(value) -> bool:
    """Whether a string, or any string inside lists and dicts (keys too), holds U+0000."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(contains_nul(item) for item in value)
    return False


def _has_nul(request) -> bool:
    return (
        contains_nul(request.path)
        or contains_nul(dict(request.GET.lists()))
        or contains_nul(dict(request.COOKIES))
    )


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
