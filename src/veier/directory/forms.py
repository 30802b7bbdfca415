from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from veier.core.widgets import FastSelect
from veier.directory.models import FrontDoor
from veier.reference.models import Fylke, Kommune, ServiceArea, TargetGroup

LOGO_MAX_BYTES = 1024 * 1024
# Magic numbers of the image types we accept; SVG is refused since it can carry scripts.
LOGO_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"RIFF": "webp"}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    service_area = forms.ModelChoiceField(
        label=_("Service area"), queryset=ServiceArea.objects.all(), required=False, to_field_name="code",
        empty_label=_("All service areas"), widget=FastSelect,
    )
    target_group = forms.ModelChoiceField(
        label=_("Target group"), queryset=TargetGroup.objects.all(), required=False, to_field_name="code",
        empty_label=_("All target groups"), widget=FastSelect,
    )
    fylke = forms.ModelChoiceField(
        label=_("Fylke served"), queryset=Fylke.objects.all(), required=False, empty_label=_("All fylker"),
        widget=FastSelect,
    )
    kommune = forms.ModelChoiceField(
        label=_("Kommune served"), queryset=Kommune.objects.order_by("name"), required=False,
        empty_label=_("All kommuner"), widget=FastSelect,
    )
    organisation_form = forms.CharField(label=_("Organisation form"), required=False, max_length=8)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(
        label=_("Short description"), max_length=300, required=False,
        help_text=_("One or two sentences shown in search results."),
    )
    description = forms.CharField(label=_("What you do"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    service_areas = forms.ModelMultipleChoiceField(
        label=_("Service areas"), queryset=ServiceArea.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"), queryset=TargetGroup.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fylker = forms.ModelMultipleChoiceField(
        label=_("Fylker you work in"), queryset=Fylke.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose no fylke and no kommune if you work in the whole country."),
    )
    kommuner = forms.ModelMultipleChoiceField(
        label=_("Kommuner you work in"), queryset=Kommune.objects.order_by("name"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    evidence = forms.CharField(
        label=_("Evidence of effect"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What results have you measured, and how?"),
    )
    evidence_links = forms.CharField(
        label=_("Links to reports"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line."),
    )
    references = forms.ModelMultipleChoiceField(
        label=_("Kommuner you have worked with"), queryset=Kommune.objects.order_by("name"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    logo = forms.FileField(label=_("Logo"), required=False, help_text=_("PNG, JPEG or WebP, at most 1 MB."))
    is_public = forms.BooleanField(label=_("Show the profile publicly"), required=False, initial=True)

    def clean_evidence_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                raise forms.ValidationError(_("«%(link)s» is not a web address."), params={"link": link}) from None
        return links

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo:
            return logo
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 1 MB."))
        head = logo.read(12)
        logo.seek(0)
        kind = next((k for sig, k in LOGO_SIGNATURES.items() if head.startswith(sig)), None)
        if kind is None or (kind == "webp" and head[8:12] != b"WEBP"):
            raise forms.ValidationError(_("The logo must be a PNG, JPEG or WebP image."))
        return logo


class FrontDoorForm(forms.ModelForm):
    class Meta:
        model = FrontDoor
        fields = ["service_area", "unit_name", "contact_role", "contact_name", "decides_on", "how_to_pitch",
                  "budget_cycle", "open_meetings", "email", "phone"]
        labels = {
            "service_area": _("Service area"), "unit_name": _("Unit"), "contact_role": _("Role"),
            "contact_name": _("Name"), "decides_on": _("Decides at"),
            "how_to_pitch": _("How and when to pitch an idea"), "budget_cycle": _("Budget cycle"),
            "open_meetings": _("Meetings open to the public"), "email": _("E-mail"), "phone": _("Phone"),
        }
        help_texts = {"service_area": _("Leave empty for a general entrance for all areas.")}
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("how_to_pitch", "budget_cycle",
                                                                        "open_meetings")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].empty_label = _("All service areas")
