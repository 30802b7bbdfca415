"""The case library: the booklet's examples, filters, consent to publish, and the API."""

import pytest

from veier.cases import services
from veier.cases.loader import read_packaged
from veier.cases.models import Case
from veier.collaborations.services import create_collaboration

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(trondheim_kommune, besoksvenn, kari):
    return create_collaboration(
        title="Besøksvenner i hjemmetjenesten", public_body=trondheim_kommune, entrepreneurs=[besoksvenn],
        created_by=kari, service_area_id="loneliness", form="pilot_agreement", stage="evaluated",
        description="Frivillige besøksvenner for eldre som bor hjemme.",
    )


def test_the_booklet_examples_are_loaded_with_their_source():
    assert Case.objects.filter(origin="booklet").count() == len(read_packaged()) >= 8
    jodacare = Case.objects.get(slug="trondheim-jodacare-pilot")
    assert jodacare.source == "Veier til samarbeid (KMD 2017)" and jodacare.source_detail
    assert (jodacare.kommune_id, jodacare.fylke_id, jodacare.service_area_id) == ("5001", "50", "dementia")


@pytest.mark.parametrize(("params", "present", "absent"), [
    ({"service_area": "dementia"}, "JodaCare AS", "BUA"),
    ({"form": "subscription"}, "BUA", "JodaCare AS"),
    ({"fylke": "11"}, "Kirkens Bymisjon", "JodaCare AS"),
    ({"size": "large"}, "Noen AS", "JodaCare AS"),  # Steinkjer: about 24 000 inhabitants
    ({"size": "city"}, "JodaCare AS", "Noen AS"),
    ({"q": "subscription"}, "BUA", "JodaCare AS"),
])
def test_filters(client, params, present, absent):
    client.cookies["veier_language"] = "en"
    html = client.get("/eksempler/", params).content.decode()
    assert present in html and absent not in html


def test_a_case_page_shows_parties_money_duration_results_and_lessons(client):
    client.cookies["veier_language"] = "en"
    html = client.get("/eksempler/bua-subscription/").content.decode()
    for text in ("BUA", "NOK 5 000 a year", "Yearly", "below the procurement threshold",
                 "Veier til samarbeid (KMD 2017), Chapter 3"):
        assert text in html


def test_a_collaboration_is_published_only_when_every_party_agrees(evaluated, kari, aslak, trondheim_kommune,
                                                                  besoksvenn):
    assert services.consent(evaluated, trondheim_kommune, kari, results="Færre ensomme.") is None
    assert not Case.objects.filter(collaboration=evaluated).exists()
    case = services.consent(evaluated, besoksvenn, aslak, lessons="Start smått.")
    assert case.published and case.kommune_id == "5001" and case.entrepreneurs == ["Besøksvenn AS"]
    assert case.results == "Færre ensomme." and case.lessons == "Start smått."
    services.withdraw(evaluated, besoksvenn, aslak)
    case.refresh_from_db()
    assert not case.published


def test_an_admin_of_an_organisation_outside_the_collaboration_cannot_take_the_case_down(evaluated, kari, aslak,
                                                                                      trondheim_kommune, besoksvenn):
    from tests.conftest import make_user
    from veier.organisations.models import Membership, Organisation

    services.consent(evaluated, trondheim_kommune, kari)
    case = services.consent(evaluated, besoksvenn, aslak)
    bergen = Organisation.objects.create(kind="public_body", public_body_type="kommune", name="Bergen kommune",
                                         slug="bergen-kommune", kommune_id="4601")
    ola = make_user("ola@bergen.example")
    Membership.objects.create(organisation=bergen, user=ola, role=Membership.Role.ADMIN)
    with pytest.raises(services.ConsentError):
        services.withdraw(evaluated, bergen, ola)
    case.refresh_from_db()
    assert case.published


def test_only_admins_of_parties_consent_and_only_for_evaluated_collaborations(evaluated, aslak, trondheim_kommune):
    with pytest.raises(services.ConsentError):
        services.consent(evaluated, trondheim_kommune, aslak)
    evaluated.stage = "pilot"
    evaluated.save()
    with pytest.raises(services.ConsentError):
        services.consent(evaluated, trondheim_kommune, aslak)


def test_the_share_page_and_consent_views(client, evaluated, kari, aslak, trondheim_kommune, besoksvenn):
    client.cookies["veier_language"] = "en"
    client.force_login(kari)
    assert "Besøksvenner i hjemmetjenesten" in client.get("/eksempler/del/").content.decode()
    assert client.post(f"/eksempler/del/{evaluated.pk}/{besoksvenn.slug}/").status_code == 403
    assert client.post(f"/eksempler/del/{evaluated.pk}/{trondheim_kommune.slug}/").status_code == 302
    client.force_login(aslak)
    client.post(f"/eksempler/del/{evaluated.pk}/{besoksvenn.slug}/", {"results": "Godt."})
    html = client.get("/eksempler/", {"q": "hjemmetjenesten"}).content.decode()
    assert "Besøksvenner i hjemmetjenesten" in html


def test_api_filters_and_refuses_unknown_codes(client):
    items = client.get("/api/v1/cases", {"service_area": "dementia", "fylke": "50"}).json()
    assert {i["slug"] for i in items} == {"trondheim-jodacare-pilot", "steinkjer-noen-review"}
    assert client.get("/api/v1/cases", {"form": "subscription"}).json()[0]["money_nok"] == 5000
    for params in ({"service_area": "x"}, {"fylke": "99"}, {"form": "x"}, {"size": "huge"}):
        assert client.get("/api/v1/cases", params).status_code == 422
