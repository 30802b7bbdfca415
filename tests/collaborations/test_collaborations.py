"""Collaboration records: who may see and change them, the timeline, saving the guide's result, drafts."""

import io
import zipfile
from decimal import Decimal

import pytest

from tests.conftest import make_user
from veier.advisor.documents import DRAFT_MARK
from veier.collaborations.models import Collaboration, StageChange
from veier.collaborations.services import create_collaboration
from veier.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["veier_language"] = "en"
    return client


@pytest.fixture
def besoksvenn_pilot(trondheim_kommune, besoksvenn, kari) -> Collaboration:
    """Trondheim kommune's pilot with Besøksvenn AS, registered by Kari."""
    return create_collaboration(
        title="Besøksvenn for eldre", public_body=trondheim_kommune, entrepreneurs=[besoksvenn], created_by=kari,
        value_nok=Decimal("450000"), description="Besøk til eldre som bor alene.",
    )


@pytest.fixture
def outsider(db):
    """A logged-in user with no part in any collaboration."""
    return make_user("ola@bergen.example", full_name="Ola Utenfor")


@pytest.fixture
def leksehjelpen(db) -> Organisation:
    return Organisation.objects.create(kind="social_entrepreneur", name="Leksehjelpen", slug="leksehjelpen")


def test_the_list_shows_the_users_collaborations(english, kari, besoksvenn_pilot):
    english.force_login(kari)
    html = english.get("/samarbeid/").content.decode()
    assert "Besøksvenn for eldre" in html
    assert "Register a new collaboration" in html


def test_the_list_needs_a_login(english):
    assert english.get("/samarbeid/")["Location"].startswith("/konto/")


def test_the_list_hides_others_collaborations(english, outsider, besoksvenn_pilot):
    english.force_login(outsider)
    html = english.get("/samarbeid/").content.decode()
    assert "Besøksvenn for eldre" not in html
    assert "No collaborations yet." in html
    assert "Register a new collaboration" not in html


def test_a_public_body_member_registers_a_collaboration(english, kari, trondheim_kommune, besoksvenn, leksehjelpen):
    english.force_login(kari)
    assert english.get("/samarbeid/ny/").status_code == 200
    response = english.post("/samarbeid/ny/", {
        "public_body": trondheim_kommune.pk, "title": "Leksehjelp på Saupstad",
        "entrepreneurs": [besoksvenn.pk, leksehjelpen.pk], "service_area": "", "form": "pilot_agreement",
        "value_nok": "1 300 000", "start_date": "2026-01-01", "end_date": "2026-12-31",
    })
    collaboration = Collaboration.objects.get(title="Leksehjelp på Saupstad")
    assert response["Location"] == f"/samarbeid/{collaboration.pk}/"
    assert collaboration.value_nok == Decimal("1300000")
    assert set(collaboration.entrepreneurs.all()) == {besoksvenn, leksehjelpen}
    assert collaboration.form == "pilot_agreement"
    assert collaboration.created_by == kari
    assert list(collaboration.timeline.values_list("stage", flat=True)) == ["idea"]


def test_an_invalid_collaboration_is_a_422_that_keeps_what_was_typed(english, kari, trondheim_kommune, besoksvenn):
    english.force_login(kari)
    response = english.post("/samarbeid/ny/", {
        "public_body": trondheim_kommune.pk, "title": "Leksehjelp", "entrepreneurs": [besoksvenn.pk],
        "value_nok": "-5", "start_date": "2026-12-31", "end_date": "2026-01-01",
    })
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Leksehjelp"' in html
    assert "The amount cannot be negative." in html
    assert "The end date must be on or after the start date." in html
    assert not Collaboration.objects.exists()


def test_a_collaboration_needs_an_entrepreneur(english, kari, trondheim_kommune):
    english.force_login(kari)
    response = english.post("/samarbeid/ny/", {"public_body": trondheim_kommune.pk, "title": "Alene"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_only_members_of_a_public_body_may_register(english, aslak, besoksvenn):
    english.force_login(aslak)
    assert english.get("/samarbeid/ny/").status_code == 403


def test_one_cannot_register_on_behalf_of_another_public_body(english, kari, besoksvenn, trondheim_kommune):
    bergen = Organisation.objects.create(kind="public_body", public_body_type="kommune", name="Bergen kommune",
                                         slug="bergen-kommune")
    english.force_login(kari)
    response = english.post("/samarbeid/ny/", {"public_body": bergen.pk, "title": "X",
                                                "entrepreneurs": [besoksvenn.pk]})
    assert response.status_code == 422
    assert not Collaboration.objects.exists()


def test_both_parties_see_the_detail_with_its_timeline(english, kari, aslak, besoksvenn_pilot):
    for user in (kari, aslak):
        english.force_login(user)
        response = english.get(f"/samarbeid/{besoksvenn_pilot.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Besøksvenn for eldre" in html and "Timeline" in html
        assert "Change stage" in html


@pytest.mark.parametrize("path", ["", "rediger/", "dokumenter/pilotavtale.docx", "dokumenter/tilskuddsbrev.pdf"])
def test_outsiders_get_a_404(english, outsider, besoksvenn_pilot, path):
    english.force_login(outsider)
    assert english.get(f"/samarbeid/{besoksvenn_pilot.pk}/{path}").status_code == 404


def test_outsiders_cannot_change_the_stage(english, outsider, besoksvenn_pilot):
    english.force_login(outsider)
    assert english.post(f"/samarbeid/{besoksvenn_pilot.pk}/fase/", {"stage": "ended"}).status_code == 404
    besoksvenn_pilot.refresh_from_db()
    assert besoksvenn_pilot.stage == "idea"


def test_staff_may_look_but_not_edit(english, django_user_model, besoksvenn_pilot):
    staff = make_user("staff@veier.example", is_staff=True)
    english.force_login(staff)
    assert english.get(f"/samarbeid/{besoksvenn_pilot.pk}/").status_code == 200
    assert english.get(f"/samarbeid/{besoksvenn_pilot.pk}/rediger/").status_code == 403
    assert english.post(f"/samarbeid/{besoksvenn_pilot.pk}/fase/", {"stage": "ended"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(english, besoksvenn_pilot):
    assert english.get(f"/samarbeid/{besoksvenn_pilot.pk}/")["Location"].startswith("/konto/")


def test_moving_to_a_stage_adds_to_the_timeline(english, aslak, besoksvenn_pilot):
    english.force_login(aslak)
    response = english.post(f"/samarbeid/{besoksvenn_pilot.pk}/fase/",
                            {"stage": "pilot", "note": "Oppstart i Midtbyen"})
    assert response.status_code == 302
    besoksvenn_pilot.refresh_from_db()
    assert besoksvenn_pilot.stage == "pilot"
    last = StageChange.objects.filter(collaboration=besoksvenn_pilot).last()
    assert (last.stage, last.note, last.changed_by) == ("pilot", "Oppstart i Midtbyen", aslak)
    assert "Oppstart i Midtbyen" in english.get(f"/samarbeid/{besoksvenn_pilot.pk}/").content.decode()


def test_an_unknown_stage_is_a_422(english, kari, besoksvenn_pilot):
    english.force_login(kari)
    response = english.post(f"/samarbeid/{besoksvenn_pilot.pk}/fase/", {"stage": "celebrated"})
    assert response.status_code == 422
    assert besoksvenn_pilot.timeline.count() == 1


def test_editing_keeps_the_public_body_and_saves_the_fields(english, kari, besoksvenn_pilot, leksehjelpen):
    english.force_login(kari)
    page = english.get(f"/samarbeid/{besoksvenn_pilot.pk}/rediger/").content.decode()
    assert 'value="Besøksvenn for eldre"' in page
    response = english.post(f"/samarbeid/{besoksvenn_pilot.pk}/rediger/", {
        "title": "Besøksvenn 2.0", "entrepreneurs": [leksehjelpen.pk], "value_nok": "500000",
        "form": "operating_agreement",
    })
    assert response.status_code == 302
    besoksvenn_pilot.refresh_from_db()
    assert besoksvenn_pilot.title == "Besøksvenn 2.0"
    assert besoksvenn_pilot.form == "operating_agreement"
    assert besoksvenn_pilot.value_nok == Decimal("500000")
    assert list(besoksvenn_pilot.entrepreneurs.all()) == [leksehjelpen]
    assert besoksvenn_pilot.public_body.name == "Trondheim kommune"


def test_an_unknown_form_code_is_refused(english, kari, besoksvenn_pilot, besoksvenn):
    english.force_login(kari)
    response = english.post(f"/samarbeid/{besoksvenn_pilot.pk}/rediger/", {
        "title": "X", "entrepreneurs": [besoksvenn.pk], "form": "handshake"})
    assert response.status_code == 422


# --------------------------------------------------------------------------- the guide's result


ANSWERS = {
    "kjoper": {"buyer": "municipality"}, "leveranse": {"subject": "health_social"}, "losning": {"novelty": "new"},
    "motytelse": {"mutual_obligation": "yes"}, "verdi": {"value_nok": "1 300 000"},
    "dato": {"decision_date": "2025-03-01"}, "ideell": {"nonprofit": "yes"},
    "arbeidsinkludering": {"work_integration": "no"}, "resultatbasert": {"outcome_based": "unknown"},
}


def walk_the_guide(client):
    for slug, data in ANSWERS.items():
        assert client.post(f"/veiviser/sporsmal/{slug}/", data).status_code == 302


def test_a_result_is_saved_on_a_collaboration(english, kari, besoksvenn_pilot):
    english.force_login(kari)
    walk_the_guide(english)
    page = english.get("/veiviser/resultat/lagre/")
    assert page.status_code == 200
    assert "Besøksvenn for eldre" in page.content.decode()
    response = english.post("/veiviser/resultat/lagre/",
                            {"collaboration": besoksvenn_pilot.pk, "form": "exploratory_agreement"})
    assert response["Location"] == f"/samarbeid/{besoksvenn_pilot.pk}/"
    besoksvenn_pilot.refresh_from_db()
    assert besoksvenn_pilot.form == "exploratory_agreement"
    assert besoksvenn_pilot.assessment_input == {
        "buyer": "municipality", "decision_date": "2025-03-01", "value_nok": 1300000, "subject": "health_social",
        "novelty": "new", "mutual_obligation": True, "supplier": {"nonprofit": True, "work_integration": False},
    }
    assert besoksvenn_pilot.assessment["regime"]["code"] == "part1"
    assert besoksvenn_pilot.value_nok == Decimal("450000")  # an existing value is not overwritten
    html = english.get(f"/samarbeid/{besoksvenn_pilot.pk}/").content.decode()
    assert "Exploratory agreement" in html
    assert "Procurement Act and Part I of the regulation" in html


def test_a_form_the_rules_do_not_allow_cannot_be_saved(english, kari, besoksvenn_pilot):
    english.force_login(kari)
    walk_the_guide(english)
    response = english.post("/veiviser/resultat/lagre/", {"collaboration": besoksvenn_pilot.pk, "form": "grant"})
    assert response.status_code == 422
    besoksvenn_pilot.refresh_from_db()
    assert besoksvenn_pilot.assessment is None


def test_a_result_cannot_be_saved_on_someone_elses_collaboration(english, outsider, besoksvenn_pilot):
    english.force_login(outsider)
    walk_the_guide(english)
    response = english.post("/veiviser/resultat/lagre/",
                            {"collaboration": besoksvenn_pilot.pk, "form": "exploratory_agreement"})
    assert response.status_code == 422
    besoksvenn_pilot.refresh_from_db()
    assert besoksvenn_pilot.assessment is None


def test_saving_needs_a_login(english):
    walk_the_guide(english)
    assert english.get("/veiviser/resultat/lagre/")["Location"].startswith("/konto/")


# --------------------------------------------------------------------------- document drafts


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode() + archive.read("word/header1.xml").decode()


@pytest.mark.parametrize("kind", ["intensjonsavtale", "pilotavtale", "samarbeidsavtale", "tilskuddsbrev"])
def test_each_draft_downloads_as_docx_marked_as_a_draft(english, kari, besoksvenn_pilot, kind):
    english.force_login(kari)
    response = english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/{kind}.docx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert f'filename="{kind}-utkast-{besoksvenn_pilot.pk}.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert DRAFT_MARK in text
    assert "Trondheim kommune" in text and "Besøksvenn AS" in text and "974 760 673" in text


@pytest.mark.parametrize("kind", ["intensjonsavtale", "tilskuddsbrev"])
def test_each_draft_downloads_as_pdf(english, aslak, besoksvenn_pilot, kind):
    english.force_login(aslak)
    response = english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/{kind}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_an_unknown_document_is_a_404(english, kari, besoksvenn_pilot):
    english.force_login(kari)
    assert english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/kjopekontrakt.docx").status_code == 404
    assert english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/pilotavtale.odt").status_code == 404


def test_the_grant_letter_states_the_conditions_the_rules_require(english, kari, besoksvenn_pilot):
    english.force_login(kari)
    text = docx_text(english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/tilskuddsbrev.docx").content)
    assert "450\u00a0000\u00a0kr" in text
    assert "har ikke krav på noen leveranse" in text  # no mutual obligation
    assert "kreves betalt tilbake" in text
    assert "300\u00a0000\u00a0euro" in text and "de siste 3 årene" in text  # de minimis ceiling in force today


def test_the_grant_letter_uses_the_ceiling_on_the_saved_decision_date(english, kari, besoksvenn_pilot):
    besoksvenn_pilot.assessment_input = {"buyer": "municipality", "decision_date": "2023-05-01", "value_nok": 450000,
                                         "subject": "health_social", "novelty": "new", "mutual_obligation": False}
    besoksvenn_pilot.save()
    english.force_login(kari)
    text = docx_text(english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/tilskuddsbrev.docx").content)
    assert "200\u00a0000\u00a0euro" in text


def test_the_pilot_agreement_says_a_follow_up_needs_a_new_procurement(english, kari, besoksvenn_pilot):
    english.force_login(kari)
    text = docx_text(english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/pilotavtale.docx").content)
    assert "ordinær anskaffelse" in text


def test_the_pilot_agreement_compares_the_value_with_the_lower_limit_on_the_decision_date(
    english, kari, besoksvenn_pilot
):
    besoksvenn_pilot.assessment_input = {"buyer": "municipality", "decision_date": "2025-03-01", "value_nok": 450000,
                                         "subject": "health_social", "novelty": "new", "mutual_obligation": True}
    besoksvenn_pilot.save()
    english.force_login(kari)
    text = docx_text(english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/pilotavtale.docx").content)
    assert "over nedre grense for anskaffelsesregelverket (100\u00a0000\u00a0kr på beslutningsdatoen 01.03.2025)" \
        in text


def test_the_collaboration_agreement_names_the_form_and_the_rules_saved_from_the_guide(english, kari, besoksvenn_pilot):
    besoksvenn_pilot.assessment_input = {"buyer": "municipality", "decision_date": "2025-03-01", "value_nok": 450000,
                                         "subject": "health_social", "novelty": "existing", "mutual_obligation": True}
    besoksvenn_pilot.form = "operating_agreement"
    besoksvenn_pilot.save()
    english.force_login(kari)
    text = docx_text(english.get(f"/samarbeid/{besoksvenn_pilot.pk}/dokumenter/samarbeidsavtale.docx").content)
    assert "Samarbeidsform: Løpende driftsavtale." in text
    assert "beslutningsdato 2025-03-01" in text and "anskaffelsesloven § 4" in text
    assert "lenger enn 4 år" in text
