"""Registering organisations, memberships and invitations."""

import re

import pytest
from django.core import mail

from tests.conftest import make_user
from veier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

ENTREPRENEUR = {
    "kind": "social_entrepreneur", "public_body_type": "", "name": "Ombruk Trøndelag SA",
    "orgnr": "974 760 673", "kommune": "5001", "description": "Arbeidstrening i ombruk.", "website": "",
}


def test_the_creator_of_an_organisation_becomes_its_administrator(client, aslak):
    client.force_login(aslak)
    response = client.post("/aktorer/ny/", ENTREPRENEUR)
    organisation = Organisation.objects.get(name="Ombruk Trøndelag SA")
    assert response.status_code == 302 and response["Location"] == f"/aktorer/{organisation.slug}/"
    assert organisation.slug == "ombruk-trondelag-sa"
    assert organisation.orgnr == "974760673"
    assert organisation.orgnr_display == "974 760 673"
    assert organisation.fylke_id == "50"
    assert Membership.objects.get(organisation=organisation, user=aslak).role == "admin"


def test_an_organisation_number_with_a_wrong_control_digit_is_refused(client, aslak):
    client.force_login(aslak)
    response = client.post("/aktorer/ny/", {**ENTREPRENEUR, "orgnr": "974760674"})
    assert response.status_code == 422
    assert "Kontrollsifferet i dette organisasjonsnummeret stemmer ikke" in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_organisation_number_can_be_registered_only_once(client, aslak, besoksvenn):
    client.force_login(aslak)
    response = client.post("/aktorer/ny/", {**ENTREPRENEUR, "name": "Kopi AS"})
    assert response.status_code == 422
    assert Organisation.objects.count() == 1


def test_a_public_body_must_say_which_type_and_a_kommune_which_kommune(client, kari):
    client.force_login(kari)
    response = client.post("/aktorer/ny/", {**ENTREPRENEUR, "kind": "public_body", "orgnr": "", "kommune": ""})
    assert response.status_code == 422
    response = client.post(
        "/aktorer/ny/", {**ENTREPRENEUR, "kind": "public_body", "public_body_type": "kommune", "kommune": "",
                         "orgnr": ""},
    )
    assert response.status_code == 422
    assert 'value="Ombruk Trøndelag SA"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_registering_needs_login(client):
    assert client.get("/aktorer/ny/").status_code == 302


def test_the_directory_lists_and_filters_by_kind(client, trondheim_kommune, besoksvenn):
    html = client.get("/aktorer/").content.decode()
    assert "Trondheim kommune" in html and "Besøksvenn AS" in html
    html = client.get("/aktorer/?kind=social_entrepreneur").content.decode()
    assert "Besøksvenn AS" in html and "Trondheim kommune" not in html


@pytest.fixture
def invite(client, send_mail_on_commit):
    def run(organisation, email, role="member"):
        data = {"email": email, "role": role}
        return send_mail_on_commit(client.post, f"/aktorer/{organisation.slug}/inviter/", data)

    return run


def test_an_admin_invites_by_email_and_the_invitee_joins(client, kari, trondheim_kommune, invite):
    client.force_login(kari)
    assert invite(trondheim_kommune, "Per@Trondheim.example").status_code == 302
    assert mail.outbox[0].to == ["per@trondheim.example"]
    path = re.search(r"/aktorer/invitasjon/\S+/", mail.outbox[0].body).group(0)

    per = make_user("per@trondheim.example", full_name="Per Hansen")
    client.force_login(per)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=per, organisation=trondheim_kommune).role == "member"
    # The link works once.
    assert client.post(path).status_code == 400


def test_an_invitation_cannot_be_taken_by_someone_else(client, kari, aslak, trondheim_kommune, invite):
    client.force_login(kari)
    invite(trondheim_kommune, "per@trondheim.example")
    path = re.search(r"/aktorer/invitasjon/\S+/", mail.outbox[0].body).group(0)
    client.force_login(aslak)
    response = client.post(path)
    assert response.status_code == 400
    assert "per@trondheim.example" in response.content.decode()
    assert not Membership.objects.filter(user=aslak, organisation=trondheim_kommune).exists()


def test_only_admins_can_invite(client, aslak, trondheim_kommune, invite):
    client.force_login(aslak)
    assert invite(trondheim_kommune, "x@example.no").status_code == 403
    assert not mail.outbox


def test_inviting_an_existing_member_is_refused_with_a_reason(client, kari, trondheim_kommune, invite):
    client.force_login(kari)
    response = invite(trondheim_kommune, kari.email)
    assert response.status_code == 422
    assert "allerede medlem" in response.content.decode()


def test_members_and_invitations_are_shown_to_admins_only(client, kari, aslak, trondheim_kommune, invite):
    client.force_login(kari)
    invite(trondheim_kommune, "hemmelig@trondheim.example")
    assert "hemmelig@trondheim.example" in client.get(f"/aktorer/{trondheim_kommune.slug}/").content.decode()
    client.force_login(aslak)
    assert "hemmelig@trondheim.example" not in client.get(f"/aktorer/{trondheim_kommune.slug}/").content.decode()


# Registering a social entrepreneur is checked against the loaded Enhetsregisteret.

def registry_unit(orgnr, **flags):
    from django.utils import timezone

    from veier.registry.models import RegistryUnit

    fields = {"orgnr": orgnr, "name": "OMBRUK TRØNDELAG SA", "organisation_form_id": "SA",
              "business_kommunenummer": "5001", "content_hash": "test", "updated_at": timezone.now()}
    fields.update(flags)
    return RegistryUnit.objects.create(**fields)


def test_with_a_registry_loaded_an_unknown_number_is_refused(client, aslak):
    registry_unit("923609016")
    client.force_login(aslak)
    response = client.post("/aktorer/ny/", ENTREPRENEUR)  # 974760673 is not in the loaded register
    assert response.status_code == 422
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("flags", [{"konkurs": True}, {"under_avvikling": True}])
def test_a_bankrupt_or_winding_up_unit_is_refused(client, aslak, flags):
    registry_unit("974760673", **flags)
    client.force_login(aslak)
    assert client.post("/aktorer/ny/", ENTREPRENEUR).status_code == 422
    assert not Organisation.objects.exists()


def test_the_register_prefills_name_and_kommune_and_sets_the_organisation_form(client, aslak):
    registry_unit("974760673")
    client.force_login(aslak)
    response = client.post("/aktorer/ny/", {**ENTREPRENEUR, "name": "", "kommune": "", "lookup": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="OMBRUK TRØNDELAG SA"' in html
    assert '<option value="5001" selected>' in html
    assert not Organisation.objects.exists()  # looking up saves nothing
    client.post("/aktorer/ny/", ENTREPRENEUR)
    assert Organisation.objects.get().profile.organisation_form == "SA"


def test_a_social_entrepreneur_needs_an_organisation_number(client, aslak):
    client.force_login(aslak)
    assert client.post("/aktorer/ny/", {**ENTREPRENEUR, "orgnr": ""}).status_code == 422
