"""The directory API: search, one entrepreneur, and kommuner's front doors."""

import pytest

from veier.directory.models import FrontDoor
from veier.directory.services import save_profile

pytestmark = pytest.mark.django_db


def test_entrepreneurs_are_searched_with_filters(client, besoksvenn, ombruk, leksehjelp):
    body = client.get("/api/v1/entrepreneurs", {"q": "kommunar"}).json()
    assert sorted(item["name"] for item in body["items"]) == ["Besøksvenn AS", "Ombruksverkstedet SA"]
    body = client.get("/api/v1/entrepreneurs", {"kommune": "5001"}).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first == {
        "orgnr": "974760673", "name": "Besøksvenn AS", "service_areas": ["elderly-care", "loneliness"],
        "target_groups": ["elderly"], "kommuner": [], "fylker": ["50"], "nationwide": False,
        "url": "http://testserver/finn-aktorer/besoksvenn-as/",
    }


@pytest.mark.parametrize(
    ("param", "value"),
    [("service_area", "bowling"), ("target_group", "aliens"), ("kommune", "9998"), ("fylke", "99"), ("page", "0")],
)
def test_unknown_codes_are_422_with_a_reason(client, db, param, value):
    response = client.get("/api/v1/entrepreneurs", {param: value})
    assert response.status_code == 422
    assert value in str(response.json()["detail"]) or param in str(response.json()["detail"])


def test_one_entrepreneur_by_orgnr(client, besoksvenn):
    body = client.get("/api/v1/entrepreneurs/974 760 673".replace(" ", "")).json()
    assert body["name"] == "Besøksvenn AS" and body["organisation_form"] == "AS"
    assert client.get("/api/v1/entrepreneurs/988588261").status_code == 404
    assert client.get("/api/v1/entrepreneurs/974760674").status_code == 422


def test_hidden_profiles_are_not_in_the_api(client, besoksvenn):
    save_profile(besoksvenn, is_public=False)
    assert client.get("/api/v1/entrepreneurs/974760673").status_code == 404
    assert client.get("/api/v1/entrepreneurs").json()["count"] == 0


def test_front_doors_of_a_kommune(client, trondheim_kommune):
    assert client.get("/api/v1/kommuner/5001/front-doors").json() == {"kommune": "5001", "filled_in": False,
                                                                      "items": []}
    FrontDoor.objects.create(organisation=trondheim_kommune, service_area_id="elderly-care", unit_name="Helse",
                             contact_role="Rådgiver", decides_on="administrative", email="h@t.example")
    body = client.get("/api/v1/kommuner/5001/front-doors").json()
    assert body["filled_in"] is True
    assert body["items"][0]["service_area"] == "elderly-care"
    assert client.get("/api/v1/kommuner/9998/front-doors").status_code == 404
