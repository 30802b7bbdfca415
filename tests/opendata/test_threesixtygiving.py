"""Grants as 360Giving: what is a grant, what is published about it, and that the package validates."""

import json
from datetime import date

import pytest

from tests.opendata.conftest import (
    BESOKSVENN_ORGNR,
    ENK_ORGNR,
    TRONDHEIM_ORGNR,
    UNKNOWN_FORM_ORGNR,
    at,
    collaboration,
    record_grant,
)
from veier.collaborations.models import Stage
from veier.opendata import exports, validation
from veier.opendata.services import decide_publishing

pytestmark = pytest.mark.django_db


def grants_package():
    package = exports.threesixtygiving_package()
    validation.validate(validation.THREESIXTYGIVING, package)
    return package


def test_a_de_minimis_grant_becomes_a_valid_360giving_grant(publishing_trondheim, besoksvenn_as):
    recorded = record_grant(publishing_trondheim)
    package = grants_package()
    assert package["version"] == "1.4"
    assert package["license"] == "https://data.norge.no/nlod/no/2.0"
    [grant] = package["grants"]
    assert grant["id"] == f"360G-veier-deminimis-{recorded.pk}"
    assert (grant["amountAwarded"], grant["currency"], grant["awardDate"]) == (1000000, "NOK", "2025-03-01")
    assert grant["fundingOrganization"] == [{"id": f"NO-BRC-{TRONDHEIM_ORGNR}", "name": "Trondheim kommune"}]
    assert grant["recipientOrganization"] == [{"id": f"NO-BRC-{BESOKSVENN_ORGNR}", "name": "Besøksvenn AS"}]
    assert grant["title"] == "Oppstart av besøkstjeneste"
    assert "Rettslig grunnlag: Forordning (EU) 2023/2831." in grant["description"]
    assert grant["beneficiaryLocation"] == [{"name": "Trondheim - Tråante", "countryCode": "NO", "geoCode": "5001",
                                             "description": "Kommune (geoCode er kommunenummeret)"}]
    assert grant["grantProgramme"] == [{"code": "bagatellstotte", "title": "Bagatellmessig støtte"}]


def test_amounts_keep_their_ore(publishing_trondheim, besoksvenn_as):
    record_grant(publishing_trondheim, amount="125000.50")
    assert grants_package()["grants"][0]["amountAwarded"] == 125000.5


def test_sgei_aid_is_its_own_programme(publishing_trondheim, besoksvenn_as):
    record_grant(publishing_trondheim, kind="sgei")
    assert grants_package()["grants"][0]["grantProgramme"][0]["code"] == "bagatellstotte-sgei"


def test_nothing_is_published_until_the_public_body_decides_to(trondheim_with_orgnr, besoksvenn_as):
    record_grant(trondheim_with_orgnr)
    assert grants_package()["grants"] == []


def test_a_public_body_that_publishes_contracts_only_publishes_no_grants(trondheim_with_orgnr, besoksvenn_as, kari):
    decide_publishing(trondheim_with_orgnr, grants=False, contracts=True, decided_by=kari)
    record_grant(trondheim_with_orgnr)
    assert grants_package()["grants"] == []


def test_opting_out_removes_the_bodys_grants_from_the_next_export(publishing_trondheim, besoksvenn_as, kari):
    record_grant(publishing_trondheim)
    assert len(grants_package()["grants"]) == 1
    decide_publishing(publishing_trondheim, grants=False, contracts=False, decided_by=kari)
    assert grants_package()["grants"] == []


def test_other_bodies_grants_stay_out(publishing_trondheim, bergen_kommune, besoksvenn_as):
    record_grant(bergen_kommune, amount="5000")
    assert grants_package()["grants"] == []


def test_an_empty_export_is_a_well_formed_empty_package(db):
    package = grants_package()
    assert package["grants"] == []
    # The published schema wants at least one grant; that is the only thing it has against the package.
    strict = validation.problems(validation.THREESIXTYGIVING, package, allow_empty=False)
    assert [(p.path, p.message) for p in strict] == [("/grants", "[] should be non-empty")]


def test_a_sole_proprietorship_is_identified_but_not_named(publishing_trondheim, kari_omsorg):
    record_grant(publishing_trondheim, orgnr=ENK_ORGNR, name="Kari Hansen Omsorg",
                 purpose="Kari Hansens dagtilbud for eldre")
    package = grants_package()
    [grant] = package["grants"]
    assert grant["recipientOrganization"] == [{"id": f"NO-BRC-{ENK_ORGNR}", "name": "Enkeltpersonforetak"}]
    assert grant["title"] == "Bagatellmessig støtte"
    assert "Hansen" not in json.dumps(package, ensure_ascii=False)


def test_a_grant_collaboration_with_a_sole_proprietor_publishes_no_free_text(publishing_trondheim, kari_omsorg):
    collaboration(publishing_trondheim, [kari_omsorg], form="grant", stage=Stage.PILOT,
                  title="Tilskudd til Kari Hansen", description="Kari Hansen starter dagtilbud.")
    package = grants_package()
    [grant] = package["grants"]
    assert grant["title"] == "Tilskudd"
    assert "Hansen" not in json.dumps(package, ensure_ascii=False)


def test_a_recipient_whose_form_is_unknown_is_not_named_either(publishing_trondheim):
    record_grant(publishing_trondheim, orgnr=UNKNOWN_FORM_ORGNR, name="Ola Nordmann")
    package = grants_package()
    assert package["grants"][0]["recipientOrganization"][0] == {"id": f"NO-BRC-{UNKNOWN_FORM_ORGNR}",
                                                                "name": "Navn ikke publisert"}
    assert "Nordmann" not in json.dumps(package, ensure_ascii=False)


def test_the_registers_organisation_form_decides_over_the_profile(publishing_trondheim, besoksvenn_as):
    from veier.registry.models import OrganisationForm, RegistryUnit

    RegistryUnit.objects.create(orgnr=BESOKSVENN_ORGNR, name="BESØKSVENN", content_hash="x", updated_at=at(2025, 1, 1),
                                organisation_form=OrganisationForm.objects.get_or_create(
                                    code="ENK", defaults={"description": "Enkeltpersonforetak"})[0])
    record_grant(publishing_trondheim)
    assert grants_package()["grants"][0]["recipientOrganization"][0]["name"] == "Enkeltpersonforetak"


def test_a_granted_collaboration_in_the_form_grant_is_a_grant(publishing_trondheim, besoksvenn_as):
    item = collaboration(publishing_trondheim, [besoksvenn_as], form="grant", value="80000",
                         stages=[(Stage.AGREEMENT, at(2025, 2, 14))])
    [grant] = grants_package()["grants"]
    assert grant["id"] == f"360G-veier-collaboration-{item.pk}"
    assert (grant["amountAwarded"], grant["awardDate"]) == (80000, "2025-02-14")
    assert grant["plannedDates"] == [{"startDate": "2025-04-01", "endDate": "2025-12-31"}]
    assert grant["description"] == "Besøk til eldre som bor alene."


def test_a_grant_collaboration_already_in_the_register_is_not_counted_twice(publishing_trondheim, besoksvenn_as):
    record_grant(publishing_trondheim, amount="80000")
    collaboration(publishing_trondheim, [besoksvenn_as], form="grant", value="80000",
                  stages=[(Stage.AGREEMENT, at(2025, 2, 14))])
    [grant] = grants_package()["grants"]
    assert grant["id"].startswith("360G-veier-deminimis-")


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.DIALOGUE])
def test_grant_collaborations_not_yet_awarded_are_not_published(publishing_trondheim, besoksvenn_as, stage):
    collaboration(publishing_trondheim, [besoksvenn_as], form="grant", stage=stage)
    assert grants_package()["grants"] == []


def test_a_grant_collaboration_without_a_value_is_not_published(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], form="grant", value=None, stage=Stage.AGREEMENT)
    assert grants_package()["grants"] == []


def test_procurement_collaborations_are_not_grants(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], form="pilot_agreement", stage=Stage.PILOT)
    assert grants_package()["grants"] == []


def test_the_package_is_dated_by_its_newest_record_not_by_the_request(publishing_trondheim, besoksvenn_as):
    from veier.opendata.models import PublishingDecision

    PublishingDecision.objects.update(decided_at=at(2025, 1, 1))
    grant = record_grant(publishing_trondheim, granted_on=date(2025, 3, 1))
    type(grant).objects.filter(pk=grant.pk).update(created_at=at(2025, 3, 2, 9))
    package = grants_package()
    assert package["modified"] == "2025-03-02T08:00:00Z"  # 09:00 in Oslo
    assert package["grants"][0]["dateModified"] == "2025-03-02T08:00:00Z"
