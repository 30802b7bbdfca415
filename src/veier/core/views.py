"""The front page, area landing pages, the health check and the error pages."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from veier.core.areas import AREAS
from veier.organisations.models import Organisation
from veier.reference.models import Kommune

#: Seconds a client is asked to wait when the database is unreachable (``Retry-After``).
DATABASE_RETRY_AFTER = 30


def home(request):
    context = {
        "areas": AREAS,
        "counts": {
            "entrepreneurs": Organisation.objects.filter(kind=Organisation.Kind.SOCIAL_ENTREPRENEUR).count(),
            "public_bodies": Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY).count(),
            "kommuner": Kommune.objects.count(),
        },
    }
    return render(request, "core/home.html", context)


@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """Report whether the app can reach its database: 200 when it can, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return JsonResponse({"status": "ok", "database": connection.vendor})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


#: SQLSTATEs that mean the server went away: connection exceptions (class 08) and shutdowns.
UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03")
#: What SQLite says when its file cannot be reached or stays locked.
UNAVAILABLE_SQLITE = ("unable to open database", "database is locked", "disk i/o error")


def database_unavailable(error: BaseException | None) -> bool:
    """Whether an exception means the database cannot be reached, rather than a bug.

    A connection that died mid-request raises InterfaceError. psycopg's own connection failures
    carry no SQLSTATE (the server never answered) or class 08; a deadlock, a timeout or a missing
    table has its own SQLSTATE and stays a 500, as a bug should.
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        return sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATES)
    return any(text in str(error).lower() for text in UNAVAILABLE_SQLITE) or cause is None


def server_error(request):
    """Answer an unhandled error; a lost database is a 503, not a 500.

    When PostgreSQL restarts or the network to it drops, every request fails. That is an outage,
    not a bug: the client gets 503 with ``Retry-After`` and a page that needs no database (no user,
    no session), and Django's connection health checks reconnect on their own once the database is
    back. Anything else is a 500 (JSON under /api/, as the API documents).
    """
    api = request.path.startswith("/api/")
    if database_unavailable(sys.exc_info()[1]):
        if api:
            response = JsonResponse({"detail": "The database is unavailable. Try again shortly."}, status=503)
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    if api:
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
