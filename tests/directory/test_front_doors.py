"""Kommune pages and public bodies' front doors: who to contact for what."""

import pytest

from veier.directory.models import FrontDoor

pytestmark = pytest.mark.django_db

DOOR = {"service_area": "elderly-care", "unit_name": "Helse og velferd", "contact_role": "Innovasjonsrådgiver",
        "contact_name": "Kari Nordmann", "decides_on": "administrative",
        "how_to_pitch": "Innspillsmøte første tirsdag i måneden", "budget_cycle": "Før 1. mai",
        "open_meetings": "", "email": "innovasjon@trondheim.example", "phone": ""}


def test_a_kommune_without_front_doors_says_so_plainly(client):
    html = client.get("/kommuner/5001/").content.decode()
    assert "har ikke beskrevet kontaktpunktene sine på Veier ennå" in html


def test_members_of_a_public_body_add_a_front_door_shown_on_the_kommune_page(client, kari, trondheim_kommune):
    client.force_login(kari)
    response = client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/", DOOR)
    assert response.status_code == 302
    client.logout()
    html = client.get("/kommuner/5001/").content.decode()
    assert "Innovasjonsrådgiver" in html and "innovasjon@trondheim.example" in html
    assert "har ikke beskrevet" not in html


def test_outsiders_cannot_add_edit_or_delete_front_doors(client, aslak, trondheim_kommune):
    door = FrontDoor.objects.create(organisation=trondheim_kommune, unit_name="Stab", contact_role="Rådgiver",
                                    decides_on="political")
    client.force_login(aslak)
    assert client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/", DOOR).status_code == 403
    assert client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/{door.pk}/", DOOR).status_code == 403
    assert client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/{door.pk}/slett/").status_code == 403
    assert FrontDoor.objects.get(pk=door.pk).unit_name == "Stab"


def test_an_invalid_front_door_keeps_what_was_typed(client, kari, trondheim_kommune):
    client.force_login(kari)
    response = client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/", {**DOOR, "email": "ikke-epost"})
    assert response.status_code == 422
    assert 'value="Innovasjonsrådgiver"' in response.content.decode()
    assert not FrontDoor.objects.exists()


def test_a_front_door_is_edited_and_deleted(client, kari, trondheim_kommune):
    client.force_login(kari)
    client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/", DOOR)
    door = FrontDoor.objects.get()
    client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/{door.pk}/", {**DOOR, "contact_role": "Leder"})
    assert FrontDoor.objects.get().contact_role == "Leder"
    client.post(f"/kontaktpunkter/{trondheim_kommune.slug}/{door.pk}/slett/")
    assert not FrontDoor.objects.exists()


def test_the_kommune_page_lists_entrepreneurs_serving_it(client, besoksvenn):
    assert "Besøksvenn AS" in client.get("/kommuner/5001/").content.decode()
    assert "Besøksvenn AS" not in client.get("/kommuner/4601/").content.decode()


def test_an_unknown_kommune_is_404(client, db):
    assert client.get("/kommuner/9998/").status_code == 404
