"""The open-data API routes, the open-data page, and a public body's decision to publish."""

import pytest
from openapi_spec_validator import validate as validate_openapi

from tests.conftest import make_user
from tests.opendata.conftest import BESOKSVENN_ORGNR, TRONDHEIM_ORGNR, collaboration, record_grant
from veier.audit.models import AuditEvent
from veier.collaborations.models import Stage
from veier.opendata import validation
from veier.opendata.models import PublishingDecision
from veier.organisations.models import Membership

pytestmark = pytest.mark.django_db

GRANTS_URL = "/api/v1/open-data/360giving.json"
CONTRACTS_URL = "/api/v1/open-data/ocds.json"


@pytest.fixture
def ola(trondheim_with_orgnr):
    """An ordinary member (not an administrator) of Trondheim kommune."""
    user = make_user("ola@trondheim.example", full_name="Ola Medlem")
    Membership.objects.create(organisation=trondheim_with_orgnr, user=user, role=Membership.Role.MEMBER)
    return user


def test_anyone_may_fetch_the_grants_as_a_valid_360giving_package(client, publishing_trondheim, besoksvenn_as):
    record_grant(publishing_trondheim)
    response = client.get(GRANTS_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    validation.validate(validation.THREESIXTYGIVING, response.json())
    assert response.json()["grants"][0]["recipientOrganization"][0]["id"] == f"NO-BRC-{BESOKSVENN_ORGNR}"


def test_anyone_may_fetch_the_contracts_as_a_valid_ocds_package(client, publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT)
    response = client.get(CONTRACTS_URL)
    assert response.status_code == 200
    validation.validate(validation.OCDS, response.json())
    assert len(response.json()["releases"]) == 1


def test_the_routes_serve_empty_packages_when_nothing_is_published(client, trondheim_with_orgnr, besoksvenn_as):
    record_grant(trondheim_with_orgnr)
    assert client.get(GRANTS_URL).json()["grants"] == []
    assert client.get(CONTRACTS_URL).json()["releases"] == []


def test_one_public_body_can_be_asked_for(client, publishing_trondheim, bergen_kommune, besoksvenn_as):
    record_grant(publishing_trondheim)
    assert len(client.get(GRANTS_URL, {"public_body": TRONDHEIM_ORGNR}).json()["grants"]) == 1
    assert client.get(GRANTS_URL, {"public_body": bergen_kommune.orgnr}).json()["grants"] == []


def test_an_unknown_public_body_is_a_404_and_a_malformed_number_a_422(client, db):
    unknown = client.get(CONTRACTS_URL, {"public_body": BESOKSVENN_ORGNR})
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": f"No public body on Veier has the organisation number {BESOKSVENN_ORGNR}"}
    malformed = client.get(GRANTS_URL, {"public_body": "abc"})
    assert malformed.status_code == 422
    assert "is not an organisation number" in malformed.json()["detail"]


def test_the_openapi_document_stays_valid_and_describes_the_routes(client):
    document = client.get("/api/v1/openapi.json").json()
    validate_openapi(document)
    assert {GRANTS_URL, CONTRACTS_URL} <= set(document["paths"])
    assert document["paths"][GRANTS_URL]["get"]["tags"] == ["open data"]


def test_the_open_data_page_is_public_and_links_to_both_files(client, publishing_trondheim):
    html = client.get("/apne-data/").content.decode()
    assert GRANTS_URL in html and CONTRACTS_URL in html
    assert f"{GRANTS_URL}?public_body={TRONDHEIM_ORGNR}" in html
    # UI text is bokmål once the catalogue is compiled; the section's id is checked too, whatever the language.
    assert "Publisering for virksomhetene dine" not in html and 'id="publishing-' not in html


def test_an_administrator_decides_to_publish_and_the_grants_appear(client, kari, trondheim_with_orgnr,
                                                                    besoksvenn_as):
    record_grant(trondheim_with_orgnr)
    client.force_login(kari)
    page = client.get("/apne-data/").content.decode()
    assert "Lagre publiseringsvalg" in page
    prefix = f"body-{trondheim_with_orgnr.pk}"
    response = client.post(f"/apne-data/publisering/{trondheim_with_orgnr.slug}/", {f"{prefix}-grants": "on"})
    assert response.status_code == 302
    decision = PublishingDecision.objects.get(public_body=trondheim_with_orgnr)
    assert (decision.grants, decision.contracts, decision.decided_by) == (True, False, kari)
    assert len(client.get(GRANTS_URL).json()["grants"]) == 1
    event = AuditEvent.objects.get(action="opendata.publishing")
    assert (event.organisation_id, event.changes) == (trondheim_with_orgnr.pk, {"grants": [False, True]})


def test_a_member_sees_the_choice_but_cannot_change_it(client, ola, trondheim_with_orgnr):
    client.force_login(ola)
    page = client.get("/apne-data/").content.decode()
    assert "Publiserer ikke tilskudd." in page and "Bare administratorer kan endre dette." in page
    prefix = f"body-{trondheim_with_orgnr.pk}"
    response = client.post(f"/apne-data/publisering/{trondheim_with_orgnr.slug}/", {f"{prefix}-grants": "on"})
    assert response.status_code == 403
    assert not PublishingDecision.objects.exists()


def test_deciding_needs_a_login(client, trondheim_with_orgnr):
    response = client.post(f"/apne-data/publisering/{trondheim_with_orgnr.slug}/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/")


def test_a_public_body_without_organisation_number_cannot_publish_but_can_opt_out(client, kari, trondheim_kommune):
    client.force_login(kari)
    prefix = f"body-{trondheim_kommune.pk}"
    url = f"/apne-data/publisering/{trondheim_kommune.slug}/"
    page = client.post(url, {f"{prefix}-contracts": "on"}, follow=True).content.decode()
    assert "Legg inn organisasjonsnummeret til Trondheim kommune" in page
    assert not PublishingDecision.objects.filter(contracts=True).exists()
    client.post(url, {})
    assert PublishingDecision.objects.get().contracts is False


def test_the_de_minimis_register_and_the_collaborations_link_to_open_data(client, kari, trondheim_with_orgnr):
    client.force_login(kari)
    assert 'href="/apne-data/"' in client.get("/finansiering/bagatellstotte/").content.decode()
    assert 'href="/apne-data/"' in client.get("/samarbeid/").content.decode()


def test_the_exports_take_as_many_queries_for_many_records_as_for_one(publishing_trondheim, besoksvenn_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from veier.opendata import exports

    def queries() -> tuple[int, int]:
        counts = []
        for build in (exports.threesixtygiving_package, exports.ocds_package):
            with CaptureQueriesContext(connection) as captured:
                build()
            counts.append(len(captured.captured_queries))
        return tuple(counts)

    def add_records(number: int) -> None:
        record_grant(publishing_trondheim, amount=str(1000 + number))
        collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT)
        collaboration(publishing_trondheim, [besoksvenn_as], form="grant", value=str(50 + number),
                      stage=Stage.AGREEMENT)

    add_records(0)
    one = queries()
    for number in range(1, 6):
        add_records(number)
    assert queries() == one


def test_the_page_names_the_licence_the_operator_chose(client, settings):
    assert "NLOD" in client.get("/apne-data/").content.decode()
    settings.VEIER_OPEN_DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
    html = client.get("/apne-data/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    assert "NLOD" not in html


def test_a_malformed_ocds_prefix_is_a_system_check_error(settings):
    from veier.opendata.checks import ocds_prefix_is_well_formed

    assert ocds_prefix_is_well_formed(None) == []
    settings.VEIER_OCDS_PREFIX = "veier"
    [error] = ocds_prefix_is_well_formed(None)
    assert error.id == "veier.opendata.E001"
