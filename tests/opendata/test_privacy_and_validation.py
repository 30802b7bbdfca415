"""No personal data in the exports, and validation against the vendored schemas, offline."""

import hashlib
import json
import socket
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from tests.opendata.conftest import at, collaboration, record_grant
from veier.collaborations.models import Stage
from veier.opendata import exports, validation
from veier.opendata.records import Grant, Party
from veier.opendata.threesixtygiving import PackageInfo, build_package

pytestmark = pytest.mark.django_db

SCHEMA_FILES = ["ocds/release-package-schema.json", "ocds/release-schema.json",
                "360giving/360-giving-package-schema.json", "360giving/360-giving-schema.json"]


@pytest.fixture
def both_exports(publishing_trondheim, besoksvenn_as, kari, aslak):
    """Every kind of record, created by Kari and Aslak, and both exports as JSON text."""
    record_grant(publishing_trondheim)
    collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT, created_by=kari,
                  description="Spørsmål til kari@trondheim.example eller Aslak på aslak@besoksvenn.example.")
    collaboration(publishing_trondheim, [besoksvenn_as], form="grant", value="60000", stage=Stage.AGREEMENT,
                  created_by=aslak, title="Tilskudd til frivillige besøk")
    return (json.dumps(exports.threesixtygiving_package(), ensure_ascii=False)
            + json.dumps(exports.ocds_package(), ensure_ascii=False))


def test_no_user_name_or_e_mail_address_appears_in_the_exports(both_exports, kari, aslak):
    for user in (kari, aslak):
        assert user.email not in both_exports
        assert user.full_name not in both_exports
    assert "@" not in both_exports


def test_e_mail_addresses_in_free_text_are_masked(both_exports):
    assert "Spørsmål til [e-mail] eller Aslak på [e-mail]." in both_exports


def test_no_contact_points_or_addresses_are_published(both_exports):
    for key in ("contactPoint", "contactName", "email", "telephone", "address", "streetAddress", "postalCode"):
        assert f'"{key}"' not in both_exports


def test_the_vendored_schemas_are_the_files_listed_in_sources():
    folder = resources.files("veier.opendata") / "schemas"
    sources = (folder / "SOURCES.md").read_text(encoding="utf-8")
    for name in SCHEMA_FILES:
        part = folder
        for segment in name.split("/"):
            part = part / segment
        digest = hashlib.sha256(part.read_bytes()).hexdigest()
        assert f"`{name}`" in sources and digest in sources, name


def test_the_schemas_are_the_expected_versions():
    assert validation.load_schema("ocds/release-schema.json")["id"].endswith("/1__1__5/release-schema.json")
    package = validation.load_schema("360giving/360-giving-package-schema.json")
    assert package["properties"]["grants"]["items"]["$ref"] == validation.GRANT_SCHEMA_URL
    assert "/1.4/" in validation.GRANT_SCHEMA_URL


def test_validation_needs_no_network(publishing_trondheim, besoksvenn_as, monkeypatch):
    record_grant(publishing_trondheim)
    collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT)
    grants, contracts = exports.threesixtygiving_package(), exports.ocds_package()
    validation.validator.cache_clear()

    def no_network(*args, **kwargs):
        raise AssertionError("validation tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    validation.validate(validation.THREESIXTYGIVING, grants)
    validation.validate(validation.OCDS, contracts)


def sample_grant(**changes) -> dict:
    grant = Grant(source="deminimis", pk=1, funder=Party(name="Trondheim kommune", orgnr="942110464",
                                                          is_public_body=True),
                  recipients=(Party(name="Besøksvenn AS", orgnr="974760673", form="AS"),),
                  amount_nok=Decimal("1000"), award_date=date(2025, 3, 1),
                  title="Tittel", description="Beskrivelse", modified=at(2025, 3, 1))
    package = build_package([grant], PackageInfo(modified=at(2025, 3, 1), publisher_name="Veier",
                                                 license_url="https://data.norge.no/nlod/no/2.0"))
    package["grants"][0].update(changes)
    return package


def test_a_valid_sample_grant_passes():
    assert validation.problems(validation.THREESIXTYGIVING, sample_grant()) == []


@pytest.mark.parametrize(("changes", "path"), [
    ({"currency": "KRONER"}, "/grants/0/currency"),
    ({"awardDate": "01.03.2025"}, "/grants/0/awardDate"),
    ({"amountAwarded": "1000"}, "/grants/0/amountAwarded"),
    ({"fundingOrganization": []}, "/grants/0/fundingOrganization"),
])
def test_schema_errors_are_reported_where_they_are(changes, path):
    found = validation.problems(validation.THREESIXTYGIVING, sample_grant(**changes))
    assert path in [problem.path for problem in found]
    with pytest.raises(validation.InvalidExport, match="360giving export does not validate"):
        validation.validate(validation.THREESIXTYGIVING, sample_grant(**changes))


def test_a_release_without_its_required_fields_is_invalid():
    package = {"uri": "https://veier.example/ocds.json", "version": "1.1", "publishedDate": "2025-03-01T00:00:00Z",
               "publisher": {"name": "Veier"}, "releases": [{"ocid": "ocds-veier0-1"}]}
    messages = {problem.message for problem in validation.problems(validation.OCDS, package)}
    assert {"'id' is a required property", "'date' is a required property", "'tag' is a required property",
            "'initiationType' is a required property"} <= messages
