"""National statistics: counts only, cached, with a map, tables, exports and the API."""

import pytest

from veier.challenges.models import Challenge, Pitch
from veier.collaborations.services import create_collaboration
from veier.stats import mapdata, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(trondheim_kommune, besoksvenn, kari):
    create_collaboration(title="Besøksvenner", public_body=trondheim_kommune, entrepreneurs=[besoksvenn],
                         service_area_id="loneliness", form="pilot_agreement", stage="pilot", created_by=kari)
    create_collaboration(title="Arbeidstrening", public_body=trondheim_kommune, entrepreneurs=[besoksvenn],
                         service_area_id="work-inclusion", form="", stage="idea", created_by=kari)
    published = Challenge.objects.create(public_body=trondheim_kommune, title="Ensomhet blant eldre", need="Behov",
                                         contact_name="Kari", contact_email="kari@trondheim.example",
                                         visibility="published")
    published.service_areas.set(["loneliness"])
    Challenge.objects.create(public_body=trondheim_kommune, title="HEMMELIG UTKAST", need="Hemmelig behov",
                             contact_name="Kari", contact_email="kari@trondheim.example", visibility="draft")
    Pitch.objects.create(sender=besoksvenn, public_body=trondheim_kommune, title="HEMMELIG IDE",
                         problem="HEMMELIG PROBLEM", target_group="x", solution="HEMMELIG LOSNING", ask="x",
                         service_area_id="loneliness")


def test_counts_by_fylke_area_form_stage_and_month(activity):
    data = selectors.compute()
    assert data["totals"] == {"collaborations": 2, "challenges": 1, "pitches": 1}
    assert data["fylke"]["collaborations"] == {"50": 2}
    assert data["fylke"]["challenges"] == {"50": 1}  # the draft is not counted
    assert data["service_area"]["collaborations"] == {"loneliness": 1, "work-inclusion": 1}
    assert data["form"] == {"pilot_agreement": 1, "": 1}
    assert data["stage"] == {"pilot": 1, "idea": 1}
    assert sum(data["month"]["collaborations"].values()) == 2
    assert all(len(key) == 7 for key in data["month"]["collaborations"])


def test_the_summary_is_cached(activity, django_assert_num_queries):
    selectors.summary()
    with django_assert_num_queries(0):
        assert selectors.summary()["totals"]["collaborations"] == 2


def test_the_page_has_map_charts_tables_and_credit_and_no_secrets(client, activity):
    client.cookies["veier_language"] = "en"
    html = client.get("/statistikk/").content.decode()
    assert "<svg" in html and html.count("data-fylke=") == 15 and html.count("data-kommune=") == 357
    assert "<title>Trøndelag: 2 collaborations</title>" in html
    assert "© Kartverket" in html
    assert 'data-chart="chart-month"' in html and 'id="chart-month" type="application/json"' in html
    assert "<caption>By fylke</caption>" in html and "<caption>Collaborations by stage</caption>" in html
    assert "<script>" not in html  # charts come from data blocks, no inline scripts
    for secret in ("HEMMELIG",):
        assert secret not in html


def test_the_map_has_all_fifteen_fylker_and_stays_small():
    data = mapdata.paths()
    assert len(data["fylker"]) == 15
    assert all(item["d"].startswith("M") for item in data["fylker"].values())
    assert mapdata.paths_file().stat().st_size < 80_000
    rebuilt = mapdata.build_paths(__import__("json").loads(mapdata.geojson_path().read_text(encoding="utf-8")))
    assert rebuilt == data


def test_the_legend_classes():
    rows = [{"key": "50", "collaborations": 10}, {"key": "03", "collaborations": 1}, {"key": "11", "collaborations": 0}]
    klass, legend = selectors.choropleth(rows)
    assert klass == {"50": 5, "03": 1, "11": 0}
    assert legend[0] == {"cls": 0, "low": 0, "high": 0} and legend[-1]["high"] == 10


def test_exports_hold_counts_only(client, activity):
    text = client.get("/statistikk/eksport.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0] == "dimension;key;label;collaborations;challenges;pitches"
    assert "fylke;50;Trøndelag;2;1;1" in text
    assert "HEMMELIG" not in text
    assert client.get("/statistikk/eksport.xlsx").content[:2] == b"PK"
    assert client.get("/statistikk/eksport.pdf").status_code == 404


def test_api_summary(client, activity):
    body = client.get("/api/v1/stats/summary").json()
    assert body["totals"] == {"collaborations": 2, "challenges": 1, "pitches": 1}
    assert body["fylke"]["50"] == {"collaborations": 2, "challenges": 1, "pitches": 1}
    assert body["stage"] == {"pilot": 1, "idea": 1}
    assert body["form"] == {"pilot_agreement": 1, "unknown": 1}
    assert "HEMMELIG" not in str(body)
