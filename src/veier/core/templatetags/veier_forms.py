"""Render Django form fields with Designsystemet markup.

Each field gets a label, its help text and its error message linked to the input with
aria-describedby, and aria-invalid when it has an error, so screen readers announce both.
"""

from __future__ import annotations

from django import template
from django.forms import CheckboxSelectMultiple, RadioSelect

register = template.Library()


@register.inclusion_tag("forms/field.html")
def ds_field(bound_field):
    widget = bound_field.field.widget
    auto_id = bound_field.auto_id
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{auto_id}_help")
    if bound_field.errors:
        described_by.append(f"{auto_id}_error")
    attrs = {"class": "ds-input"}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    choice_widget = isinstance(widget, (RadioSelect, CheckboxSelectMultiple))
    if choice_widget:
        widget.attrs.update(attrs)
    return {
        "field": bound_field,
        "choice_widget": choice_widget,
        "widget_html": None if choice_widget else bound_field.as_widget(attrs=attrs),
        "described_by": " ".join(described_by),
    }


@register.inclusion_tag("forms/error_summary.html")
def ds_error_summary(form):
    return {"form": form}
