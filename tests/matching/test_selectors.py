"""Matching entrepreneurs through the selectors: ranking, privacy, stored vectors and reasons in words."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from veier.directory.services import save_profile
from veier.matching import selectors, services
from veier.matching.engine import HashingEmbedder
from veier.matching.models import ProfileVector
from veier.matching.selectors import match_entrepreneurs, rank_texts, reason_text

pytestmark = pytest.mark.django_db

NEED = "Mange eldre sitter alene hjemme og ønsker besøk og noen å drikke kaffe med."


def names(matches):
    return [m.name for m in matches]


def test_the_entrepreneur_whose_text_fits_the_need_comes_first(directory):
    matches = match_entrepreneurs(NEED)
    assert names(matches)[0] == "Besøksvenn AS"
    assert len(matches) == 3 and matches[0].score > matches[1].score >= matches[2].score
    assert 0 <= matches[-1].score <= matches[0].score <= 1


def test_codes_and_kommune_add_reasons_and_move_a_local_entrepreneur_up(besoksvenn, trondheim_visits):
    matches = match_entrepreneurs(NEED, kommune="5001", service_areas=["loneliness"], target_groups=["elderly"])
    assert names(matches) == ["Nabovenn Trondheim SA", "Besøksvenn AS"]
    assert matches[0].reasons[:3] == [("service_area", "loneliness"), ("target_group", "elderly"),
                                      ("place_kommune", "5001")]
    assert matches[1].reasons[2] == ("place_fylke", "50")
    assert matches[0].reasons[-1][0] == "phrase"


def test_limit_caps_the_list(directory):
    assert len(match_entrepreneurs(NEED, limit=2)) == 2


def test_hidden_profiles_are_never_matched_even_by_an_index_already_loaded(directory):
    besoksvenn = directory["besoksvenn"]
    assert names(match_entrepreneurs(NEED))[0] == "Besøksvenn AS"
    save_profile(besoksvenn, is_public=False)
    assert "Besøksvenn AS" not in names(match_entrepreneurs(NEED))
    ProfileVector.objects.filter(profile=besoksvenn).update(facts={})  # even with no change the index would see
    assert "Besøksvenn AS" not in names(match_entrepreneurs(NEED))


def test_an_unknown_kommune_is_refused(directory):
    with pytest.raises(ValueError, match="9999"):
        match_entrepreneurs(NEED, kommune="9999")


def test_each_saved_profile_has_a_vector_with_its_sentences_and_facts(besoksvenn):
    stored = ProfileVector.objects.get(profile=besoksvenn)
    assert stored.embedder == "hashing-v1"
    assert len(bytes(stored.vector)) == 384 * 4
    assert stored.sentences == ["Besøksvenner mot ensomhet", "Frivillige besøksvenner kommer hjem til eldre som "
                                "sitter alene", "Vi drikker kaffe og går tur"]
    assert len(bytes(stored.sentence_vectors)) == 3 * 384 * 4
    assert stored.facts == {"service_areas": ["elderly-care", "loneliness"], "target_groups": ["elderly"],
                            "kommuner": [], "fylker": ["50"], "nationwide": False}


def test_a_changed_text_is_embedded_again_and_the_next_match_sees_it(directory):
    ombruk = directory["ombruk"]
    before = ProfileVector.objects.get(profile=ombruk).text_hash
    save_profile(ombruk, description="Besøksvenner kommer hjem til eldre som sitter alene og ønsker kaffe.")
    assert ProfileVector.objects.get(profile=ombruk).text_hash != before
    assert names(match_entrepreneurs(NEED))[0] == "Ombruksverkstedet SA"


def test_an_unchanged_text_is_not_embedded_again(besoksvenn, monkeypatch):
    calls = []
    monkeypatch.setattr(HashingEmbedder, "embed_passages", lambda self, texts: calls.append(texts))
    assert services.refresh_vector(besoksvenn) is False
    save_profile(besoksvenn, contact_phone="12345678")
    assert calls == []


def test_changed_places_are_stored_without_embedding_and_change_the_ranking(besoksvenn, trondheim_visits):
    assert services.refresh_vector(besoksvenn) is False
    save_profile(besoksvenn, kommuner=["5001"], fylker=[])
    assert ProfileVector.objects.get(profile=besoksvenn).facts["kommuner"] == ["5001"]
    [first, second] = match_entrepreneurs(NEED, kommune="5001")
    assert ("place_kommune", "5001") in first.reasons and ("place_kommune", "5001") in second.reasons


def test_the_index_is_reused_until_a_vector_changes(directory):
    embedder = selectors.current_embedder()
    first = selectors.profile_index(embedder)
    assert selectors.profile_index(embedder) is first
    save_profile(directory["ombruk"], summary="Ny tekst om sykler")
    assert selectors.profile_index(embedder) is not first


def test_the_embed_profiles_command_embeds_what_is_missing_and_skips_the_rest(directory, capsys):
    ProfileVector.objects.filter(profile=directory["ombruk"]).delete()
    call_command("embed_profiles")
    assert "hashing-v1: 1 profiles embedded, 2 unchanged." in capsys.readouterr().out
    call_command("embed_profiles", "--force")
    assert "3 profiles embedded, 0 unchanged" in capsys.readouterr().out


def test_vectors_of_another_embedder_are_not_compared(directory):
    ProfileVector.objects.filter(profile=directory["besoksvenn"]).update(embedder="some-other-model")
    assert "Besøksvenn AS" not in names(match_entrepreneurs(NEED))


def test_an_unknown_embedder_setting_is_a_clear_error():
    with override_settings(VEIER_EMBEDDER="word2vec"), pytest.raises(ValueError, match="VEIER_EMBEDDER"):
        selectors.current_embedder()


def test_reasons_read_as_words_in_the_active_language(db):
    reasons = [("service_area", "elderly-care"), ("target_group", "elderly"), ("place_kommune", "4601"),
               ("place_fylke", "50"), ("place_country",), ("phrase", "besøksvenner for eldre")]
    with translation.override("en"):
        assert [reason_text(r) for r in reasons] == [
            "service area: elderly care", "target group: older people", "works in Bergen", "works in Trøndelag",
            "works in the whole country", "“besøksvenner for eldre”"]
    with translation.override("nn"):
        assert reason_text(("service_area", "housing")).endswith("bustad")


def test_rank_texts_ranks_challenges_for_an_entrepreneur(besoksvenn):
    challenges = [
        (1, "Skolen trenger leksehjelp i matematikk.", ["education"], ["children"], ["5001"]),
        (2, "Eldre i Bergen sitter alene og trenger besøk.", ["loneliness"], ["elderly"], ["4601"]),
        (3, "Eldre i Trondheim sitter alene og trenger besøk.", ["loneliness"], ["elderly"], ["5001"]),
    ]
    ranked = rank_texts(services.profile_text(besoksvenn), challenges, service_areas=["loneliness", "elderly-care"],
                        target_groups=["elderly"], coverage=selectors.coverage_of(besoksvenn), limit=2)
    assert [r.key for r in ranked] == [3, 2]
    assert ("place_fylke", "50") in ranked[0].reasons and ("place_fylke", "50") not in ranked[1].reasons
    assert ranked[0].reasons[-1][0] == "phrase"


def test_the_same_need_is_embedded_once(directory, monkeypatch):
    calls = []
    original = HashingEmbedder.embed_query
    monkeypatch.setattr(HashingEmbedder, "embed_query", lambda self, text: calls.append(text) or original(self, text))
    match_entrepreneurs(NEED)
    match_entrepreneurs(NEED, kommune="5001")
    assert calls == [NEED]
