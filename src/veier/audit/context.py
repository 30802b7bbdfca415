"""The current request's id and user, for audit events written deep inside services.

Services such as save_front_door take no user argument; rather than widen every signature, the
middleware puts the request's user and id in context variables that record() reads.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("veier_request_id", default="")
current_user: ContextVar[object | None] = ContextVar("veier_request_user", default=None)
SAFE_ID = re.compile(r"^[A-Za-z0-9._\-]{8,64}$")


class RequestContextMiddleware:
    """Gives every request an id (a proxy's X-Request-ID if it looks sane), echoed in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = current_request_id.set(request_id)
        user_token = current_user.set(getattr(request, "user", None))
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(id_token)
            current_user.reset(user_token)
        response["X-Request-ID"] = request_id
        return response
