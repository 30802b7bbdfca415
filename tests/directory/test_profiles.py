"""Entrepreneur profiles: public pages, editing by members, change history and logo checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_user
from veier.directory.models import ProfileChange
from veier.directory.services import save_profile
from veier.organisations.models import Membership

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def member(besoksvenn):
    user = make_user("medlem@besoksvenn.example", full_name="Mia Medlem")
    Membership.objects.create(organisation=besoksvenn.organisation, user=user, role="member")
    return user


def edit_url(profile):
    return f"/finn-aktorer/{profile.organisation.slug}/rediger/"


def form_data(**changes):
    data = {"name": "Besøksvenn AS", "summary": "Besøksvenner", "description": "", "service_areas": ["loneliness"],
            "target_groups": ["elderly"], "fylker": ["50"], "kommuner": [], "website": "besoksvenn.no",
            "contact_email": "post@besoksvenn.example", "contact_phone": "", "evidence": "",
            "evidence_links": "https://example.org/rapport.pdf", "references": ["5001"], "is_public": "on"}
    data.update(changes)
    return data


def test_the_public_page_shows_what_where_and_for_whom(client, besoksvenn):
    html = client.get(f"/finn-aktorer/{besoksvenn.organisation.slug}/").content.decode()
    assert "974 760 673" in html
    assert "Ensomhet og sosial deltakelse" in html
    assert "Trøndelag" in html


def test_members_edit_the_profile_and_each_save_is_in_the_history(client, besoksvenn, member):
    client.force_login(member)
    response = client.post(edit_url(besoksvenn), form_data())
    assert response.status_code == 302
    besoksvenn.refresh_from_db()
    assert besoksvenn.organisation.website == "https://besoksvenn.no"
    assert besoksvenn.evidence_links == ["https://example.org/rapport.pdf"]
    assert [k.number for k in besoksvenn.references.all()] == ["5001"]
    change = ProfileChange.objects.filter(profile=besoksvenn, changed_by=member).get()
    assert change.changes["contact_email"] == ["", "post@besoksvenn.example"]
    assert change.changes["service_areas"] == [["elderly-care", "loneliness"], ["loneliness"]]


def test_saving_without_changes_adds_no_history(besoksvenn):
    before = ProfileChange.objects.count()
    save_profile(besoksvenn)
    assert ProfileChange.objects.count() == before


def test_outsiders_cannot_edit(client, besoksvenn, kari):
    client.force_login(kari)
    assert client.get(edit_url(besoksvenn)).status_code == 403
    assert client.post(edit_url(besoksvenn), form_data(name="Kapret")).status_code == 403
    besoksvenn.organisation.refresh_from_db()
    assert besoksvenn.organisation.name == "Besøksvenn AS"


def test_a_bad_link_is_refused_and_nothing_typed_is_lost(client, besoksvenn, member):
    client.force_login(member)
    response = client.post(edit_url(besoksvenn), form_data(evidence_links="ikke en lenke", summary="Ny tekst"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "«ikke en lenke» er ikke en nettadresse." in html
    assert 'value="Ny tekst"' in html
    besoksvenn.refresh_from_db()
    assert besoksvenn.summary == "Besøksvenner mot ensomhet"


def test_a_logo_must_really_be_an_image(client, besoksvenn, member):
    client.force_login(member)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    assert client.post(edit_url(besoksvenn), {**form_data(), "logo": fake}).status_code == 422
    real = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    assert client.post(edit_url(besoksvenn), {**form_data(), "logo": real}).status_code == 302
    besoksvenn.refresh_from_db()
    assert besoksvenn.logo.name.startswith("logos/")


def test_a_hidden_profile_is_404_for_the_public_but_visible_to_members(client, besoksvenn, member):
    save_profile(besoksvenn, is_public=False)
    assert client.get(f"/finn-aktorer/{besoksvenn.organisation.slug}/").status_code == 404
    client.force_login(member)
    assert client.get(f"/finn-aktorer/{besoksvenn.organisation.slug}/").status_code == 200


def test_choosing_no_place_means_the_whole_country(besoksvenn):
    save_profile(besoksvenn, fylker=[], kommuner=[])
    assert besoksvenn.nationwide
    save_profile(besoksvenn, kommuner=["5001"])
    assert not besoksvenn.nationwide


def test_replacing_a_logo_deletes_the_old_file(besoksvenn):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from veier.directory.services import ensure_profile

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    profile = ensure_profile(besoksvenn)
    save_profile(profile, logo=ContentFile(png, name="first.png"))
    first = profile.logo.name
    save_profile(profile, logo=ContentFile(png, name="second.png"))
    assert not default_storage.exists(first)
    assert default_storage.exists(profile.logo.name)
