"""The reference data every other part of Veier depends on is complete and correct."""

import csv
from importlib import resources

import pytest
from django.core.management import call_command

from veier.reference.models import Fylke, Kommune, KommuneNumberChange, ServiceArea, TargetGroup
from veier.reference.selectors import resolve_kommune_number

pytestmark = pytest.mark.django_db


def packaged_csv(name):
    text = resources.files("veier.reference").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_the_2024_structure_has_357_kommuner_in_15_fylker():
    assert Kommune.objects.count() == 357
    assert Fylke.objects.count() == 15
    assert set(Kommune.objects.values_list("fylke_id", flat=True).distinct()) == set(
        Fylke.objects.values_list("number", flat=True)
    )


def test_official_names_keep_sami_and_kven_forms():
    assert Kommune.objects.get(number="5612").name == "Guovdageaidnu - Kautokeino"
    assert Kommune.objects.get(number="5622").name == "Porsanger - Porsángu - Porsanki"
    assert Fylke.objects.get(number="56").official_name == "Finnmark - Finnmárku - Finmarkku"


def test_population_adds_up_to_ssbs_figure_for_1_january_2024():
    assert sum(Kommune.objects.values_list("population", flat=True)) == 5_550_203


def test_a_renumbered_kommune_is_found_by_its_old_number():
    assert [k.number for k in resolve_kommune_number("3001")] == ["3101"]  # Halden


def test_a_split_kommune_leads_to_both_successors():
    assert [k.number for k in resolve_kommune_number("1507")] == ["1508", "1580"]  # Ålesund and Haram


def test_a_current_number_resolves_to_itself_and_an_unknown_to_nothing():
    assert [k.number for k in resolve_kommune_number("301")] == ["0301"]
    assert resolve_kommune_number("9998") == []


def test_all_118_changes_of_2024_are_loaded():
    assert KommuneNumberChange.objects.count() == 118


@pytest.mark.parametrize(
    ("model", "filename"), [(ServiceArea, "service_areas.csv"), (TargetGroup, "target_groups.csv")]
)
def test_codes_are_exactly_the_shared_vocabulary_with_three_languages(model, filename):
    rows = packaged_csv(filename)
    assert list(model.objects.order_by("position").values_list("code", flat=True)) == [r["code"] for r in rows]
    for row in rows:
        item = model.objects.get(code=row["code"])
        assert (item.label_nb, item.label_nn, item.label_en) == (row["nb"], row["nn"], row["en"])


def test_labels_follow_the_active_language():
    from django.utils import translation

    housing = ServiceArea.objects.get(code="housing")
    with translation.override("nn"):
        assert housing.label == "Bustad"
    with translation.override("en"):
        assert housing.label == "Housing"
    with translation.override("nb"):
        assert housing.label == "Bolig"


def test_loading_again_changes_nothing_and_repairs_edits():
    Kommune.objects.filter(number="0301").update(name="Christiania")
    call_command("load_reference", stdout=open("/dev/null", "w"))
    assert Kommune.objects.count() == 357
    assert KommuneNumberChange.objects.count() == 118
    assert Kommune.objects.get(number="0301").name == "Oslo"
