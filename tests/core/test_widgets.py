"""FastSelect renders the same markup as Django's Select, only faster."""

import pytest
from django import forms
from django.test.html import parse_html

from veier.core.widgets import FastSelect

CHOICES = [("", "Alle"), ("5001", "Trondheim & Co"), ("0301", 'Oslo "sentrum"'),
           ("Vestland", [("4601", "Bergen"), ("4640", "Sogndal")])]
ATTRS = {"id": "id_kommune", "class": "ds-input", "aria-describedby": "id_kommune_help", "aria-invalid": "true"}


@pytest.mark.parametrize("value", ["", "5001", "4640", None, "unknown"])
def test_the_markup_equals_djangos_select(value):
    expected = forms.Select(choices=CHOICES).render("kommune", value, ATTRS)
    actual = FastSelect(choices=CHOICES).render("kommune", value, ATTRS)
    assert parse_html(actual) == parse_html(expected)


def test_labels_and_values_are_escaped():
    html = FastSelect(choices=[("<x>", "<script>alert(1)</script>")]).render("k", None)
    assert "<script>" not in html
    assert 'value="&lt;x&gt;"' in html
