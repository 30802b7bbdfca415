"""Norwegian stemming and accent folding, without a database."""

from veier.directory import text


def test_bokmal_and_nynorsk_forms_of_kommune_share_a_stem():
    assert {text.stem(w) for w in ["kommune", "kommunen", "kommunene", "kommunar"]} == {"kommun"}


def test_accents_fold_but_norwegian_letters_stay():
    assert text.fold("Kafé Ærlig Øl på Å") == "kafe ærlig øl på å"


def test_fts5_queries_hold_only_letters_and_digits():
    assert text.fts5_query('eldre "OR" -barn*') == '"eldr"* AND "or"* AND "barn"*'
    assert text.fts5_query("!!! ---") is None
