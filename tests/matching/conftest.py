"""Small named entrepreneurs for matching tests; vectors come from the hashing embedder (settings_test)."""

import pytest

from veier.directory.services import create_entrepreneur
from veier.matching.selectors import clear_index_cache, clear_query_cache


@pytest.fixture(autouse=True)
def fresh_index():
    """Each test starts without an index loaded by another test."""
    clear_index_cache()
    clear_query_cache()
    yield
    clear_index_cache()


@pytest.fixture
def besoksvenn(db):
    """Visits lonely older people at home; works in Trøndelag (fylke 50)."""
    return create_entrepreneur(
        orgnr="974760673", name="Besøksvenn AS",
        description="Frivillige besøksvenner kommer hjem til eldre som sitter alene. Vi drikker kaffe og går tur.",
        summary="Besøksvenner mot ensomhet", service_areas=["loneliness", "elderly-care"],
        target_groups=["elderly"], fylker=["50"], kommuner=[],
    )


@pytest.fixture
def ombruk(db):
    """Work training in a reuse workshop; works in Bergen (4601) only."""
    return create_entrepreneur(
        orgnr="923609016", name="Ombruksverkstedet SA",
        description="Arbeidstrening for unge vaksne i eit ombruksverkstad. Me reparerer syklar og møblar.",
        service_areas=["work-inclusion", "environment"], target_groups=["young-adults"], kommuner=["4601"],
        fylker=[],
    )


@pytest.fixture
def leksehjelp(db):
    """Homework help for children; serves the whole country."""
    return create_entrepreneur(
        orgnr="988588261", name="Leksehjelpen",
        description="Digital leksehjelp for barn i lavinntektsfamilier. Studenter hjelper med matematikk og lesing.",
        service_areas=["education"], target_groups=["children", "low-income"], kommuner=[], fylker=[],
    )


@pytest.fixture
def trondheim_visits(db):
    """Visits older people too, but only in Trondheim (5001): the closer match for a need there."""
    return create_entrepreneur(
        orgnr="927784483", name="Nabovenn Trondheim SA",
        description="Frivillige besøksvenner kommer hjem til eldre som sitter alene. Vi drikker kaffe og går tur.",
        summary="Besøksvenner mot ensomhet", service_areas=["loneliness"], target_groups=["elderly"],
        kommuner=["5001"], fylker=[],
    )


@pytest.fixture
def directory(besoksvenn, ombruk, leksehjelp):
    return {"besoksvenn": besoksvenn, "ombruk": ombruk, "leksehjelp": leksehjelp}
