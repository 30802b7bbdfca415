"""Demo data so that `make run` shows a living site. Every organisation here is fictional.

Loading is idempotent: running it again updates the same rows and creates no duplicates.
The organisation numbers are made up but pass the MOD11 check, as real ones do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from veier.accounts.models import User
from veier.directory.models import FrontDoor
from veier.directory.services import ensure_profile, save_front_door, save_profile
from veier.organisations.models import Membership, Organisation
from veier.reference.models import Kommune

DEMO_PASSWORD = "demo-veier-2026"


# What each demo entrepreneur does and where (codes from reference/data); empty places = nationwide.
DEMO_PROFILES = {
    "demo-besoksvenn-as": {
        "summary": "Besøksvenner for eldre som bor alene, i samarbeid med hjemmetjenesten.",
        "service_areas": ["elderly-care", "loneliness"], "target_groups": ["elderly", "relatives"],
        "fylker": ["50"], "kommuner": [], "organisation_form": "AS",
        "evidence": "Demo: færre legebesøk og bedre trivsel blant deltakerne i en pilot med 40 eldre.",
    },
    "demo-arbeidsfellesskapet-sa": {
        "summary": "Arbeidstrening i ombruksverksted for unge voksne utenfor arbeidslivet.",
        "service_areas": ["work-inclusion", "environment"], "target_groups": ["young-adults", "people-outside-work"],
        "fylker": [], "kommuner": ["4601", "4626"], "organisation_form": "SA",
        "evidence": "",
    },
    "demo-leksehjelpen": {
        "summary": "Digital leksehjelp og mentorer for barn i familier med lav inntekt.",
        "service_areas": ["education", "poverty"], "target_groups": ["children", "low-income"],
        "fylker": [], "kommuner": [], "organisation_form": "FLI",
        "evidence": "",
    },
}

DEMO_FRONT_DOORS = {
    "demo-trondheim-kommune": [
        {"service_area_id": "elderly-care", "unit_name": "Helse og velferd, innovasjonsenheten",
         "contact_role": "Innovasjonsrådgiver", "contact_name": "Kari Nordmann", "decides_on": "administrative",
         "how_to_pitch": "Send en kort beskrivelse av ideen; vi har åpne innspillsmøter første tirsdag hver måned.",
         "budget_cycle": "Innspill til budsjettet for neste år må komme før 1. mai.",
         "open_meetings": "Helse- og velferdskomiteen møtes åpent annenhver uke.",
         "email": "innovasjon@demo.veier.no"},
        {"service_area_id": None, "unit_name": "Rådmannens stab", "contact_role": "Næringsrådgiver",
         "contact_name": "", "decides_on": "political",
         "how_to_pitch": "For ideer som går på tvers av tjenesteområder.", "budget_cycle": "", "open_meetings": "",
         "email": "post@demo.veier.no"},
    ],
}


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    public_body_type: str
    kommune: str
    orgnr: str
    description: str
    admin_email: str
    admin_name: str


DEMO_ORGANISATIONS = (
    DemoOrganisation(
        "demo-trondheim-kommune", "Trondheim kommune (demo)", "public_body", "kommune", "5001", "",
        "Demo: innovasjonsenheten i helse og velferd tar imot ideer fra sosiale entreprenører.",
        "trondheim@demo.veier.no", "Kari Nordmann",
    ),
    DemoOrganisation(
        "demo-bergen-kommune", "Bergen kommune (demo)", "public_body", "kommune", "4601", "",
        "Demo: byrådsavdeling for arbeid, sosial og bolig.",
        "bergen@demo.veier.no", "Ola Vestlending",
    ),
    DemoOrganisation(
        "demo-nav-innlandet", "NAV Innlandet (demo)", "public_body", "state_agency", "3405", "",
        "Demo: fylkeskontor som samarbeider om arbeidsinkludering.",
        "nav@demo.veier.no", "Ingrid Dahl",
    ),
    DemoOrganisation(
        "demo-besoksvenn-as", "Besøksvenn AS (demo)", "social_entrepreneur", "", "5001", "999999999",
        "Demo: frivillige besøksvenner mot ensomhet blant eldre, i samarbeid med hjemmetjenesten.",
        "besoksvenn@demo.veier.no", "Aslak Gründer",
    ),
    DemoOrganisation(
        "demo-arbeidsfellesskapet-sa", "Arbeidsfellesskapet SA (demo)", "social_entrepreneur", "", "4601",
        "999999980",
        "Demo: arbeidstrening i ombruksverksted for unge voksne utenfor arbeidslivet.",
        "arbeid@demo.veier.no", "Sara Hansen",
    ),
    DemoOrganisation(
        "demo-leksehjelpen", "Leksehjelpen (demo)", "social_entrepreneur", "", "0301", "999999972",
        "Demo: digital leksehjelp og mentorordning for barn i lavinntektsfamilier.",
        "lekser@demo.veier.no", "Nora Berg",
    ),
)


@transaction.atomic
def load_demo() -> dict[str, int]:
    staff, _ = User.objects.get_or_create(
        email="admin@demo.veier.no",
        defaults={"full_name": "Plattformadministrator", "is_staff": True, "is_superuser": True},
    )
    _activate(staff)
    for item in DEMO_ORGANISATIONS:
        kommune = Kommune.objects.select_related("fylke").get(number=item.kommune)
        organisation, _ = Organisation.objects.update_or_create(
            slug=item.slug,
            defaults={
                "name": item.name, "kind": item.kind, "public_body_type": item.public_body_type,
                "kommune": kommune, "fylke": kommune.fylke, "orgnr": item.orgnr, "description": item.description,
            },
        )
        user, _ = User.objects.get_or_create(email=item.admin_email, defaults={"full_name": item.admin_name})
        _activate(user)
        Membership.objects.update_or_create(
            organisation=organisation, user=user, defaults={"role": Membership.Role.ADMIN}
        )
        if item.slug in DEMO_PROFILES:
            save_profile(ensure_profile(organisation), **DEMO_PROFILES[item.slug])
        for door in DEMO_FRONT_DOORS.get(item.slug, []):
            existing = FrontDoor.objects.filter(organisation=organisation, unit_name=door["unit_name"]).first()
            save_front_door(existing or FrontDoor(organisation=organisation), **door)
    _load_demo_meeting_place()
    return {"organisations": len(DEMO_ORGANISATIONS), "users": len(DEMO_ORGANISATIONS) + 1}


def _load_demo_meeting_place() -> None:
    """A published challenge from Trondheim, a pitch to it and a collaboration, so each area has content."""
    from veier.challenges.models import Challenge, Pitch, PitchEvent
    from veier.collaborations.models import Collaboration
    from veier.collaborations.services import create_collaboration

    trondheim = Organisation.objects.get(slug="demo-trondheim-kommune")
    besoksvenn = Organisation.objects.get(slug="demo-besoksvenn-as")
    kari = User.objects.get(email="trondheim@demo.veier.no")
    aslak = User.objects.get(email="besoksvenn@demo.veier.no")
    challenge, created = Challenge.objects.update_or_create(
        public_body=trondheim, title="Mindre ensomhet blant eldre som bor hjemme (demo)",
        defaults={
            "need": "Hjemmetjenesten ser at mange eldre som bor alene, har få å snakke med. Vi vil prøve nye "
                    "måter å skape møteplasser og faste besøk på.",
            "who_it_concerns": "Eldre over 75 år som bor alene og får hjemmetjenester.",
            "desired_outcomes": "Færre som opplever ensomhet; bedre trivsel målt med spørreskjema.",
            "budget_min_nok": 100_000, "budget_max_nok": 400_000, "timeline": "Pilot i 2027",
            "contact_name": "Kari Nordmann", "contact_email": "trondheim@demo.veier.no",
            "visibility": Challenge.Visibility.PUBLISHED, "created_by": kari,
        },
    )
    challenge.service_areas.set(["loneliness", "elderly-care"])
    challenge.target_groups.set(["elderly"])
    challenge.kommuner.set(["5001"])
    pitch, created = Pitch.objects.get_or_create(
        sender=besoksvenn, public_body=trondheim, challenge=challenge, title="Faste besøksvenner (demo)",
        defaults={
            "problem": "Ensomhet blant eldre som bor hjemme.", "target_group": "Rundt 200 eldre i bydelen.",
            "solution": "Frivillige besøksvenner en gang i uka, koordinert med hjemmetjenesten.",
            "evidence": "Pilot med 40 eldre i 2025.", "cost": "300 000 kr i året.",
            "ask": "Et møte, og kontakt med hjemmetjenesten i én bydel.", "created_by": aslak,
            "state": Pitch.State.DIALOGUE,
        },
    )
    if created:
        PitchEvent.objects.create(pitch=pitch, author=aslak, author_organisation=besoksvenn, state=Pitch.State.SENT)
        PitchEvent.objects.create(pitch=pitch, author=kari, author_organisation=trondheim,
                                  message="Takk! Kan dere møte oss tirsdag?")
        PitchEvent.objects.create(pitch=pitch, author=kari, author_organisation=trondheim,
                                  state=Pitch.State.DIALOGUE)
    if not Collaboration.objects.filter(title="Besøksvenn-pilot i Midtbyen (demo)").exists():
        create_collaboration(
            title="Besøksvenn-pilot i Midtbyen (demo)", public_body=trondheim, entrepreneurs=[besoksvenn],
            created_by=kari, description="Pilot med besøksvenner for eldre i én bydel.",
            service_area_id="loneliness", form="pilot_agreement", value_nok=90_000, stage="pilot",
        )


def _activate(user: User) -> None:
    user.is_active = True
    user.email_confirmed = True
    user.set_password(DEMO_PASSWORD)
    user.save()
