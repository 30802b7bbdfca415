"""The matching engine: embedders, the score's components and rules, and the reasons it gives."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veier.matching import engine
from veier.matching.engine import Candidate, Coverage, HashingEmbedder, Index, Place

AREAS = ["elderly-care", "loneliness", "education", "housing", "integration"]
hashing = HashingEmbedder()


def index_of(*coverages, areas=None, groups=None, texts=None):
    n = len(coverages)
    texts = texts or ["eldre ensomhet besøk"] * n
    return Index(list(range(n)), hashing.embed_passages(texts), areas or [[]] * n, groups or [[]] * n, coverages)


def score_for(index, **query):
    [ranked] = index.search(hashing.embed_query("eldre ensomhet"), hashing, limit=1, **query)
    return ranked


# --- The hashing embedder ---------------------------------------------------------------------------------


def test_the_hashing_embedder_gives_the_same_normalised_vector_every_time():
    first = HashingEmbedder().embed_passages(["Besøksvenner for eldre"])[0]
    again = HashingEmbedder().embed_query("Besøksvenner for eldre")
    assert first.dtype == np.float32 and first.shape == (384,)
    assert np.array_equal(first, again)
    assert np.linalg.norm(first) == pytest.approx(1.0, abs=1e-6)


def test_a_text_without_words_embeds_as_the_zero_vector_rather_than_nan():
    assert not hashing.embed_query("  ?! ").any()


def test_bokmal_and_nynorsk_forms_of_a_word_are_closer_than_an_unrelated_text():
    bokmal = hashing.embed_query("kommunene og ungdommen")
    nynorsk, unrelated = hashing.embed_passages(["kommunar og ungdomar", "sykkelverksted med ombruk"])
    assert bokmal @ nynorsk > bokmal @ unrelated + 0.3


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200))
def test_any_text_embeds_to_a_unit_or_zero_vector(text):
    vector = hashing.embed_query(text)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5) or not vector.any()


def test_both_embedders_satisfy_the_embedder_protocol():
    assert isinstance(hashing, engine.Embedder)
    assert isinstance(engine.E5Embedder(), engine.Embedder)  # not loaded until it embeds


# --- The score --------------------------------------------------------------------------------------------


def test_the_score_is_the_weighted_mean_of_the_components_that_apply():
    weights = engine.WEIGHTS
    scores = engine.combine(np.array([0.5]), np.array([1.0]), None, np.array([0.0]))
    expected = (0.5 * weights["semantic"] + weights["service_areas"]) / (
        weights["semantic"] + weights["service_areas"] + weights["geography"])
    assert scores[0] == pytest.approx(expected)


def test_a_component_with_nothing_to_compare_is_neutral_not_zero():
    assert engine.combine(np.array([0.8]))[0] == pytest.approx(0.8)
    assert engine.combine(np.array([0.8]), np.array([np.nan]))[0] == pytest.approx(0.8)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1) | st.none(), min_size=4, max_size=4))
def test_the_score_always_lies_between_0_and_1(parts):
    semantic, *others = parts
    arrays = [None if value is None else np.array([value]) for value in others]
    score = engine.combine(np.array([semantic or 0.0]), *arrays)[0]
    assert 0.0 <= score <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from(AREAS), min_size=1), st.sets(st.sampled_from(AREAS)), st.sampled_from(AREAS))
def test_covering_one_more_requested_service_area_never_lowers_the_score(wanted, has, extra):
    index = index_of(Coverage(), Coverage(), areas=[has, has | {extra}])
    query = hashing.embed_query("eldre ensomhet")
    scores = {r.key: r.score for r in index.search(query, hashing, service_areas=sorted(wanted), limit=2)}
    assert scores[1] >= scores[0]


def test_sharing_more_target_groups_scores_higher():
    index = index_of(Coverage(), Coverage(), groups=[["elderly"], ["elderly", "relatives"]])
    ranked = index.search(hashing.embed_query("eldre"), hashing, target_groups=["elderly", "relatives"])
    assert [r.key for r in ranked] == [1, 0]


def test_semantic_similarity_ranks_the_closer_text_first():
    index = index_of(Coverage(), Coverage(), texts=["leksehjelp i matematikk for barn", "besøksvenn for eldre"])
    assert [r.key for r in index.search(hashing.embed_query("besøk hos eldre"), hashing)] == [1, 0]


# --- Geography --------------------------------------------------------------------------------------------

TRONDHEIM = Place(fylke="50", kommune="5001")


def test_serving_the_kommune_beats_its_fylke_which_beats_the_country_which_beats_elsewhere():
    index = index_of(Coverage(kommuner=frozenset({"4601"})), Coverage(nationwide=True),
                     Coverage(fylker=frozenset({"50"})), Coverage(kommuner=frozenset({"5001"})))
    ranked = index.search(hashing.embed_query("eldre ensomhet"), hashing, place=TRONDHEIM)
    assert [r.key for r in ranked] == [3, 2, 1, 0]
    assert [r.components["geography"] for r in ranked] == [1.0, 0.85, 0.7, 0.0]


def test_without_a_kommune_geography_is_neutral():
    index = index_of(Coverage(kommuner=frozenset({"4601"})), Coverage(kommuner=frozenset({"5001"})))
    ranked = index.search(hashing.embed_query("eldre ensomhet"), hashing)
    assert ranked[0].score == ranked[1].score
    assert ranked[0].components["geography"] is None
    assert not any(reason[0].startswith("place") for r in ranked for reason in r.reasons)


def test_geography_takes_the_best_of_several_places():
    coverage = Coverage(fylker=frozenset({"46"}))
    assert engine.geography(coverage, [TRONDHEIM, Place(fylke="46", kommune="4601")]) == (0.85, ("place_fylke", "46"))
    assert engine.geography(coverage, []) == (None, None)
    assert engine.geography(Coverage(nationwide=True), [Place(fylke="50")]) == (0.7, ("place_country",))


# --- Reasons ----------------------------------------------------------------------------------------------


def test_reasons_name_the_shared_codes_in_the_order_asked_and_how_the_place_is_served():
    index = index_of(Coverage(fylker=frozenset({"50"})), areas=[["elderly-care", "loneliness"]],
                     groups=[["elderly", "relatives"]])
    ranked = score_for(index, service_areas=["loneliness", "housing", "elderly-care"], target_groups=["elderly"],
                       place=TRONDHEIM)
    assert ranked.reasons == [("service_area", "loneliness"), ("service_area", "elderly-care"),
                              ("target_group", "elderly"), ("place_fylke", "50")]


def test_not_serving_the_place_gives_no_place_reason():
    ranked = score_for(index_of(Coverage(kommuner=frozenset({"4601"}))), place=TRONDHEIM)
    assert ranked.reasons == []


def test_the_matching_phrase_is_the_candidate_sentence_closest_to_the_need():
    found = engine.sentences("Vi driver et verksted. Besøksvenner for eldre som sitter alene! Ok.\nLeksehjelp for barn")
    assert found == ["Vi driver et verksted", "Besøksvenner for eldre som sitter alene", "Leksehjelp for barn"]
    query = hashing.embed_query("besøk til eldre som er alene")
    assert engine.best_phrase(query, found, hashing.embed_passages(found), hashing) == found[1]


def test_no_phrase_is_named_when_no_sentence_is_similar_enough():
    found = ["Reparasjon av sykler i verkstedet"]
    query = hashing.embed_query("leksehjelp i matematikk")
    assert engine.best_phrase(query, found, hashing.embed_passages(found), hashing) is None


def test_a_long_sentence_is_shortened_at_a_word_for_display():
    [sentence] = engine.sentences("ord " * 100)
    assert sentence.endswith("…") and len(sentence) <= engine.PHRASE_MAX_CHARS + 1


# --- Ranking located candidates (challenges, front doors) --------------------------------------------------


def test_rank_orders_located_candidates_for_an_entrepreneur_with_reasons():
    candidates = [
        Candidate("bergen", "Eldre i Bergen sitter alene og trenger besøk.", frozenset({"loneliness"}),
                  places=(Place(fylke="46", kommune="4601"),)),
        Candidate("trondheim", "Eldre i Trondheim sitter alene og trenger besøk.", frozenset({"loneliness"}),
                  places=(TRONDHEIM,)),
        Candidate("skole", "Elever trenger leksehjelp i matematikk.", frozenset({"education"})),
    ]
    ranked = engine.rank("Besøksvenner for eldre som sitter alene", candidates, hashing,
                         service_areas=["loneliness"], coverage=Coverage(fylker=frozenset({"50"})))
    assert [r.key for r in ranked] == ["trondheim", "bergen", "skole"]
    assert ranked[0].reasons[:2] == [("service_area", "loneliness"), ("place_fylke", "50")]
    assert ranked[0].reasons[-1][0] == "phrase"
    assert ranked[2].components["geography"] is None  # no place: neutral


def test_the_e5_embedder_matches_across_languages():
    """The real model (about five seconds): an English need finds the Norwegian text it means."""
    e5 = engine.E5Embedder.shared()
    passages = e5.embed_passages(["Frivillige besøker eldre som er ensomme.", "Leksehjelp i matematikk for barn."])
    query = e5.embed_query("Volunteers visiting lonely older people")
    assert passages.shape == (2, e5.dim) and np.linalg.norm(passages, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)
    assert query @ passages[0] > query @ passages[1]
