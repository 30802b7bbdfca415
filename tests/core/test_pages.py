"""The site shell: pages, languages, error pages and the health check."""

import pytest
from django.db import DatabaseError

from veier.core.areas import AREAS

pytestmark = pytest.mark.django_db


def test_the_front_page_is_in_bokmal_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb"' in html
    assert "Hopp til hovedinnhold" in html


@pytest.mark.parametrize(
    ("language", "skip_link"),
    [("nb", "Hopp til hovedinnhold"), ("nn", "Hopp til hovudinnhaldet"), ("en", "Skip to main content")],
)
def test_switching_language_changes_the_whole_page(client, language, skip_link):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert f'<html lang="{language}"' in html
    assert skip_link in html


def test_every_main_area_is_in_the_navigation(client):
    html = client.get("/").content.decode()
    for area in AREAS:
        assert str(area.title) in html


def test_every_areas_page_responds(client):
    from django.urls import reverse

    for area in AREAS:
        assert client.get(reverse(area.url_name)).status_code == 200, area.slug


def test_unknown_urls_give_a_styled_404_in_the_users_language(client):
    client.cookies["veier_language"] = "nn"
    response = client.get("/finst-ikkje/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nn"' in html
    assert "Fann ikkje sida" in html


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_is_503_when_the_database_is_gone(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def test_the_admin_works_for_platform_staff(client, django_user_model):
    staff = django_user_model.objects.create_superuser("staff@veier.example", "et-langt-passord-99", full_name="S")
    client.force_login(staff)
    assert client.get("/admin/organisations/organisation/").status_code == 200
    assert client.get("/admin/reference/kommune/?q=Tromsø").status_code == 200
