"""`veier export-360giving` and `veier export-ocds`: valid files, one public body, clear errors."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.opendata.conftest import TRONDHEIM_ORGNR, collaboration, record_grant
from veier.collaborations.models import Stage
from veier.opendata import exports, validation
from veier.opendata.services import decide_publishing

pytestmark = pytest.mark.django_db


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_360giving_writes_a_valid_file(publishing_trondheim, besoksvenn_as, tmp_path):
    record_grant(publishing_trondheim)
    target = tmp_path / "tilskudd.json"
    _out, err = run("export_360giving", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    validation.validate(validation.THREESIXTYGIVING, document)
    assert len(document["grants"]) == 1
    assert "Besøksvenn AS" in target.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    assert err.strip() == f"1 grants written to {target}."
    assert [p.name for p in tmp_path.iterdir()] == ["tilskudd.json"]  # no temporary file left behind


def test_export_ocds_writes_to_standard_output(publishing_trondheim, besoksvenn_as):
    collaboration(publishing_trondheim, [besoksvenn_as], stage=Stage.PILOT)
    out, err = run("export_ocds", "-")
    document = json.loads(out)
    validation.validate(validation.OCDS, document)
    assert len(document["releases"]) == 1
    assert "written to standard output" in err


def test_one_public_body_can_be_exported_on_its_own(publishing_trondheim, bergen_kommune, besoksvenn_as, kari):
    decide_publishing(bergen_kommune, grants=True, contracts=True, decided_by=kari)
    record_grant(publishing_trondheim)
    record_grant(bergen_kommune, amount="20000")
    out, _err = run("export_360giving", "--public-body", "942 110 464", "-")
    funders = {grant["fundingOrganization"][0]["id"] for grant in json.loads(out)["grants"]}
    assert funders == {f"NO-BRC-{TRONDHEIM_ORGNR}"}
    assert json.loads(out)["downloadURL"].endswith(f"/api/v1/open-data/360giving.json?public_body={TRONDHEIM_ORGNR}")


def test_an_unknown_organisation_number_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No public body on Veier has the organisation number 974760673"):
        run("export_ocds", "--public-body", "974760673", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(("value", "reason"), [("12345", "nine digits"), ("974760674", "a valid control digit")])
def test_a_malformed_organisation_number_is_a_clear_error(db, value, reason):
    with pytest.raises(CommandError, match=f"is not an organisation number \\(it needs {reason}\\)"):
        run("export_360giving", "--public-body", value, "-")


def test_a_body_that_does_not_publish_gets_an_empty_package_and_a_warning(trondheim_with_orgnr, besoksvenn_as):
    record_grant(trondheim_with_orgnr)
    out, err = run("export_360giving", "--public-body", TRONDHEIM_ORGNR, "-")
    assert json.loads(out)["grants"] == []
    assert "Trondheim kommune (942110464) has not chosen to publish grants" in err
    assert "Nothing is published yet: an empty package was written" in err


def test_an_invalid_package_is_never_written(publishing_trondheim, tmp_path, monkeypatch):
    monkeypatch.setitem(exports.BUILDERS, validation.OCDS, lambda body: {"releases": [{"ocid": ""}]})
    target = tmp_path / "kontrakter.json"
    with pytest.raises(CommandError, match="ocds export does not validate"):
        run("export_ocds", str(target))
    assert list(tmp_path.iterdir()) == []


def test_a_missing_directory_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="no such directory"):
        run("export_ocds", str(tmp_path / "mangler" / "kontrakter.json"))


def test_the_veier_command_accepts_the_hyphenated_name(publishing_trondheim, tmp_path, monkeypatch):
    from veier import cli

    monkeypatch.setattr(cli, "database_problem", lambda: None)
    target = tmp_path / "tilskudd.json"
    cli.main(["veier", "export-360giving", str(target)])
    assert json.loads(target.read_text(encoding="utf-8"))["grants"] == []
