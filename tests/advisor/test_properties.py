"""Properties that hold for every input the API accepts (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from veier.advisor.engine import BUYERS, FORM_CODES, LANGS, NOVELTIES, SUBJECTS, assess
from veier.advisor.rulebook import load_rulebook

BOOK = load_rulebook()
COVERAGE_FROM = BOOK.meta.coverage_from

days = st.dates(min_value=COVERAGE_FROM, max_value=date(2027, 12, 31))
# Values cluster around the thresholds so the edges are exercised, not only random millions.
edges = sorted({t.value for t in BOOK.thresholds})
near_edges = st.sampled_from(edges).flatmap(
    lambda edge: st.integers(min_value=-2, max_value=2).map(lambda d: max(Decimal(0), edge + d))
)
values = st.one_of(
    near_edges,
    st.decimals(min_value=0, max_value=200_000_000, places=2, allow_nan=False, allow_infinity=False),
)
tri = st.sampled_from([True, False, None])
inputs = st.fixed_dictionaries(
    {
        "buyer": st.sampled_from(BUYERS),
        "decision_date": days,
        "value_nok": values,
        "subject": st.sampled_from(SUBJECTS),
        "novelty": st.sampled_from(NOVELTIES),
        "mutual_obligation": st.booleans(),
        "supplier": st.fixed_dictionaries({"nonprofit": tri, "work_integration": tri}),
        "outcome_based": tri,
    }
)


def rank(**kwargs) -> int:
    assessment = assess(**kwargs)
    return BOOK.regimes[assessment.regime.code].rank


@settings(max_examples=300, deadline=None)
@given(
    buyer=st.sampled_from(BUYERS),
    subject=st.sampled_from(SUBJECTS),
    day=days,
    low=values,
    high=values,
)
def test_a_higher_value_never_gives_a_lighter_regime(buyer, subject, day, low, high) -> None:
    low, high = sorted((low, high))
    common = {
        "buyer": buyer,
        "subject": subject,
        "decision_date": day,
        "novelty": "existing",
        "mutual_obligation": True,
    }
    assert rank(value_nok=low, **common) <= rank(value_nok=high, **common)


@settings(max_examples=200, deadline=None)
@given(kwargs=inputs)
def test_every_answer_has_all_sixteen_forms_exactly_once(kwargs) -> None:
    answer = assess(**kwargs).to_dict("nb")
    codes = [form["code"] for form in answer["forms"]]
    assert sorted(codes) == sorted(FORM_CODES)
    assert len(codes) == len(set(codes)) == 16
    assert all(form["fit"] in ("recommended", "possible", "not_allowed") for form in answer["forms"])


@settings(max_examples=200, deadline=None)
@given(kwargs=inputs)
def test_every_rule_id_in_an_answer_exists_in_the_data_with_a_source(kwargs) -> None:
    assessment = assess(**kwargs)
    for rule_id in assessment.rule_ids():
        record = BOOK.index[rule_id]
        assert record.source.startswith(("http://", "https://")), rule_id
        assert record.verification in ("verified", "unverified", "proposed"), rule_id


@settings(max_examples=100, deadline=None)
@given(kwargs=inputs, lang=st.sampled_from(LANGS))
def test_answers_are_deterministic(kwargs, lang) -> None:
    assert assess(**kwargs).to_dict(lang) == assess(**kwargs).to_dict(lang)


@settings(max_examples=100, deadline=None)
@given(kwargs=inputs)
def test_every_text_renders_in_every_language(kwargs) -> None:
    assessment = assess(**kwargs)
    for lang in LANGS:
        answer = assessment.to_dict(lang)
        texts = [r["text"] for f in answer["forms"] for r in f["reasons"]] + [
            w["text"] for w in answer["warnings"]
        ]
        assert all(text and "{" not in text for text in texts)


@settings(max_examples=100, deadline=None)
@given(kwargs=inputs)
def test_thresholds_reported_are_in_force_on_the_decision_date(kwargs) -> None:
    answer = assess(**kwargs).to_dict("en")
    day = kwargs["decision_date"]
    for threshold in answer["regime"]["thresholds"].values():
        assert date.fromisoformat(threshold["valid_from"]) <= day
        if threshold["valid_to"]:
            assert day <= date.fromisoformat(threshold["valid_to"])


@settings(max_examples=100, deadline=None)
@given(kwargs=inputs)
def test_without_mutual_obligation_no_procurement_form_is_recommended_except_cooperation(kwargs) -> None:
    kwargs = {**kwargs, "mutual_obligation": False}
    recommended = {f.code for f in assess(**kwargs).forms if f.fit == "recommended"}
    assert recommended <= {"grant", "exploratory_agreement", "rnd_cooperation"}


@settings(max_examples=50, deadline=None)
@given(day=days)
def test_the_day_after_any_day_is_also_covered(day) -> None:
    later = day + timedelta(days=1)
    assert (
        assess(
            buyer="state",
            decision_date=later,
            value_nok=1,
            subject="goods",
            novelty="existing",
            mutual_obligation=True,
        ).regime.code
        == "outside"
    )
