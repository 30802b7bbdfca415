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


def server_error(request):
    """Answer an unhandled error; a lost database is a 503, not a 500.

    When PostgreSQL restarts or the network to it drops, every request fails with an
    OperationalError (or an InterfaceError on a connection that died mid-request). That is an
    outage, not a bug: the client gets 503 with ``Retry-After`` and a page that needs no database
    (no user, no session), and Django's connection health checks reconnect on their own once
    the database is back. Anything else stays a 500.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": "The database is unavailable. Try again shortly."}, status=503)
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
