"""Requests carrying NUL characters are refused before they reach a view.

PostgreSQL text cannot hold U+0000, so a NUL in a query parameter, a URL segment or a JSON string
that reaches a query ends as a database error (a 500). Django's form fields already refuse it; the
API's parameters and the URL are checked here, once, for every view. No real client sends NUL.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = "The request contains a NUL character (U+0000), which no field accepts."


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
        return True
    if request.content_type == "application/json" and request.method in {"POST", "PUT", "PATCH"}:
        # Only the escaped form: a raw NUL byte is not valid JSON, and the API's parser says so (422).
        return b"\\u0000" in request.body
    return False


class RejectNulCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
