"""Who may open what: every page and API route, visited by six kinds of visitor.

The MATRIX below is the specification. It has one entry per route of the URL configuration (a page's
route pattern such as ``/utfordringer/<int:pk>/``, or an API operation such as
``GET /api/v1/pitches/<pitch_id>``), and each entry holds one or more visits: a method, a concrete URL
built from the world (``build_world``), and the answer each visitor must get:

    anonymous             not logged in
    entrepreneur_member   a plain member of Besøksvenn AS, the social entrepreneur that sent the pitch,
                          owns the (hidden) directory profile and the impact analysis and is party to
                          the collaboration
    entrepreneur_admin    an administrator of that same Besøksvenn AS
    kommune_member        a plain member (not an administrator) of Trondheim kommune, which owns both
                          challenges, receives the pitch, has the front door, recorded the de minimis
                          grant and is party to the collaboration
    other_kommune_member  the administrator of Bergen kommune, which takes part in none of it
    staff                 platform staff (is_staff and is_superuser, with no organisation): they read every
                          collaboration and every audit log, and enter Django's admin, but a draft, a pitch
                          or an impact analysis stays with its parties (README: "404 for anyone else")

An answer is a status code, or ``LOGIN`` (a redirect to the login page with ``next``), or
``to("/path/")`` (a redirect to that page). ``private={"secret": {roles}}`` also says that the named
secret from the world (a draft's title, a pitch's title, ...) must not appear in the answer to anyone
but those roles: a list page may answer 200 to everyone, but not show everyone everything.

Read routes are visited with GET. Routes that change something are visited with a POST that would
succeed for someone allowed (each test runs in its own transaction, so nothing sticks), so the table
also shows that the allowed roles really get through and the others really do not.

To add a route: add an entry to MATRIX under the key that ``test_every_route_has_a_row`` names,
with the answer the product *should* give each role (not the one it happens to give). A route
that cannot be visited in a way worth testing goes into EXCLUDED with the reason instead (none does
today). If the route needs an object the world lacks, add it in ``build_world`` and give its id a
name. Django's admin site counts as one route, ``/admin/``: its own staff and permission checks
guard every page in it.

The world is built once for the module inside a transaction that is rolled back at the end; each
test runs in a savepoint inside it (the same arrangement as Django's ``setUpTestData``).
"""

from __future__ import annotations

import datetime
import inspect
import json
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path
from django.utils import timezone
from ninja import NinjaAPI
from ninja.operation import PathView

from tests.conftest import make_user

ANONYMOUS = "anonymous"
ENTREPRENEUR_MEMBER = "entrepreneur_member"
ENTREPRENEUR_ADMIN = "entrepreneur_admin"
KOMMUNE_MEMBER = "kommune_member"
OTHER_KOMMUNE_MEMBER = "other_kommune_member"
STAFF = "staff"
ROLES = (ANONYMOUS, ENTREPRENEUR_MEMBER, ENTREPRENEUR_ADMIN, KOMMUNE_MEMBER, OTHER_KOMMUNE_MEMBER, STAFF)
#: Short names for the ``private`` sets.
EM, EA, KM, ST = ENTREPRENEUR_MEMBER, ENTREPRENEUR_ADMIN, KOMMUNE_MEMBER, STAFF


# --- what an answer may be ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 to ``to`` (formatted with the world's names; a final ``*`` matches the rest, e.g. a new object's id).

    A redirect to the login page must also carry ``next`` back to the page asked for.
    """

    to: str


LOGIN = Redirect("/konto/logg-inn/")
ADMIN_LOGIN = Redirect("/admin/login/")
#: Nobody may see it (for ``private``).
NOBODY: frozenset[str] = frozenset()


def to(target: str) -> Redirect:
    return Redirect(target)


Answer = int | Redirect


def expect(anonymous: Answer, entrepreneur_member: Answer, entrepreneur_admin: Answer, kommune_member: Answer,
           other_kommune_member: Answer, staff: Answer) -> dict[str, Answer]:
    """The answer for each role, in the order of ROLES (the columns of the table)."""
    return dict(zip(ROLES, (anonymous, entrepreneur_member, entrepreneur_admin, kommune_member,
                            other_kommune_member, staff), strict=True))


def everyone(answer: Answer) -> dict[str, Answer]:
    return dict.fromkeys(ROLES, answer)


PUBLIC = everyone(200)
SIGNED_IN = expect(LOGIN, 200, 200, 200, 200, 200)
#: The impact analysis belongs to Besøksvenn and is linked to its collaboration with Trondheim, so the
#: collaboration's parties share it; nobody else learns that it exists.
SHARED_ANALYSIS = expect(LOGIN, 200, 200, 200, 404, 404)
#: The de minimis register is for members of public bodies (every public body: the ceiling is per undertaking).
PUBLIC_BODIES_ONLY = expect(LOGIN, 403, 403, 200, 200, 403)


@dataclass(frozen=True)
class Visit:
    """One request and the answer each role must get.

    ``url``, string values in ``data``/``json`` and redirect targets are ``str.format`` templates over the
    world's names (``{pitch}``, ``{entrepreneur}``, ...). ``prepare(client, world)`` runs before the request.
    """

    method: str
    url: str
    answers: dict[str, Answer]
    data: dict | None = None
    json: dict | None = None
    private: dict[str, set[str] | frozenset[str]] = field(default_factory=dict)
    prepare: Callable | None = None


def get(url: str, answers: dict[str, Answer], **options) -> Visit:
    return Visit("GET", url, answers, **options)


def post(url: str, answers: dict[str, Answer], **options) -> Visit:
    return Visit("POST", url, answers, **options)


# --- the world -----------------------------------------------------------------------------------------------------

SECRETS = {
    "draft_title": "Utkast om rusomsorg 4711",
    "pitch_title": "Pitch om leksekafe 0815",
    "collaboration_title": "Samarbeid om dagsenter 2231",
    "analysis_title": "Effektanalyse hjemmebesok 9902",
    "invitation_email": "invitert-7351@besoksvenn.example",
    "grant": "Besoksvenn avdeling Midtbyen 6642",
    "hidden_profile": "Besoksvenner mot ensomhet 3390",
    # Besøksvenn's profile is hidden and Trondheim publishes no open data, so public lists never show it.
    "besoksvenn_orgnr": "974760673",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
#: A completed walk through the collaboration guide, as ``veier.advisor.wizard`` keeps it in the session.
ADVISOR_ANSWERS = {"buyer": "municipality", "subject": "health_social", "novelty": "new", "mutual_obligation": True,
                   "value_nok": 1300000, "decision_date": "2025-03-01", "nonprofit": True, "work_integration": None,
                   "outcome_based": False}


def build_world() -> tuple[dict[str, str], dict[str, object]]:
    """Trondheim kommune and Besøksvenn AS, with one of everything between them; Bergen kommune on the side.

    Returns the names the URL templates use, and the user for each role.
    """
    from veier.cases.models import Case
    from veier.challenges import services as challenges
    from veier.challenges.models import Challenge
    from veier.collaborations.services import create_collaboration
    from veier.directory.models import EntrepreneurProfile, FrontDoor
    from veier.directory.services import create_entrepreneur, save_profile
    from veier.funding.models import DeMinimisGrant
    from veier.funding.selectors import schemes
    from veier.impact import services as impact
    from veier.impact.models import Indicator, Measurement, Outcome
    from veier.organisations.models import Invitation, Membership, Organisation
    from veier.reference.models import Kommune
    from veier.registry.models import RegistryUnit

    trondheim = Kommune.objects.get(number="5001")
    users = {
        ENTREPRENEUR_MEMBER: make_user("medlem@besoksvenn.example", full_name="Mette Medlem"),
        ENTREPRENEUR_ADMIN: make_user("admin@besoksvenn.example", full_name="Aslak Gründer"),
        KOMMUNE_MEMBER: make_user("saksbehandler@trondheim.example", full_name="Kari Saksbehandler"),
        OTHER_KOMMUNE_MEMBER: make_user("ola@bergen.example", full_name="Ola Vestlending"),
        STAFF: make_user("drift@veier.example", full_name="Plattform Drift", is_staff=True, is_superuser=True),
    }
    kommune = Organisation.objects.create(
        kind="public_body", public_body_type="kommune", name="Trondheim kommune", slug="trondheim-kommune",
        kommune=trondheim, fylke=trondheim.fylke, orgnr="942110464")
    other_kommune = Organisation.objects.create(
        kind="public_body", public_body_type="kommune", name="Bergen kommune", slug="bergen-kommune",
        kommune_id="4601", fylke_id="46", orgnr="964338531")
    entrepreneur = Organisation.objects.create(
        kind="social_entrepreneur", name="Besøksvenn AS", slug="besoksvenn-as", orgnr="974760673",
        kommune=trondheim, fylke=trondheim.fylke)
    for organisation, user, role in [
        (entrepreneur, users[ENTREPRENEUR_MEMBER], Membership.Role.MEMBER),
        (entrepreneur, users[ENTREPRENEUR_ADMIN], Membership.Role.ADMIN),
        (kommune, users[KOMMUNE_MEMBER], Membership.Role.MEMBER),
        (other_kommune, users[OTHER_KOMMUNE_MEMBER], Membership.Role.ADMIN),
    ]:
        Membership.objects.create(organisation=organisation, user=user, role=role)

    # Besøksvenn's directory profile is hidden (though it would match the challenge well); Leksehjelpen's is
    # public. Both have a logo.
    hidden_profile = save_profile(
        EntrepreneurProfile.objects.create(organisation=entrepreneur, is_public=False),
        summary=SECRETS["hidden_profile"], service_areas=["loneliness", "elderly-care"], target_groups=["elderly"],
        kommuner=["5001"])
    hidden_profile.logo.save("skjult.png", ContentFile(PNG))
    public_profile = create_entrepreneur(orgnr="988588261", name="Leksehjelpen", organisation_form="FLI",
                                         summary="Leksehjelp", service_areas=["education"])
    public_profile.logo.save("synlig.png", ContentFile(PNG))
    RegistryUnit.objects.create(orgnr="988588261", name="LEKSEHJELPEN", content_hash="0" * 32,
                                updated_at=timezone.now())

    caseworker = users[KOMMUNE_MEMBER]
    published = challenges.save_challenge(
        Challenge(public_body=kommune), user=caseworker, title="Mindre ensomhet blant eldre",
        need="Flere eldre som bor hjemme, er ensomme.", contact_name="Kari", contact_email="kari@trondheim.example",
        visibility="published", service_areas=["loneliness"], target_groups=["elderly"], kommuner=["5001"])
    draft = challenges.save_challenge(
        Challenge(public_body=kommune), user=caseworker, title=SECRETS["draft_title"], need="Ikke klart ennå.",
        contact_name="Kari", contact_email="kari@trondheim.example", visibility="draft", service_areas=["housing"])
    pitch = challenges.send_pitch(
        sender=entrepreneur, public_body=kommune, user=users[ENTREPRENEUR_ADMIN], challenge=published,
        title=SECRETS["pitch_title"], problem="Mange eldre er ensomme.", target_group="Eldre som bor alene.",
        solution="Faste besøksvenner.", ask="Et møte.")

    collaboration = create_collaboration(
        title=SECRETS["collaboration_title"], public_body=kommune, entrepreneurs=[entrepreneur],
        created_by=caseworker, stage="evaluated", form="open_competition")
    analysis = impact.create_analysis(
        organisation=entrepreneur, created_by=users[ENTREPRENEUR_ADMIN], title=SECRETS["analysis_title"],
        collaboration=collaboration, investment_nok=Decimal(250000), discount_rate=Decimal("0.035"))
    outcome = impact.save_outcome(
        Outcome(analysis=analysis), name="Mindre ensomhet", stakeholder="eldre", level="citizen",
        quantity=Decimal(60), proxy_value_nok=Decimal(8500), deadweight=Decimal("0.4"), displacement=Decimal(0),
        attribution=Decimal("0.3"), drop_off=Decimal("0.3"), duration_years=2, start_year=1)
    indicator = impact.save_indicator(
        Indicator(analysis=analysis), name="Deltakere", unit="personer", outcome=outcome, baseline=Decimal(10),
        target=Decimal(50), data_source="Undersøkelse", frequency="quarterly")
    impact.record_measurements(indicator, [{"date": datetime.date(2025, 3, 31), "value": Decimal(18), "note": ""}])

    front_door = FrontDoor.objects.create(organisation=kommune, unit_name="Helse og velferd",
                                          contact_role="Rådgiver", decides_on="unit")
    DeMinimisGrant.objects.create(
        public_body=kommune, orgnr=entrepreneur.orgnr, recipient_name=SECRETS["grant"],
        granted_on=datetime.date(2025, 3, 1), amount_nok=Decimal(100000), eur_rate=Decimal("11.5"),
        legal_basis="Forordning (EU) 2023/2831", created_by=caseworker)
    invitation = Invitation.objects.create(organisation=entrepreneur, email=SECRETS["invitation_email"],
                                           invited_by=users[ENTREPRENEUR_ADMIN])

    names = {
        "entrepreneur": entrepreneur.slug, "entrepreneur_id": entrepreneur.pk, "orgnr": entrepreneur.orgnr,
        "kommune": kommune.slug, "kommune_id": kommune.pk,
        "other_kommune": other_kommune.slug, "other_kommune_id": other_kommune.pk,
        "public_entrepreneur": public_profile.organisation.slug, "public_orgnr": public_profile.organisation.orgnr,
        "published_challenge": published.pk, "draft_challenge": draft.pk, "pitch": pitch.pk,
        "collaboration": collaboration.pk, "analysis": analysis.pk, "outcome": outcome.pk,
        "indicator": indicator.pk, "measurement": Measurement.objects.get(indicator=indicator).pk,
        "front_door": front_door.pk, "invitation": invitation.token,
        "logo": public_profile.logo.name.removeprefix("logos/"),
        "hidden_logo": hidden_profile.logo.name.removeprefix("logos/"),
        "case": Case.objects.filter(published=True).order_by("pk").first().slug,
        "scheme": schemes().order_by("pk").first().slug,
        "user_uid": "MQ",  # urlsafe base64 of a user id; the token with it is wrong anyway
    }
    return {key: str(value) for key, value in names.items()}, users


# --- the matrix ----------------------------------------------------------------------------------------------------
# Columns of expect(...):            anonymous  e-member  e-admin  kommune  other-k  staff

PITCH = "/utfordringer/pitcher/{pitch}/"
COLLABORATION = "/samarbeid/{collaboration}/"
ANALYSIS = "/effekt/{analysis}/"
INDICATOR = "/effekt/{analysis}/indikatorer/{indicator}/"
PROFILE = to("/konto/profil/")
FIRST_QUESTION = to("/veiviser/sporsmal/kjoper/")


def fill_in_the_advisor(client, world) -> None:
    session = client.session
    session["advisor_answers"] = ADVISOR_ANSWERS
    session.save()


MATRIX: dict[str, Visit | tuple[Visit, ...]] = {
    # --- front page, trust pages, operations ---
    "/": get("/", PUBLIC),
    "/healthz": get("/healthz", PUBLIC),
    "/personvern/": get("/personvern/", PUBLIC),
    "/konto/mine-data.json": get("/konto/mine-data.json", SIGNED_IN),
    "/konto/slett/": get("/konto/slett/", SIGNED_IN),
    "/aktorer/<slug:slug>/logg/": (
        get("/aktorer/{entrepreneur}/logg/", expect(LOGIN, 403, 200, 403, 403, 200)),
        # Only the kommune's administrators read its log; a plain member does not.
        get("/aktorer/{kommune}/logg/", expect(LOGIN, 403, 403, 403, 403, 200)),
    ),
    "/media/logos/<str:name>": (
        get("/media/logos/{logo}", PUBLIC),
        # A hidden profile's logo is not served, not even to the profile's own members.
        get("/media/logos/{hidden_logo}", everyone(404)),
    ),
    "/i18n/setlang/": post("/i18n/setlang/", everyone(to("/")), data={"language": "nn"}),
    "/admin/": get("/admin/", expect(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200)),
    # --- accounts ---
    "/konto/registrer/": get("/konto/registrer/", expect(200, PROFILE, PROFILE, PROFILE, PROFILE, PROFILE)),
    "/konto/bekreft/<str:token>/": get("/konto/bekreft/ugyldig-lenke/", everyone(400)),
    "/konto/logg-inn/": get("/konto/logg-inn/", expect(200, PROFILE, PROFILE, PROFILE, PROFILE, PROFILE)),
    "/konto/logg-ut/": post("/konto/logg-ut/", everyone(to("/"))),
    "/konto/profil/": get("/konto/profil/", SIGNED_IN),
    "/konto/passord/": get("/konto/passord/", PUBLIC),
    "/konto/passord/sendt/": get("/konto/passord/sendt/", PUBLIC),
    "/konto/passord/<uidb64>/<token>/": get("/konto/passord/{user_uid}/ugyldig-token/", PUBLIC),  # says: invalid
    "/konto/passord/ferdig/": get("/konto/passord/ferdig/", PUBLIC),
    # --- organisations ---
    "/aktorer/": get("/aktorer/", PUBLIC),
    "/aktorer/ny/": get("/aktorer/ny/", SIGNED_IN),
    "/aktorer/invitasjon/<str:token>/": (
        get("/aktorer/invitasjon/{invitation}/", SIGNED_IN),
        # The invitation is addressed to someone else: nobody here may accept it.
        post("/aktorer/invitasjon/{invitation}/", expect(LOGIN, 400, 400, 400, 400, 400)),
    ),
    "/aktorer/<slug:slug>/": get("/aktorer/{entrepreneur}/", PUBLIC, private={"invitation_email": {EA}}),
    "/aktorer/<slug:slug>/inviter/": post(
        "/aktorer/{entrepreneur}/inviter/", expect(LOGIN, 403, to("/aktorer/{entrepreneur}/"), 403, 403, 403),
        data={"email": "ny@besoksvenn.example", "role": "member"}),
    # --- directory ---
    "/finn-aktorer/": get("/finn-aktorer/", PUBLIC, private={"hidden_profile": NOBODY}),
    "/finn-aktorer/<slug:slug>/": (
        get("/finn-aktorer/{entrepreneur}/", expect(404, 200, 200, 404, 404, 404)),  # hidden profile
        get("/finn-aktorer/{public_entrepreneur}/", PUBLIC),
    ),
    "/finn-aktorer/<slug:slug>/rediger/": get("/finn-aktorer/{entrepreneur}/rediger/",
                                              expect(LOGIN, 200, 200, 403, 403, 403)),
    "/kommuner/": get("/kommuner/", PUBLIC),
    "/kommuner/<str:number>/": get("/kommuner/5001/", PUBLIC, private={"hidden_profile": NOBODY}),
    "/kontaktpunkter/<slug:slug>/": get("/kontaktpunkter/{kommune}/", expect(LOGIN, 403, 403, 200, 403, 403)),
    "/kontaktpunkter/<slug:slug>/<int:pk>/": (
        get("/kontaktpunkter/{kommune}/{front_door}/", expect(LOGIN, 403, 403, 200, 403, 403)),
        # Through one's own kommune's address, another kommune's front door is not found.
        get("/kontaktpunkter/{other_kommune}/{front_door}/", expect(LOGIN, 403, 403, 403, 404, 403)),
    ),
    "/kontaktpunkter/<slug:slug>/<int:pk>/slett/": (
        post("/kontaktpunkter/{kommune}/{front_door}/slett/",
             expect(LOGIN, 403, 403, to("/kontaktpunkter/{kommune}/"), 403, 403)),
        post("/kontaktpunkter/{other_kommune}/{front_door}/slett/", expect(LOGIN, 403, 403, 403, 404, 403)),
    ),
    # --- the collaboration guide (answers live in the visitor's own session) ---
    "/veiviser/": get("/veiviser/", PUBLIC),
    "/veiviser/myter/": get("/veiviser/myter/", PUBLIC),
    "/veiviser/sporsmal/<slug:slug>/": get("/veiviser/sporsmal/kjoper/", PUBLIC),
    "/veiviser/start-pa-nytt/": post("/veiviser/start-pa-nytt/", everyone(FIRST_QUESTION)),
    "/veiviser/resultat/": (
        get("/veiviser/resultat/", everyone(FIRST_QUESTION)),
        get("/veiviser/resultat/", PUBLIC, prepare=fill_in_the_advisor),
    ),
    "/veiviser/resultat.pdf": get("/veiviser/resultat.pdf", everyone(to("/veiviser/"))),
    # Saving the guide's result on a collaboration: only its parties may choose it.
    "/veiviser/resultat/lagre/": post(
        "/veiviser/resultat/lagre/", expect(LOGIN, to(COLLABORATION), to(COLLABORATION), to(COLLABORATION), 422, 422),
        data={"collaboration": "{collaboration}", "form": "exploratory_agreement"}, prepare=fill_in_the_advisor),
    # --- collaborations: its parties see and change it; staff only see it ---
    "/samarbeid/": get("/samarbeid/", SIGNED_IN, private={"collaboration_title": {EM, EA, KM, ST}}),
    "/samarbeid/ny/": (
        get("/samarbeid/ny/", expect(LOGIN, 403, 403, 200, 200, 403)),
        # Registering a collaboration in the name of a public body takes membership of that body.
        post("/samarbeid/ny/", expect(LOGIN, 403, 403, to("/samarbeid/*"), 422, 403),
             data={"public_body": "{kommune_id}", "title": "Nytt samarbeid", "entrepreneurs": "{entrepreneur_id}"}),
    ),
    "/samarbeid/<int:pk>/": get(COLLABORATION, expect(LOGIN, 200, 200, 200, 404, 200)),
    "/samarbeid/<int:pk>/rediger/": get(COLLABORATION + "rediger/", expect(LOGIN, 200, 200, 200, 404, 403)),
    "/samarbeid/<int:pk>/fase/": post(
        COLLABORATION + "fase/", expect(LOGIN, to(COLLABORATION), to(COLLABORATION), to(COLLABORATION), 404, 403),
        data={"stage": "scaled", "note": ""}),
    "/samarbeid/<int:pk>/dokumenter/<slug:kind>.<str:fmt>": get(
        COLLABORATION + "dokumenter/intensjonsavtale.docx", expect(LOGIN, 200, 200, 200, 404, 200)),
    # --- impact analyses ---
    "/effekt/": get("/effekt/", PUBLIC, private={"analysis_title": {EM, EA, KM}}),
    "/effekt/ny/": (
        get("/effekt/ny/", expect(LOGIN, 200, 200, 200, 200, to("/effekt/"))),
        # An analysis is created for one of one's own organisations only.
        post("/effekt/ny/", expect(LOGIN, to("/effekt/*"), to("/effekt/*"), 422, 422, to("/effekt/")),
             data={"organisation": "{entrepreneur_id}", "title": "Ny analyse", "investment_nok": "1000",
                   "discount_rate": "0.035"}),
    ),
    "/effekt/<int:pk>/": get(ANALYSIS, SHARED_ANALYSIS),
    "/effekt/<int:pk>/rediger/": get(ANALYSIS + "rediger/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/logikkmodell/": get(ANALYSIS + "logikkmodell/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/utfall/": get(ANALYSIS + "utfall/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/utfall/<int:outcome>/": get(ANALYSIS + "utfall/{outcome}/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/utfall/<int:outcome>/slett/": post(
        ANALYSIS + "utfall/{outcome}/slett/",
        expect(LOGIN, to(ANALYSIS + "utfall/"), to(ANALYSIS + "utfall/"), to(ANALYSIS + "utfall/"), 404, 404)),
    "/effekt/<int:pk>/indikatorer/": get(ANALYSIS + "indikatorer/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/indikatorer/<int:indicator>/": get(INDICATOR, SHARED_ANALYSIS),
    "/effekt/<int:pk>/indikatorer/<int:indicator>/rediger/": get(INDICATOR + "rediger/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/indikatorer/<int:indicator>/slett/": post(
        INDICATOR + "slett/", expect(LOGIN, to(ANALYSIS + "indikatorer/"), to(ANALYSIS + "indikatorer/"),
                                     to(ANALYSIS + "indikatorer/"), 404, 404)),
    "/effekt/<int:pk>/indikatorer/<int:indicator>/malinger/<int:measurement>/slett/": post(
        INDICATOR + "malinger/{measurement}/slett/",
        expect(LOGIN, to(INDICATOR), to(INDICATOR), to(INDICATOR), 404, 404)),
    "/effekt/<int:pk>/sroi/": get(ANALYSIS + "sroi/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/rapport/": get(ANALYSIS + "rapport/", SHARED_ANALYSIS),
    "/effekt/<int:pk>/rapport.pdf": get(ANALYSIS + "rapport.pdf", SHARED_ANALYSIS),
    "/effekt/<int:pk>/effektkart.xlsx": get(ANALYSIS + "effektkart.xlsx", SHARED_ANALYSIS),
    # --- challenges and pitches: a draft is its kommune's own; a pitch belongs to its two parties ---
    "/utfordringer/": get("/utfordringer/", PUBLIC, private={"draft_title": {KM}}),
    "/utfordringer/ny/": (
        get("/utfordringer/ny/", expect(LOGIN, 403, 403, 200, 200, 403)),
        # Posting a challenge in the name of another public body is refused (the kommune's own form has errors).
        post("/utfordringer/ny/", expect(LOGIN, 403, 403, 422, 403, 403), data={"public_body": "{kommune_id}"}),
    ),
    "/utfordringer/<int:pk>/": (
        get("/utfordringer/{draft_challenge}/", expect(404, 404, 404, 200, 404, 404)),
        # The owner sees the pitches it received on the challenge page; others do not.
        get("/utfordringer/{published_challenge}/", PUBLIC, private={"pitch_title": {EM, EA, KM}}),
    ),
    "/utfordringer/<int:pk>/rediger/": (
        get("/utfordringer/{draft_challenge}/rediger/", expect(LOGIN, 404, 404, 200, 404, 404)),
        get("/utfordringer/{published_challenge}/rediger/", expect(LOGIN, 403, 403, 200, 403, 403)),
    ),
    "/utfordringer/<int:pk>/pitch/": (
        get("/utfordringer/{published_challenge}/pitch/", expect(LOGIN, 200, 200, 403, 403, 403)),
        get("/utfordringer/{draft_challenge}/pitch/", expect(LOGIN, 404, 404, 403, 404, 404)),
    ),
    "/utfordringer/pitch/til/<slug:slug>/": get("/utfordringer/pitch/til/{kommune}/",
                                                expect(LOGIN, 200, 200, 403, 403, 403)),
    "/utfordringer/pitcher/": get("/utfordringer/pitcher/", SIGNED_IN, private={"pitch_title": {EM, EA, KM}}),
    "/utfordringer/pitcher/<int:pk>/": get(PITCH, expect(LOGIN, 200, 200, 200, 404, 404)),
    "/utfordringer/pitcher/<int:pk>/melding/": post(
        PITCH + "melding/", expect(LOGIN, to(PITCH), to(PITCH), to(PITCH), 404, 404), data={"message": "Hei!"}),
    # Only the addressed body moves a pitch; the sender may see it but not decide on it.
    "/utfordringer/pitcher/<int:pk>/status/": post(
        PITCH + "status/", expect(LOGIN, 403, 403, to(PITCH), 404, 404), data={"state": "dialogue", "reason": ""}),
    "/utfordringer/for-oss/": get("/utfordringer/for-oss/", expect(LOGIN, 200, 200, 403, 403, 403)),
    # --- funding and the de minimis register ---
    "/finansiering/": get("/finansiering/", PUBLIC),
    "/finansiering/<slug:slug>/": get("/finansiering/{scheme}/", PUBLIC),
    "/finansiering/frister.ics": get("/finansiering/frister.ics", PUBLIC),
    "/finansiering/passer-for-oss/": (
        get("/finansiering/passer-for-oss/", PUBLIC, private={"collaboration_title": {EM, EA, KM, ST}}),
        get("/finansiering/passer-for-oss/?collaboration={collaboration}", expect(403, 200, 200, 200, 403, 200)),
        get("/finansiering/passer-for-oss/?organisation={entrepreneur}", expect(403, 200, 200, 403, 403, 403)),
    ),
    "/finansiering/bagatellstotte/": get("/finansiering/bagatellstotte/", PUBLIC_BODIES_ONLY,
                                         private={"grant": {KM}}),
    "/finansiering/bagatellstotte/ny/": (
        get("/finansiering/bagatellstotte/ny/", PUBLIC_BODIES_ONLY),
        # A grant is recorded in the name of one's own public body only.
        post("/finansiering/bagatellstotte/ny/",
             expect(LOGIN, 403, 403, to("/finansiering/bagatellstotte/{orgnr}/"), 422, 403),
             data={"public_body": "{kommune_id}", "orgnr": "{orgnr}", "recipient_name": "Besøksvenn AS",
                   "granted_on": "2025-03-01", "amount_nok": "1 000 000", "eur_rate": "11,50", "kind": "general",
                   "legal_basis": "Forordning (EU) 2023/2831", "action": "save"}),
    ),
    "/finansiering/bagatellstotte/eksport.<str:fmt>": get("/finansiering/bagatellstotte/eksport.csv",
                                                          PUBLIC_BODIES_ONLY, private={"grant": {KM}}),
    "/finansiering/bagatellstotte/<str:orgnr>/": get("/finansiering/bagatellstotte/{orgnr}/", PUBLIC_BODIES_ONLY),
    # --- the case library ---
    "/eksempler/": get("/eksempler/", PUBLIC),
    "/eksempler/<slug:slug>/": get("/eksempler/{case}/", PUBLIC),
    "/eksempler/del/": get("/eksempler/del/", SIGNED_IN, private={"collaboration_title": {EM, EA, KM}}),
    "/eksempler/del/<int:pk>/<slug:slug>/": (
        # Only an administrator of a party consents to publishing, for that party.
        post("/eksempler/del/{collaboration}/{entrepreneur}/",
             expect(LOGIN, 403, to("/eksempler/del/"), 403, 403, 403)),
        # Nor may an administrator of an organisation that is no party withdraw (and so unpublish) it.
        post("/eksempler/del/{collaboration}/{other_kommune}/", expect(LOGIN, 403, 403, 403, 403, 403),
             data={"withdraw": "1"}),
    ),
    # --- national statistics (aggregates only) ---
    "/statistikk/": get("/statistikk/", PUBLIC),
    "/statistikk/eksport.<str:fmt>": get("/statistikk/eksport.csv", PUBLIC),
    # --- open data: a public body's administrators decide whether its records are published ---
    "/apne-data/": get("/apne-data/", PUBLIC),
    "/apne-data/publisering/<slug:slug>/": (
        post("/apne-data/publisering/{kommune}/", expect(LOGIN, 403, 403, 403, 403, 403),
             data={"body-{kommune_id}-grants": "on"}),
        post("/apne-data/publisering/{other_kommune}/", expect(LOGIN, 403, 403, 403, to("/apne-data/"), 403),
             data={"body-{other_kommune_id}-grants": "on"}),
    ),
    # --- the JSON API ---
    "/api/v1/": get("/api/v1/", everyone(404)),
    "/api/v1/openapi.json": get("/api/v1/openapi.json", PUBLIC),
    "/api/v1/docs": get("/api/v1/docs", PUBLIC),
    "GET /api/v1/kommuner": get("/api/v1/kommuner", PUBLIC),
    "GET /api/v1/kommuner/<number>": get("/api/v1/kommuner/5001", PUBLIC),
    "GET /api/v1/kommuner/<number>/front-doors": get("/api/v1/kommuner/5001/front-doors", PUBLIC),
    "GET /api/v1/registry/<orgnr>": get("/api/v1/registry/{public_orgnr}", PUBLIC),
    "GET /api/v1/entrepreneurs": get("/api/v1/entrepreneurs", PUBLIC, private={"besoksvenn_orgnr": NOBODY}),
    "GET /api/v1/entrepreneurs/<orgnr>": (
        get("/api/v1/entrepreneurs/{public_orgnr}", PUBLIC),
        get("/api/v1/entrepreneurs/{orgnr}", everyone(404)),  # a hidden profile is not in the open API
    ),
    "POST /api/v1/advisor/assess": post("/api/v1/advisor/assess", everyone(422), json={}),
    "POST /api/v1/match": post("/api/v1/match", PUBLIC, private={"besoksvenn_orgnr": NOBODY},
                               json={"text": "Besøksvenner mot ensomhet blant eldre", "kommune": "5001"}),
    "POST /api/v1/impact/sroi": post("/api/v1/impact/sroi", everyone(422), json={}),
    "POST /api/v1/impact/cost-benefit": post("/api/v1/impact/cost-benefit", everyone(422), json={}),
    "POST /api/v1/impact/outcome-contract": post("/api/v1/impact/outcome-contract", everyone(422), json={}),
    "GET /api/v1/impact/analyses": get("/api/v1/impact/analyses", expect(401, 200, 200, 200, 200, 200),
                                       private={"analysis_title": {EM, EA, KM}}),
    # Saving an analysis for an organisation takes membership of it.
    "POST /api/v1/impact/analyses": post(
        "/api/v1/impact/analyses", expect(401, 201, 201, 422, 422, 422),
        json={"organisation": "{entrepreneur}", "title": "Ny analyse", "investment_nok": 1000}),
    "GET /api/v1/impact/analyses/<analysis_id>": get("/api/v1/impact/analyses/{analysis}",
                                                     expect(401, 200, 200, 200, 404, 404)),
    "GET /api/v1/challenges": get("/api/v1/challenges", PUBLIC, private={"draft_title": {KM}}),
    "GET /api/v1/challenges/<challenge_id>": (
        get("/api/v1/challenges/{draft_challenge}", expect(404, 404, 404, 200, 404, 404)),
        get("/api/v1/challenges/{published_challenge}", PUBLIC),
    ),
    "GET /api/v1/challenges/<challenge_id>/matches": (
        get("/api/v1/challenges/{draft_challenge}/matches", expect(404, 404, 404, 200, 404, 404)),
        get("/api/v1/challenges/{published_challenge}/matches", PUBLIC, private={"besoksvenn_orgnr": NOBODY}),
    ),
    "GET /api/v1/pitches/<pitch_id>": get("/api/v1/pitches/{pitch}", expect(404, 200, 200, 200, 404, 404)),
    "GET /api/v1/funding": get("/api/v1/funding", PUBLIC),
    "GET /api/v1/deminimis/<orgnr>": get("/api/v1/deminimis/{orgnr}", expect(401, 403, 403, 200, 200, 403)),
    "GET /api/v1/cases": get("/api/v1/cases", PUBLIC),
    "GET /api/v1/stats/summary": get("/api/v1/stats/summary", PUBLIC),
    # Nothing is in the open-data exports until its public body has chosen to publish (Trondheim has not):
    # neither the de minimis grant to Besøksvenn nor the procured collaboration.
    "GET /api/v1/open-data/360giving.json": get("/api/v1/open-data/360giving.json", PUBLIC,
                                                private={"besoksvenn_orgnr": NOBODY}),
    "GET /api/v1/open-data/ocds.json": get("/api/v1/open-data/ocds.json", PUBLIC,
                                           private={"collaboration_title": NOBODY}),
}

#: Routes without a row, each with the reason.
EXCLUDED: dict[str, str] = {}


# --- which routes exist --------------------------------------------------------------------------------------------


def api_methods(callback) -> list[str]:
    """The HTTP methods of a django-ninja path (empty for an ordinary Django view)."""
    view = inspect.getclosurevars(callback).nonlocals.get("self") if inspect.isfunction(callback) else None
    if not isinstance(view, PathView):
        return []
    return sorted({method for operation in view.operations for method in operation.methods})


def route_keys(patterns=None, prefix: str = "") -> set[str]:
    """A key for every route: ``/route/pattern/`` for a page, ``METHOD /api/route`` for each API operation.

    Django's admin site is one key (``/admin/``): its own staff and permission checks guard every page in it.
    """
    if patterns is None:
        patterns = get_resolver().url_patterns
    keys = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            keys |= {"/" + route} if pattern.app_name == "admin" else route_keys(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            methods = api_methods(pattern.callback)
            keys |= {f"{method} /{route}" for method in methods} if methods else {"/" + route}
    return keys


def routes_without_a_row() -> list[str]:
    return sorted(route_keys() - MATRIX.keys() - EXCLUDED.keys())


def rows_without_a_route() -> list[str]:
    return sorted((MATRIX.keys() | EXCLUDED.keys()) - route_keys())


def test_every_route_has_a_row():
    missing = routes_without_a_row()
    assert not missing, (
        "These routes have no row in the authorization matrix; add one to MATRIX in "
        "tests/security/test_authorization_matrix.py with the answer each role should get:\n  "
        + "\n  ".join(missing))


def test_every_row_is_a_route():
    stale = rows_without_a_route()
    assert not stale, "These rows name routes that no longer exist:\n  " + "\n  ".join(stale)


def test_every_row_answers_for_every_role():
    for key, visits in MATRIX.items():
        for visit in visits if isinstance(visits, tuple) else (visits,):
            assert set(visit.answers) == set(ROLES), key
            assert set(visit.private) <= SECRETS.keys(), key


def a_new_page(request):
    return HttpResponse("ny")


selftest_api = NinjaAPI(title="Self-test", urls_namespace="authorization-matrix-selftest", docs_url=None,
                        openapi_url=None)


@selftest_api.get("/hemmelig")
def read_secret(request):
    return {}


@selftest_api.post("/hemmelig")
def write_secret(request):
    return {}


def test_a_new_page_or_api_operation_without_a_row_is_reported():
    """The coverage check reads the live URL configuration: a page, an API root and each API method count."""
    from veier import urls

    before = set(routes_without_a_row())
    extended = types.ModuleType("extended_urls")
    extended.urlpatterns = [*urls.urlpatterns, path("ny-side/<int:pk>/", a_new_page),
                            path("api/v9/", selftest_api.urls)]
    with override_settings(ROOT_URLCONF=extended):
        reported = set(routes_without_a_row()) - before
    assert reported == {"/ny-side/<int:pk>/", "/api/v9/", "GET /api/v9/hemmelig", "POST /api/v9/hemmelig"}


def test_a_row_for_a_removed_route_is_reported():
    from veier import urls

    before = set(rows_without_a_route())
    without_stats = types.ModuleType("fewer_urls")
    without_stats.urlpatterns = [p for p in urls.urlpatterns if str(p.pattern) != "statistikk/"]
    with override_settings(ROOT_URLCONF=without_stats):
        reported = set(rows_without_a_route()) - before
    assert reported == {key for key in MATRIX if key.startswith("/statistikk/")}
    assert "/statistikk/" in reported


# --- the visits ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once and rolled back after the module; each test runs in a savepoint inside it."""
    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
          transaction.atomic()):
        yield build_world()
        transaction.set_rollback(True)


def _cases():
    for key, visits in MATRIX.items():
        visits = visits if isinstance(visits, tuple) else (visits,)
        for number, visit in enumerate(visits, start=1):
            label = key if len(visits) == 1 else f"{key} #{number}"
            for role in ROLES:
                yield pytest.param(visit, role, id=f"{label} | {role}")


def _fill(value, names: dict[str, str]):
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, dict):
        return {_fill(k, names): _fill(v, names) for k, v in value.items()}
    return value


def _describe(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


@pytest.mark.parametrize(("visit", "role"), list(_cases()))
def test_who_may_open_what(world, db, client, visit: Visit, role: str):
    names, users = world
    if role != ANONYMOUS:
        client.force_login(users[role])
    if visit.prepare:
        visit.prepare(client, names)
    url = _fill(visit.url, names)
    if visit.json is not None:
        response = client.generic(visit.method, url, data=json.dumps(_fill(visit.json, names)),
                                  content_type="application/json")
    elif visit.method == "POST":
        response = client.post(url, _fill(visit.data or {}, names))
    else:
        response = client.get(url)

    expected = visit.answers[role]
    where = f"{visit.method} {url} as {role}"
    if isinstance(expected, Redirect):
        target = _fill(expected.to, names)
        location = urlsplit(response.get("Location", ""))
        arrived = location.path.startswith(target[:-1]) if target.endswith("*") else location.path == target
        assert response.status_code == 302 and arrived, (
            f"{where}: expected 302 → {target}, got {_describe(response)}")
        if expected in (LOGIN, ADMIN_LOGIN):
            assert parse_qs(location.query).get("next") == [urlsplit(url).path], (
                f"{where}: the login redirect should come back to the page, got {response['Location']}")
    else:
        assert response.status_code == expected, f"{where}: expected {expected}, got {_describe(response)}"

    if visit.private and not response.streaming:
        body = response.content.decode("utf-8", errors="replace")
        for secret, allowed in visit.private.items():
            if role not in allowed:
                assert SECRETS[secret] not in body, f"{where}: the answer shows {secret} ({SECRETS[secret]!r})"
