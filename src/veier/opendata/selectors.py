"""Reads for open data: which public bodies publish, and their records as plain export records.

The publication rule: a record is exported only when its public body has decided to publish
that kind of record (``PublishingDecision``) and has an organisation number, since every
organisation in the exports is identified by it. Within that, only what has been decided is
exported: de minimis grants (always decisions), and collaborations once they reach an awarded
stage (pilot or later; idea and dialogue are deliberations, not awards). See ``ocds.py`` and
``threesixtygiving.py`` for what counts as procurement and as a grant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from veier.advisor.selectors import form_titles
from veier.collaborations.models import Collaboration, Stage, StageChange
from veier.directory.models import EntrepreneurProfile
from veier.funding.models import DeMinimisGrant
from veier.opendata import records, threesixtygiving
from veier.opendata.models import PublishingDecision
from veier.organisations import orgnr as orgnr_module
from veier.organisations.models import Organisation
from veier.registry.models import RegistryUnit

GRANTS = "grants"
CONTRACTS = "contracts"
KINDS = (GRANTS, CONTRACTS)

# Stages at which something has been awarded. «Ended» alone is not one: an idea can end too.
AWARDED_STAGES = frozenset({Stage.PILOT, Stage.AGREEMENT, Stage.OPERATION, Stage.EVALUATED, Stage.SCALED})
GRANT_FORM = "grant"
GRANT_TITLE = "Tilskudd"  # the published title of a grant whose own title is withheld (data, in Norwegian)
PROCUREMENT_FORMS = frozenset({
    "direct_purchase", "pilot_agreement", "subscription", "operating_agreement", "open_competition",
    "competition_with_negotiation", "competitive_dialogue", "innovation_partnership", "pre_commercial",
    "framework_agreement", "reserved_nonprofit", "reserved_work_integration", "outcome_contract",
})
# Procurement only when the saved assessment says so: the advisor recommends these when there is no purchase.
PROCUREMENT_IF_ASSESSED = frozenset({"exploratory_agreement", "rnd_cooperation"})
NOT_PROCUREMENT = "not_procurement"


class PublicBodyError(LookupError):
    """An organisation number given to pick a public body that cannot be used; the message says why."""


class InvalidOrgnr(PublicBodyError):
    """The value is not an organisation number at all."""


class UnknownPublicBody(PublicBodyError):
    """A well-formed organisation number that no public body on Veier has."""


def public_body_by_orgnr(value: str) -> Organisation:
    """The public body with this organisation number (typed with or without spaces).

    Raises InvalidOrgnr when the number is malformed and UnknownPublicBody when no public body on
    Veier has it (both are PublicBodyError).
    """
    try:
        number = orgnr_module.normalise(value)
    except orgnr_module.OrgnrError as error:
        reason = "nine digits" if error.code == "format" else "a valid control digit"
        raise InvalidOrgnr(f"{value!r} is not an organisation number (it needs {reason})") from None
    body = Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY, orgnr=number).first()
    if body is None:
        raise UnknownPublicBody(f"No public body on Veier has the organisation number {number}")
    return body


def decision_for(public_body: Organisation) -> PublishingDecision:
    """The body's decision, or an unsaved one that publishes nothing when it has not decided."""
    try:
        return public_body.publishing_decision
    except PublishingDecision.DoesNotExist:
        return PublishingDecision(public_body=public_body)


def publishes(public_body: Organisation, kind: str) -> bool:
    return bool(public_body.orgnr) and getattr(decision_for(public_body), kind)


def publishing_bodies(kind: str) -> QuerySet[Organisation]:
    """Public bodies that publish records of this kind ("grants" or "contracts")."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return (Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY, **{f"publishing_decision__{kind}": True})
            .exclude(orgnr="").select_related("kommune", "fylke", "publishing_decision").order_by("name"))


def _bodies(kind: str, public_body: Organisation | None) -> list[Organisation]:
    bodies = publishing_bodies(kind)
    if public_body is not None:
        bodies = bodies.filter(pk=public_body.pk)
    return list(bodies)


def _forms_by_orgnr(orgnrs: Iterable[str]) -> dict[str, str]:
    """Enhetsregisteret organisation form per organisation number: the register first, then profiles."""
    numbers = {number for number in orgnrs if number}
    forms = dict(
        EntrepreneurProfile.objects.filter(organisation__orgnr__in=numbers).exclude(organisation_form="")
        .values_list("organisation__orgnr", "organisation_form")
    )
    forms.update(
        RegistryUnit.objects.filter(orgnr__in=numbers, organisation_form__isnull=False)
        .values_list("orgnr", "organisation_form_id")
    )
    return forms


def _profile_forms(organisations: Iterable[Organisation]) -> dict[int, str]:
    ids = [organisation.pk for organisation in organisations]
    return dict(EntrepreneurProfile.objects.filter(organisation_id__in=ids).values_list("organisation_id",
                                                                                       "organisation_form"))


def _public_party(body: Organisation) -> records.Party:
    return records.Party(name=body.name, orgnr=body.orgnr, local_id=f"org-{body.pk}", is_public_body=True)


def _entrepreneur_party(organisation: Organisation, forms: dict[str, str], profile_forms: dict[int, str]):
    form = forms.get(organisation.orgnr, "") if organisation.orgnr else ""
    return records.Party(name=organisation.name, orgnr=organisation.orgnr,
                         form=form or profile_forms.get(organisation.pk, ""), local_id=f"org-{organisation.pk}")


def _free_text(collaboration: Collaboration, parties: tuple[records.Party, ...], fallback: str) -> tuple[str, str]:
    """The collaboration's title and description, unless a party's name is withheld.

    People write their partner's name into titles («Pilot med Kari Nordmann ENK»). When a party is a
    sole proprietorship (or its form is unknown) its name is personal data, so the free text is left
    out: the title becomes the form's name and the description is dropped.
    """
    if any(party.name_withheld for party in parties):
        return fallback, ""
    return collaboration.title, collaboration.description


def _area(body: Organisation) -> records.Area | None:
    if body.kommune_id:
        return records.Area(name=body.kommune.name, code=body.kommune.number, kind="kommune")
    if body.fylke_id:
        return records.Area(name=body.fylke.name, code=body.fylke.number, kind="fylke")
    return None


def _award(collaboration: Collaboration) -> tuple[date, bool] | None:
    """(the day it was first awarded, whether it has ended since), or None when never awarded."""
    awarded = [change.changed_at for change in collaboration.timeline.all() if change.stage in AWARDED_STAGES]
    if awarded:
        day = timezone.localtime(min(awarded)).date()
    elif collaboration.stage in AWARDED_STAGES:  # a timeline that lost its rows; the start is the best we know
        day = collaboration.start_date or timezone.localtime(collaboration.created_at).date()
    else:
        return None
    return day, collaboration.stage == Stage.ENDED


def _collaborations(bodies: list[Organisation], forms: Iterable[str]) -> list[Collaboration]:
    return list(
        Collaboration.objects.filter(public_body__in=bodies, form__in=list(forms))
        .filter(Q(stage__in=AWARDED_STAGES) | Q(stage=Stage.ENDED))
        .select_related("public_body__kommune", "public_body__fylke")
        .prefetch_related(Prefetch("entrepreneurs", queryset=Organisation.objects.order_by("name")),
                          Prefetch("timeline", queryset=StageChange.objects.order_by("changed_at", "id")))
        .order_by("pk")
    )


def _regime(collaboration: Collaboration) -> str:
    assessment = collaboration.assessment if isinstance(collaboration.assessment, dict) else {}
    regime = assessment.get("regime")
    return regime.get("code", "") if isinstance(regime, dict) else ""


def is_procurement(form: str, regime: str) -> bool:
    """Whether a collaboration in this form, under this assessed regime ("" when not assessed), was a purchase."""
    if regime == NOT_PROCUREMENT:
        return False
    if form in PROCUREMENT_FORMS:
        return True
    return form in PROCUREMENT_IF_ASSESSED and bool(regime)


def grants(public_body: Organisation | None = None) -> list[records.Grant]:
    """The grants the 360Giving export publishes: the de minimis register, then grant collaborations."""
    bodies = _bodies(GRANTS, public_body)
    register = list(DeMinimisGrant.objects.filter(public_body__in=bodies)
                    .select_related("public_body__kommune", "public_body__fylke").order_by("granted_on", "pk"))
    collaborations = _collaborations(bodies, [GRANT_FORM])
    forms = _forms_by_orgnr([g.orgnr for g in register]
                            + [e.orgnr for c in collaborations for e in c.entrepreneurs.all()])
    profile_forms = _profile_forms(e for c in collaborations for e in c.entrepreneurs.all())

    found = []
    recorded = set()
    for grant in register:
        recorded.add((grant.public_body_id, grant.orgnr, grant.amount_nok))
        recipient = records.Party(name=grant.recipient_name, orgnr=grant.orgnr, form=forms.get(grant.orgnr, ""),
                                  local_id=f"deminimis-recipient-{grant.pk}")
        title, description = threesixtygiving.deminimis_texts(kind=grant.kind, purpose=grant.purpose,
                                                               legal_basis=grant.legal_basis, recipient=recipient)
        code, programme = threesixtygiving.DEMINIMIS_PROGRAMMES.get(grant.kind,
                                                                    threesixtygiving.DEMINIMIS_PROGRAMMES["general"])
        found.append(records.Grant(
            source="deminimis", pk=grant.pk, funder=_public_party(grant.public_body), recipients=(recipient,),
            amount_nok=grant.amount_nok, award_date=grant.granted_on, title=title, description=description,
            modified=grant.created_at, area=_area(grant.public_body), programme_code=code, programme_title=programme,
        ))
    for collaboration in collaborations:
        entrepreneurs = list(collaboration.entrepreneurs.all())
        award = _award(collaboration)
        if award is None or collaboration.value_nok is None or not entrepreneurs:
            continue
        if any((collaboration.public_body_id, e.orgnr, collaboration.value_nok) in recorded for e in entrepreneurs):
            continue  # the same grant is already in the register, with its exact date and legal basis
        recipients = tuple(_entrepreneur_party(e, forms, profile_forms) for e in entrepreneurs)
        title, description = _free_text(collaboration, recipients, GRANT_TITLE)
        found.append(records.Grant(
            source="collaboration", pk=collaboration.pk, funder=_public_party(collaboration.public_body),
            recipients=recipients,
            amount_nok=collaboration.value_nok, award_date=award[0], title=title,
            description=description, modified=collaboration.updated_at,
            start_date=collaboration.start_date, end_date=collaboration.end_date, area=_area(collaboration.public_body),
        ))
    return found


def contracts(public_body: Organisation | None = None) -> list[records.Contract]:
    """The collaborations the OCDS export publishes: procurement forms, awarded, with at least one supplier."""
    bodies = _bodies(CONTRACTS, public_body)
    collaborations = _collaborations(bodies, PROCUREMENT_FORMS | PROCUREMENT_IF_ASSESSED)
    entrepreneurs = [e for c in collaborations for e in c.entrepreneurs.all()]
    forms = _forms_by_orgnr(e.orgnr for e in entrepreneurs)
    profile_forms = _profile_forms(entrepreneurs)
    titles = form_titles("nb")

    found = []
    for collaboration in collaborations:
        regime = _regime(collaboration)
        award = _award(collaboration)
        suppliers = tuple(_entrepreneur_party(e, forms, profile_forms) for e in collaboration.entrepreneurs.all())
        if award is None or not suppliers or not is_procurement(collaboration.form, regime):
            continue
        title, description = _free_text(collaboration, suppliers, titles.get(collaboration.form, "") or GRANT_TITLE)
        found.append(records.Contract(
            pk=collaboration.pk, buyer=_public_party(collaboration.public_body), suppliers=suppliers,
            title=title, description=description, form=collaboration.form,
            form_title=titles.get(collaboration.form, ""), awarded_on=award[0], ended=award[1],
            modified=collaboration.updated_at, value_nok=collaboration.value_nok,
            start_date=collaboration.start_date, end_date=collaboration.end_date, regime=regime,
        ))
    return found


def last_change(found: Iterable, public_body: Organisation | None = None) -> datetime:
    """When the export's contents last changed: its newest record, or the newest decision to publish.

    OCDS asks that an on-demand package's publishedDate be the last change to its contents, not
    the time of the request; the same serves 360Giving's «modified».
    """
    moments = [record.modified for record in found]
    decisions = PublishingDecision.objects.all()  # opting out changes the contents too
    if public_body is not None:
        decisions = decisions.filter(public_body=public_body)
    moments += list(decisions.values_list("decided_at", flat=True))
    return max(moments, default=None) or timezone.now()
