"""Reads for impact analyses, with who may see what.

Members of the owning organisation see and edit an analysis; when it is linked to a collaboration, so do
the members of the collaboration's public body and entrepreneurs, since they report on the same effect.
Everyone else gets a 404, so outsiders cannot even learn that an analysis exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from veier.collaborations.models import Collaboration
from veier.collaborations.selectors import taken_part_in
from veier.impact.models import Analysis, Indicator


def analyses_for(user) -> QuerySet[Analysis]:
    if not user.is_authenticated:
        return Analysis.objects.none()
    organisations = user.memberships.values("organisation")
    return Analysis.objects.filter(
        Q(organisation__in=organisations)
        | Q(collaboration__public_body__in=organisations)
        | Q(collaboration__entrepreneurs__in=organisations)
    ).distinct().select_related("organisation", "collaboration")


def analysis_for(user, pk: int) -> Analysis | None:
    """The analysis if the user may see (and so edit) it, else None."""
    return analyses_for(user).filter(pk=pk).first()


def collaborations_for(user) -> QuerySet[Collaboration]:
    """Collaborations an analysis may be linked to: those the user's own organisations take part in.

    Not ``collaborations.selectors.visible_to``, which shows platform staff every collaboration.
    """
    return taken_part_in(user)


def indicators_with_measurements(analysis: Analysis) -> QuerySet[Indicator]:
    return analysis.indicators.select_related("outcome").prefetch_related("measurements")
