"""The main areas of Veier, as shown in the navigation.

Each area names the URL of its own app's start page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    slug: str
    title: Promise
    summary: Promise
    url_name: str


AREAS: tuple[Area, ...] = (
    Area("aktorer", _("Find actors"),
         _("Social entrepreneurs and public bodies: who they are, where they work and whom to contact."),
         "directory:search"),
    Area("utfordringer", _("Challenges"),
         _("Needs posted by kommuner and other public bodies, open for ideas from social entrepreneurs."),
         "challenges:list"),
    Area("veiviser", _("Collaboration guide"),
         _("Which procurement rules apply, and which forms of collaboration fit your case."),
         "advisor:start"),
    Area("finansiering", _("Funding"),
         _("Grant schemes, foundations and social investors, and outcome-based payment models."),
         "funding:list"),
    Area("effekt", _("Impact measurement"),
         _("Logic models, indicators and social return on investment (SROI) for citizens, kommuner and society."),
         "impact:list"),
    Area("eksempler", _("Examples"),
         _("Real collaborations between public bodies and social entrepreneurs, and what they learned."),
         "cases:list"),
    Area("statistikk", _("Statistics"),
         _("Where collaboration happens across Norway: by fylke, kommune, service area and form."),
         "stats:page"),
)
