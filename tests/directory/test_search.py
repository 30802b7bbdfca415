"""Searching the directory: stems, accents, typos, facets and geography, on SQLite and PostgreSQL."""

import pytest

from veier.directory.selectors import DirectoryQuery, search_entrepreneurs
from veier.directory.services import save_profile

pytestmark = pytest.mark.django_db


def names(**query):
    return [p.organisation.name for p in search_entrepreneurs(DirectoryQuery(**query)).profiles]


def test_kommunene_kommunar_and_kommune_find_each_other(besoksvenn, ombruk, leksehjelp):
    # Besøksvenn writes «kommunene» (bokmål), Ombruksverkstedet «kommunar» (nynorsk).
    for word in ["kommune", "kommunene", "kommunar"]:
        assert sorted(names(q=word)) == ["Besøksvenn AS", "Ombruksverkstedet SA"]


def test_every_word_of_the_query_must_match(besoksvenn, ombruk):
    assert names(q="eldre ensomhet") == ["Besøksvenn AS"]
    assert names(q="eldre ombruk") == []


def test_accented_and_unaccented_spellings_meet(leksehjelp):
    assert names(q="kafe") == ["Leksehjelpen"]
    assert names(q="kafé") == ["Leksehjelpen"]


def test_service_area_labels_are_searchable_in_all_three_languages(besoksvenn):
    for word in ["ensomhet", "einsemd", "loneliness"]:
        assert names(q=word) == ["Besøksvenn AS"]


def test_a_typo_in_a_name_still_finds_it(besoksvenn, ombruk):
    assert names(q="Besøksven AS") == ["Besøksvenn AS"]
    assert names(q="Ombruksverkstdet") == ["Ombruksverkstedet SA"]


def test_a_query_of_only_punctuation_finds_everything_instead_of_failing(besoksvenn, ombruk):
    assert len(names(q='"*- (')) == 2


def test_facets_filter_by_service_area_target_group_and_form(besoksvenn, ombruk, leksehjelp):
    assert names(service_area="work-inclusion") == ["Ombruksverkstedet SA"]
    assert names(target_group="children") == ["Leksehjelpen"]
    assert names(organisation_form="AS") == ["Besøksvenn AS"]


def test_a_kommune_sees_entrepreneurs_of_its_own_its_fylke_and_the_whole_country(besoksvenn, ombruk, leksehjelp):
    assert names(kommune="5001") == ["Besøksvenn AS", "Leksehjelpen"]  # Trondheim, in Trøndelag
    assert names(kommune="4601") == ["Leksehjelpen", "Ombruksverkstedet SA"]  # Bergen
    assert names(fylke="46") == ["Leksehjelpen", "Ombruksverkstedet SA"]  # Vestland, through Bergen


def test_facet_counts_ignore_their_own_filter_but_respect_the_others(besoksvenn, ombruk, leksehjelp):
    result = search_entrepreneurs(DirectoryQuery(service_area="education", kommune="5001"), with_facets=True)
    counts = {code: n for code, _label, n in result.facets["service_area"]}
    assert counts == {"loneliness": 1, "elderly-care": 1, "education": 1}
    assert [p.organisation.name for p in result.profiles] == ["Leksehjelpen"]


def test_hidden_profiles_are_never_found(besoksvenn):
    save_profile(besoksvenn, is_public=False)
    assert names(q="besøksvenn") == []
    assert names() == []


def test_an_edit_is_searchable_at_once(besoksvenn):
    save_profile(besoksvenn, description="Nå også turgrupper for pensjonister.")
    assert names(q="turgruppe") == ["Besøksvenn AS"]
    assert names(q="frivillige") == []


def test_results_are_paged(db):
    from veier.directory.services import create_entrepreneur
    from veier.organisations import orgnr

    numbers = [str(n) for n in range(900000000, 900001000) if orgnr.is_valid(str(n))][:25]
    for i, number in enumerate(numbers):
        create_entrepreneur(orgnr=number, name=f"Verksted {i:02d}", description="ombruk")
    first = search_entrepreneurs(DirectoryQuery(q="ombruk"))
    last = search_entrepreneurs(DirectoryQuery(q="ombruk", page=2))
    assert (first.count, first.pages, len(first.profiles), len(last.profiles)) == (25, 2, 20, 5)
