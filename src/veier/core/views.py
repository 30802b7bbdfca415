"""The front page, area landing pages, the health check and the error pages."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from veier.core.areas import AREAS
from veier.organisations.models import Organisation
from veier.reference.models import Kommune


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
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)
