"""Thin views for open data: the page that describes the exports, and a public body's choice to publish.

The page is public. Members of a public body see whether it publishes; its administrators may
change that. The data itself is served by the API (veier/api/opendata.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veier.opendata import conf, exports, selectors, services
from veier.opendata.forms import PublishingForm
from veier.organisations.models import Membership, Organisation


def _own_public_bodies(user) -> list[tuple[Organisation, bool]]:
    """The public bodies the user belongs to, each with whether the user administers it."""
    if not user.is_authenticated:
        return []
    memberships = (Membership.objects.filter(user=user, organisation__kind=Organisation.Kind.PUBLIC_BODY)
                   .select_related("organisation__publishing_decision").order_by("organisation__name"))
    return [(m.organisation, m.role == Membership.Role.ADMIN) for m in memberships]


def index(request):
    own = []
    for body, is_admin in _own_public_bodies(request.user):
        decision = selectors.decision_for(body)
        form = PublishingForm(initial={"grants": decision.grants, "contracts": decision.contracts},
                              prefix=f"body-{body.pk}")
        own.append({"body": body, "decision": decision, "can_decide": is_admin, "form": form})
    license_url = conf.license_url()
    context = {
        "own": own,
        "grant_publishers": selectors.publishing_bodies(selectors.GRANTS),
        "contract_publishers": selectors.publishing_bodies(selectors.CONTRACTS),
        "grants_path": exports.grants_path(),
        "contracts_path": exports.contracts_path(),
        "license_url": license_url,
        "license_is_nlod": license_url == conf.DEFAULT_LICENSE,
    }
    return render(request, "opendata/index.html", context)


@login_required
@require_POST
def decide(request, slug: str):
    body = get_object_or_404(Organisation, slug=slug, kind=Organisation.Kind.PUBLIC_BODY)
    if not Membership.objects.filter(user=request.user, organisation=body, role=Membership.Role.ADMIN).exists():
        return render(request, "403.html", status=403)
    form = PublishingForm(request.POST, prefix=f"body-{body.pk}")
    if form.is_valid():
        try:
            services.decide_publishing(body, decided_by=request.user, **form.cleaned_data)
        except services.PublishingError:
            messages.error(request, _("Enter the organisation number of %(name)s before you publish open data.")
                           % {"name": body.name})
        else:
            messages.success(request, _("The publishing decision for %(name)s is saved.") % {"name": body.name})
    return redirect("opendata:index")
