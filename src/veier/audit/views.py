"""The audit log page of an organisation, for its administrators."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from veier.audit import selectors
from veier.organisations.models import Organisation


@login_required
def organisation_log(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not selectors.can_view_log(request.user, organisation):
        raise PermissionDenied
    page = Paginator(selectors.events_for_organisation(organisation), 50).get_page(request.GET.get("side"))
    actor_ids = {event.actor_id for event in page if event.actor_id}
    actors = {user.pk: user for user in get_user_model().objects.filter(pk__in=actor_ids)}
    for event in page:
        event.actor_user = actors.get(event.actor_id)
    return render(request, "audit/organisation_log.html", {"organisation": organisation, "page": page})
