"""The rule data files: completeness, sources, periods, languages, and that the validator bites."""

from __future__ import annotations

import ast
import copy
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from veier.advisor.rulebook import (
    FORM_CODES,
    LANGS,
    RulebookError,
    load_rulebook,
    parse_rulebook,
    read_data_files,
)

COVERAGE_FROM = date(2017, 1, 1)
URL = re.compile(r"^https?://\S+$")
ADVISOR_DIR = Path(resources.files("veier.advisor"))  # type: ignore[arg-type]


@pytest.fixture
def raw() -> dict[str, Any]:
    """A fresh, mutable copy of the parsed TOML files."""
    return copy.deepcopy(read_data_files())


def rows_by_key(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["key"], []).append(row)
    return {key: sorted(group, key=lambda r: r["valid_from"]) for key, group in grouped.items()}


# --------------------------------------------------------------------------- thresholds


def test_every_threshold_row_has_id_value_validity_source_and_verification(raw: dict[str, Any]) -> None:
    for row in [*raw["thresholds"]["threshold"], *raw["state_aid"]["ceiling"]]:
        assert row["id"] and row["key"], row
        assert isinstance(row.get("value_nok", row.get("value_eur")), int), row["id"]
        assert isinstance(row["valid_from"], date), row["id"]
        assert URL.match(row["source"]), row["id"]
        assert row["verification"] in ("verified", "unverified"), row["id"]


@pytest.mark.parametrize("file, table", [("thresholds", "threshold"), ("state_aid", "ceiling")])
def test_periods_of_one_threshold_tile_time_from_2017_without_gaps_or_overlaps(
    raw: dict[str, Any], file: str, table: str
) -> None:
    for key, rows in rows_by_key(raw[file][table]).items():
        assert rows[0]["valid_from"] == COVERAGE_FROM, key
        for before, after in zip(rows, rows[1:], strict=False):
            assert (after["valid_from"] - before["valid_to"]).days == 1, (key, before["id"], after["id"])
        assert "valid_to" not in rows[-1], f"{key}: the latest period must be open-ended"


def test_the_thresholds_the_brief_requires_are_all_present() -> None:
    keys = {t.key for t in load_rulebook().thresholds}
    assert keys >= {"lower_limit", "national", "eea_state", "eea_other", "eea_works", "eea_health_social"}
    assert {c.key for c in load_rulebook().ceilings} >= {"de_minimis"}


def test_rule_periods_of_one_family_do_not_overlap(raw: dict[str, Any]) -> None:
    for key, rows in rows_by_key(raw["rules"]["rule"]).items():
        for before, after in zip(rows, rows[1:], strict=False):
            assert before.get("valid_to") and before["valid_to"] < after["valid_from"], key


def test_numbers_in_rule_texts_come_from_parameters(raw: dict[str, Any]) -> None:
    framework = next(r for r in raw["rules"]["rule"] if r["key"] == "framework_max_duration")
    assert framework["params"]["framework_max_years"] == 4
    assert "{framework_max_years}" in framework["summary"]["en"]


# --------------------------------------------------------------------------- texts


def walk_texts(node: Any, path: str = ""):
    """Yield (path, table) for every table that holds texts keyed by language."""
    if isinstance(node, dict):
        if set(node) & set(LANGS):
            yield path, node
        for key, value in node.items():
            yield from walk_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk_texts(value, f"{path}[{i}]")


def test_every_text_exists_in_bokmal_nynorsk_and_english(raw: dict[str, Any]) -> None:
    found = 0
    for path, table in walk_texts(raw):
        found += 1
        assert set(table) == set(LANGS), path
        for lang in LANGS:
            value = table[lang]
            assert value, f"{path}.{lang} is empty"
            if isinstance(value, list):
                assert len(value) == len(table["nb"]), f"{path}.{lang} differs in length from nb"
    assert found > 200  # forms, myths, rules, thresholds, notices and warnings all carry texts


def test_nynorsk_is_not_a_copy_of_bokmal_in_long_texts(raw: dict[str, Any]) -> None:
    copies = [
        path
        for path, table in walk_texts(raw)
        if isinstance(table["nb"], str) and len(table["nb"]) > 60 and table["nb"] == table["nn"]
    ]
    assert len(copies) <= 3, copies  # a few legal phrases are identical in both written forms


# --------------------------------------------------------------------------- forms and myths


def test_there_are_exactly_the_sixteen_forms_with_steps_and_documents() -> None:
    forms = load_rulebook().forms
    assert sorted(f.code for f in forms) == sorted(FORM_CODES)
    for form in forms:
        assert form.steps.en and form.documents.en, form.code
        assert form.legal_basis, form.code
        assert URL.match(form.source), form.code


def test_at_least_twelve_myths_each_with_title_correction_source_and_conditions(raw: dict[str, Any]) -> None:
    myths = raw["myths"]["myth"]
    assert len(myths) >= 12
    assert len({m["id"] for m in myths}) == len(myths)
    for myth in myths:
        assert set(myth["title"]) == set(LANGS) and set(myth["correction"]) == set(LANGS), myth["id"]
        assert URL.match(myth["source"]), myth["id"]
        assert myth["tags"], myth["id"]


def test_proposals_are_only_ever_notices_never_thresholds(raw: dict[str, Any]) -> None:
    assert all(r["verification"] != "proposed" for r in raw["thresholds"]["threshold"])
    proposals = [n for n in raw["law_changes"]["notice"] if n["kind"] == "proposal"]
    assert proposals and all(n["verification"] == "proposed" for n in proposals)


# --------------------------------------------------------------------------- validator


def expect_problem(raw: dict[str, Any], fragment: str) -> None:
    with pytest.raises(RulebookError) as raised:
        parse_rulebook(raw)
    assert any(fragment in problem for problem in raised.value.problems), raised.value.problems


def test_shipped_data_is_valid() -> None:
    assert load_rulebook().meta.coverage_from == COVERAGE_FROM


def test_validator_rejects_overlapping_periods(raw: dict[str, Any]) -> None:
    row = next(r for r in raw["thresholds"]["threshold"] if r["id"] == "national.2017-01-01")
    row["valid_to"] = date(2018, 4, 6)
    expect_problem(raw, "overlaps")


def test_validator_rejects_a_gap_between_periods(raw: dict[str, Any]) -> None:
    row = next(r for r in raw["thresholds"]["threshold"] if r["id"] == "national.2017-01-01")
    row["valid_to"] = date(2018, 4, 1)
    expect_problem(raw, "gap between")


def test_validator_rejects_a_missing_language(raw: dict[str, Any]) -> None:
    del raw["myths"]["myth"][0]["correction"]["nn"]
    expect_problem(raw, "missing or empty in 'nn'")


def test_validator_rejects_a_source_that_is_not_a_url(raw: dict[str, Any]) -> None:
    raw["thresholds"]["threshold"][0]["source"] = "KS, 2018"
    expect_problem(raw, "source is not a URL")


def test_validator_rejects_an_unknown_placeholder(raw: dict[str, Any]) -> None:
    raw["warnings"]["warning"]["value_estimation"]["en"] = "Value {valeu}"
    expect_problem(raw, "unknown placeholders")


def test_validator_rejects_a_form_without_a_catch_all_clause(raw: dict[str, Any]) -> None:
    form = next(f for f in raw["forms"]["form"] if f["code"] == "grant")
    form["clause"] = form["clause"][:1]
    expect_problem(raw, "must apply always")


def test_validator_rejects_a_proposal_not_marked_as_proposed(raw: dict[str, Any]) -> None:
    notice = next(n for n in raw["law_changes"]["notice"] if n["kind"] == "proposal")
    notice["verification"] = "verified"
    expect_problem(raw, "only proposals")


def test_validator_rejects_bands_that_leave_values_uncovered(raw: dict[str, Any]) -> None:
    raw["regimes"]["band"] = [b for b in raw["regimes"]["band"] if b["id"] != "band.works.part1_2"]
    expect_problem(raw, "do not tile")


def test_validator_rejects_references_to_unknown_rules(raw: dict[str, Any]) -> None:
    raw["forms"]["form"][0]["clause"][0]["refs"] = ["no_such_rule"]
    expect_problem(raw, "unknown reference 'no_such_rule'")


# --------------------------------------------------------------------------- packaging and code


def test_data_files_and_readme_ship_inside_the_package() -> None:
    rules_dir = ADVISOR_DIR / "rules"
    readme = (rules_dir / "README.md").read_text(encoding="utf-8")
    for name in ("thresholds", "state_aid", "rules", "regimes", "forms", "myths", "law_changes", "warnings"):
        assert (rules_dir / f"{name}.toml").is_file()
        assert f"{name}.toml" in readme


@pytest.mark.parametrize("module", ["engine.py", "rulebook.py", "render.py"])
def test_no_legal_number_is_hard_coded_in_python(module: str) -> None:
    """Amounts, percentages and year limits live in the data files; code holds only small constants."""
    tree = ast.parse((ADVISOR_DIR / module).read_text(encoding="utf-8"))
    numbers = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    }
    assert numbers <= {0, 1, 100}, numbers
