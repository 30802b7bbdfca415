"""Reads for funding: filtering the catalogue, «what fits us» matching, deadlines and the de minimis register."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from veier.funding import deminimis
from veier.funding.models import Applicant, DeMinimisGrant, FundingScheme
from veier.organisations.models import Membership, Organisation

# Which applicant types an organisation can apply as. Voluntary organisations (FLI) and foundations
# (STI) often apply to schemes meant for voluntary organisations as well.
VOLUNTARY_FORMS = frozenset({"FLI", "STI", "SA"})
PUBLIC_BODY_APPLICANT = {
    Organisation.PublicBodyType.KOMMUNE: Applicant.KOMMUNE,
    Organisation.PublicBodyType.FYLKESKOMMUNE: Applicant.FYLKESKOMMUNE,
    Organisation.PublicBodyType.STATE_AGENCY: Applicant.STATE_AGENCY,
}


def schemes() -> QuerySet[FundingScheme]:
    return FundingScheme.objects.filter(is_active=True).prefetch_related("service_areas")


def next_deadlines(scheme: FundingScheme, today: date) -> list[date]:
    """The next date of each yearly deadline, today counting as not yet passed."""
    found = []
    for value in scheme.deadlines:
        month, day = (int(part) for part in value.split("-"))
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:  # 29 February in a common year
                candidate = date(year, month, 28)
            if candidate >= today:
                found.append(candidate)
                break
    return sorted(found)


def filter_schemes(*, service_area: str | None = None, applicant: str | None = None,
                   timing: str | None = None) -> list[FundingScheme]:
    """The catalogue filtered in Python: it is a few dozen rows, and JSON lists filter the same on every database.

    A scheme open to every service area (none chosen) matches any service area.
    """
    result = []
    for scheme in schemes():
        areas = {area.code for area in scheme.service_areas.all()}
        if service_area and areas and service_area not in areas:
            continue
        if applicant and applicant not in scheme.applicants:
            continue
        if timing == "rolling" and not scheme.rolling:
            continue
        if timing == "deadline" and not scheme.deadlines:
            continue
        result.append(scheme)
    return result


@dataclass
class Fit:
    scheme: FundingScheme
    score: int
    reasons: list[str] = field(default_factory=list)
    shared_areas: list[str] = field(default_factory=list)


@dataclass
class Profile:
    """What the match looks at: who applies, in which form, and for which service areas."""

    applicants: set[str]
    organisation_form: str = ""
    service_areas: set[str] = field(default_factory=set)
    label: str = ""


def profile_for_organisation(organisation: Organisation) -> Profile:
    if organisation.is_public_body:
        return Profile(applicants={PUBLIC_BODY_APPLICANT[organisation.public_body_type]}, label=organisation.name)
    entry = getattr(organisation, "profile", None)
    form = entry.organisation_form if entry else ""
    applicants = {Applicant.ENTREPRENEUR.value}
    if form in VOLUNTARY_FORMS:
        applicants.add(Applicant.VOLUNTARY.value)
    areas = {a.code for a in entry.service_areas.all()} if entry else set()
    return Profile(applicants=applicants, organisation_form=form, service_areas=areas, label=organisation.name)


def profile_for_collaboration(collaboration) -> Profile:
    """A collaboration can apply through the public body or through any of its entrepreneurs."""
    applicants = {PUBLIC_BODY_APPLICANT[collaboration.public_body.public_body_type]}
    forms = set()
    for organisation in collaboration.entrepreneurs.all():
        sub = profile_for_organisation(organisation)
        applicants |= sub.applicants
        if sub.organisation_form:
            forms.add(sub.organisation_form)
    areas = {collaboration.service_area_id} if collaboration.service_area_id else set()
    return Profile(applicants=applicants, organisation_form=",".join(sorted(forms)), service_areas=areas,
                   label=collaboration.title)


def match(profile: Profile) -> list[Fit]:
    """Schemes the profile may apply to, best fit first.

    A scheme fits when one of the profile's applicant types may apply and, when the scheme limits
    organisation forms and the profile's form is known, that form is allowed. Shared service areas
    raise the score; schemes open to every area come after those that name one of ours.
    """
    forms = {f for f in profile.organisation_form.split(",") if f}
    fits = []
    for scheme in schemes():
        if not profile.applicants & set(scheme.applicants):
            continue
        if scheme.organisation_forms and forms and not forms & set(scheme.organisation_forms):
            continue
        areas = {area.code: area for area in scheme.service_areas.all()}
        shared = sorted(set(areas) & profile.service_areas)
        if areas and profile.service_areas and not shared:
            continue
        score = 10 * len(shared) + (3 if not areas else 0) + (1 if scheme.rolling or scheme.deadlines else 0)
        fits.append(Fit(scheme=scheme, score=score, shared_areas=[areas[code].label for code in shared]))
    return sorted(fits, key=lambda fit: (-fit.score, fit.scheme.name))


# --- de minimis register ------------------------------------------------------------------------------------------


def public_bodies_of(user) -> QuerySet[Organisation]:
    """The public bodies the user belongs to; only their members may use the de minimis register."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=Organisation.Kind.PUBLIC_BODY,
        pk__in=Membership.objects.filter(user=user).values("organisation_id"),
    ).order_by("name")


def grants_to(orgnr: str) -> QuerySet[DeMinimisGrant]:
    return DeMinimisGrant.objects.filter(orgnr=orgnr).select_related("public_body").order_by("granted_on", "id")


def register_of(bodies) -> QuerySet[DeMinimisGrant]:
    return DeMinimisGrant.objects.filter(public_body__in=bodies).select_related("public_body")


def as_aid(grant: DeMinimisGrant) -> deminimis.Aid:
    return deminimis.Aid(granted_on=grant.granted_on, amount_nok=grant.amount_nok, eur_rate=grant.eur_rate,
                         kind=grant.kind)


def undertaking_summary(orgnr: str, today: date) -> dict:
    """All recorded aid to one undertaking: each grant checked on its own date, and the headroom today."""
    grants = list(grants_to(orgnr))
    rows = []
    for grant in grants:
        earlier = [as_aid(g) for g in grants if (g.granted_on, g.pk) < (grant.granted_on, grant.pk)]
        rows.append((grant, deminimis.assess(earlier, grant.granted_on, kind=grant.kind, new=as_aid(grant))))
    now = deminimis.assess([as_aid(g) for g in grants], today)
    return {"orgnr": orgnr, "name": grants[-1].recipient_name if grants else "", "rows": rows, "today": now}
