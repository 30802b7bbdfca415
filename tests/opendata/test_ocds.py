"""Contracts as OCDS: which collaborations went through procurement, and what their releases say."""

import json

import pytest
from django.test import override_settings

from tests.opendata.conftest import BESOKSVENN_ORGNR, ENK_ORGNR, TRONDHEIM_ORGNR, at, collaboration
from veier.advisor.selectors import form_titles
from veier.collaborations.models import Collaboration, Stage
from veier.opendata import exports, ocds, validation
from veier.opendata.services import decide_publishing

pytestmark = pytest.mark.django_db


def releases():
    package = exports.ocds_package()
    validation.validate(validation.OCDS, package)
    return package["releases"]


def assessed(regime: str) -> dict:
    """The part of a saved advisor answer the export reads."""
    return {"regime": {"code": regime}}


def test_an_awarded_pilot_agreement_is_a_valid_release(publishing_trondheim, besoksvenn_as):
    item = collaboration(publishing_trondheim, [besoksvenn_as], stages=[(Stage.PILOT, at(2025, 3, 20))])
    package = exports.ocds_package()
    validation.validate(validation.OCDS, package)
    assert (package["version"], package["publisher"]["name"]) == ("1.1", "Veier")
    assert package["uri"] == "http://127.0.0.1:8000/api/v1/open-data/ocds.json"
    [release] = package["releases"]
    assert release["ocid"] == f"ocds-veier0-{item.pk}"
    assert release["initiationType"] == "tender"
    assert release["tag"] == ["tender", "award", "contract"]
    buyer_id, supplier_id = f"NO-BRC-{TRONDHEIM_ORGNR}", f"NO-BRC-{BESOKSVENN_ORGNR}"
    assert release["parties"] == [
        {"id": buyer_id, "name": "Trondheim kommune", "roles": ["buyer"],
         "identifier": {"scheme": "NO-BRC", "id": TRONDHEIM_ORGNR, "legalName": "Trondheim kommune"}},
        {"id": supplier_id, "name": "Besøksvenn AS", "roles": ["supplier"],
         "identifier": {"scheme": "NO-BRC", "id": BESOKSVENN_ORGNR, "legalName": "Besøksvenn AS"}},
    ]
    assert release["buyer"] == {"id": buyer_id, "name": "Trondheim kommune"}
    tender = release["tender"]
    assert (tender["procurementMethodDetails"], tender["mainProcurementCategory"]) == ("Pilotavtale", "services")
    assert tender["procurementMethod"] is None  # a pilot agreement may or may not have asked several suppliers
    [award], [contract] = release["awards"], release["contracts"]
    assert award["suppliers"] == [{"id": supplier_id, "name": "Besøksvenn AS"}]
    assert award["date"] == "2025-03-20T00:00:00+01:00"
    assert contract["awardID"] == award["id"]
    assert contract["value"] == {"amount": 450000, "currency": "NOK"}
    assert contract["period"] == {"startDate": "2025-04-01T00:00:00+02:00", "endDate": "2025-12-31T23:59:59+01:00"}
    assert contract["status"] == "active"


@pytest.mark.parametrize(("form", "regime", "method"), [
    ("direct_purchase", "", "direct"),
    ("open_competition", "part1+3", "open"),
    ("innovation_partnership", "part1+3", "selective"),
    ("reserved_nonprofit", "part1+ch30", "selective"),
    ("pilot_agreement", "outside", "direct"),
    ("pilot_agreement", "part1", None),
    ("operating_agreement", "part1+2", None),
])
def test_the_procurement_method_is_given_only_where_the_form_decides_it(form, regime, method):
    assert ocds.procurement_method(form, regime) == method


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.DIALOGUE])
def test_ideas_and_dialogues_are_not_published(publishing_trondheim, besoksvenn_as, stage):
    collaboration(publishing_trondheim, [besoksvenn_as], stage=stage)
    assert releases() == []


def test_an_idea_that_ended_was_never_awarded(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], stages=[(Stage.ENDED, at(2025, 2, 1))])
    assert releases() == []


def test_an_ended_contract_is_terminated(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], form="operating_agreement",
                  stages=[(Stage.AGREEMENT, at(2025, 1, 20)), (Stage.OPERATION, at(2025, 2, 1)),
                          (Stage.ENDED, at(2025, 11, 1))])
    [release] = releases()
    assert release["contracts"][0]["status"] == "terminated"
    assert release["tag"] == ["tender", "award", "contract", "contractTermination"]
    assert release["awards"][0]["date"] == "2025-01-20T00:00:00+01:00"  # the first awarded stage


def test_grants_are_not_procurement(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], form="grant", stage=Stage.AGREEMENT)
    assert releases() == []


def test_an_assessment_that_found_no_procurement_keeps_a_collaboration_out(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT, assessment=assessed("not_procurement"))
    assert releases() == []


@pytest.mark.parametrize(("assessment", "published"), [(None, False), (assessed("not_procurement"), False),
                                                       (assessed("part1"), True)])
def test_exploratory_agreements_count_only_when_assessed_as_procurement(publishing_trondheim, besoksvenn_as,
                                                                         assessment, published):
    collaboration(publishing_trondheim, [besoksvenn_as], form="exploratory_agreement", stage=Stage.PILOT,
                  assessment=assessment)
    assert len(releases()) == int(published)


def test_a_collaboration_without_an_entrepreneur_has_no_supplier_and_is_left_out(publishing_trondheim):
    collaboration(publishing_trondheim, [], stage=Stage.AGREEMENT)
    assert releases() == []


def test_a_contract_without_value_or_dates_still_validates(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.AGREEMENT, value=None, start=None, end=None,
                  description="")
    [release] = releases()
    assert "value" not in release["contracts"][0] and "period" not in release["contracts"][0]
    assert "description" not in release["tender"]


def test_nothing_is_published_until_the_public_body_decides_to(trondheim_with_orgnr, besoksvenn_as, kari):
    collaboration(trondheim_with_orgnr, [besoksvenn_as], stage=Stage.PILOT)
    assert releases() == []
    decide_publishing(trondheim_with_orgnr, grants=True, contracts=False, decided_by=kari)
    assert releases() == []
    decide_publishing(trondheim_with_orgnr, grants=False, contracts=True, decided_by=kari)
    assert len(releases()) == 1


def test_a_sole_proprietor_supplier_is_identified_but_not_named(publishing_trondheim, kari_omsorg):
    collaboration(publishing_trondheim, [kari_omsorg], stage=Stage.PILOT)
    [release] = releases()
    supplier = release["parties"][1]
    assert supplier["name"] == supplier["identifier"]["legalName"] == "Enkeltpersonforetak"
    assert supplier["identifier"]["id"] == ENK_ORGNR
    assert release["awards"][0]["suppliers"] == [{"id": f"NO-BRC-{ENK_ORGNR}", "name": "Enkeltpersonforetak"}]


def test_free_text_about_a_sole_proprietor_supplier_is_left_out(publishing_trondheim, kari_omsorg):
    collaboration(publishing_trondheim, [kari_omsorg], stage=Stage.PILOT, title="Dagtilbud med Kari Hansen",
                  description="Kari Hansen tar imot fire eldre hver dag.")
    [release] = releases()
    published = json.dumps(release, ensure_ascii=False)
    assert "Hansen" not in published
    assert "fire eldre" not in published
    assert release["tender"]["title"] == form_titles("nb")["pilot_agreement"]


def test_a_supplier_without_organisation_number_gets_a_local_id(publishing_trondheim):
    from veier.organisations.models import Organisation

    nameless = Organisation.objects.create(kind="social_entrepreneur", name="Leksehjelpen", slug="leksehjelpen")
    collaboration(publishing_trondheim, [nameless], stage=Stage.PILOT)
    supplier = releases()[0]["parties"][1]
    assert supplier == {"id": f"veier-org-{nameless.pk}", "name": "Navn ikke publisert", "roles": ["supplier"]}


def test_the_release_id_changes_when_the_collaboration_changes(publishing_trondheim, besoksvenn_as):
    item = collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT)
    Collaboration.objects.filter(pk=item.pk).update(updated_at=at(2025, 5, 1))
    first = releases()[0]
    Collaboration.objects.filter(pk=item.pk).update(updated_at=at(2025, 6, 1))
    second = releases()[0]
    assert first["ocid"] == second["ocid"]
    assert (first["id"], second["id"]) == (f"{first['ocid']}-20250501T100000Z", f"{first['ocid']}-20250601T100000Z")


@override_settings(VEIER_OCDS_PREFIX="ocds-abc123")
def test_a_registered_ocid_prefix_is_used_when_set(publishing_trondheim, besoksvenn_as):
    item = collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT)
    assert releases()[0]["ocid"] == f"ocds-abc123-{item.pk}"


@override_settings(VEIER_OCDS_PREFIX="veier")
def test_a_malformed_ocid_prefix_is_refused(db):
    with pytest.raises(ValueError, match="six letters or digits"):
        exports.ocds_package()


def test_an_empty_export_is_a_well_formed_empty_package(db):
    package = exports.ocds_package()
    assert package["releases"] == []
    strict = validation.problems(validation.OCDS, package, allow_empty=False)
    assert [(p.path, p.message) for p in strict] == [("/releases", "[] should be non-empty")]
