"""Small named entrepreneurs for directory tests."""

import pytest

from veier.directory.services import create_entrepreneur


@pytest.fixture
def besoksvenn(db):
    """Visits lonely older people; works in Trøndelag (fylke 50)."""
    return create_entrepreneur(
        orgnr="974760673", name="Besøksvenn AS", organisation_form="AS",
        description="Frivillige besøksvenner hjelper eldre som sitter alene, i tett samarbeid med kommunene.",
        summary="Besøksvenner mot ensomhet", service_areas=["loneliness", "elderly-care"],
        target_groups=["elderly"], fylker=["50"], kommuner=[],
    )


@pytest.fixture
def ombruk(db):
    """Work training in a reuse workshop; works in Bergen (4601) only."""
    return create_entrepreneur(
        orgnr="923609016", name="Ombruksverkstedet SA", organisation_form="SA",
        description="Arbeidstrening for unge vaksne i eit ombruksverkstad. Me samarbeider med kommunar på Vestlandet.",
        service_areas=["work-inclusion", "environment"], target_groups=["young-adults"], kommuner=["4601"],
        fylker=[],
    )


@pytest.fixture
def leksehjelp(db):
    """Homework help for children; serves the whole country."""
    return create_entrepreneur(
        orgnr="988588261", name="Leksehjelpen", organisation_form="FLI",
        description="Digital leksehjelp for barn i lavinntektsfamilier, med kafé-møter for foreldre.",
        service_areas=["education"], target_groups=["children", "low-income"], kommuner=[], fylker=[],
    )
