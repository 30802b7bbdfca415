from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veier.organisations import orgnr
from veier.organisations.models import Membership, Organisation
from veier.reference.models import Kommune

ORGNR_MESSAGES = {
    "format": _("An organisation number has exactly nine digits."),
    "checksum": _("This organisation number has a wrong control digit. Check for typos."),
}


def clean_orgnr(value: str) -> str:
    """Normalise an organisation number to nine digits and check its MOD11 control digit."""
    if not value.strip():
        return ""
    try:
        return orgnr.normalise(value)
    except orgnr.OrgnrError as error:
        raise forms.ValidationError(ORGNR_MESSAGES[error.code], code=error.code) from error


class OrganisationForm(forms.ModelForm):
    # Wider than the stored nine digits, so people may type the spaced form «974 760 673».
    orgnr = forms.CharField(
        label=_("Organisation number"), max_length=15, required=False,
        help_text=_("Nine digits, as in the Brønnøysund Register Centre (e.g. 974 760 673)."),
    )
    # A web address typed without a scheme means https (Django 6's default, chosen now).
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    kommune = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Kommune.objects.select_related("fylke").order_by("name"), required=False,
        help_text=_("For a kommune: which one. For others: where the organisation is based."),
    )

    class Meta:
        model = Organisation
        fields = ["kind", "public_body_type", "name", "orgnr", "kommune", "description", "website"]
        labels = {
            "kind": _("This organisation is a"),
            "public_body_type": _("Type of public body"),
            "name": _("Name"),
            "description": _("Description"),
        }
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_body_type"].required = False
        self.fields["orgnr"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_orgnr(self) -> str:
        value = clean_orgnr(self.cleaned_data.get("orgnr", ""))
        if value and Organisation.objects.filter(orgnr=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An organisation with this number is already registered."))
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        body_type = cleaned.get("public_body_type")
        if kind == Organisation.Kind.PUBLIC_BODY and not body_type:
            self.add_error("public_body_type", _("Choose which type of public body this is."))
        if kind == Organisation.Kind.SOCIAL_ENTREPRENEUR:
            cleaned["public_body_type"] = ""
        if body_type == Organisation.PublicBodyType.KOMMUNE and kind == Organisation.Kind.PUBLIC_BODY:
            if not cleaned.get("kommune"):
                self.add_error("kommune", _("Choose the kommune."))
        if kind == Organisation.Kind.SOCIAL_ENTREPRENEUR and "orgnr" not in self.errors:
            self._check_registry(cleaned.get("orgnr", ""))
        kommune = cleaned.get("kommune")
        if kommune:
            cleaned["fylke"] = kommune.fylke
        return cleaned

    def _check_registry(self, number: str) -> None:
        """A social entrepreneur must be a live unit in the Enhetsregisteret, when a copy is loaded."""
        from veier.registry.selectors import verify_orgnr

        if not number:
            self.add_error("orgnr", _("A social entrepreneur needs its organisation number."))
            return
        verdict = verify_orgnr(number)
        if verdict.status in {"unknown", "deleted", "bankrupt", "winding_up"}:
            self.add_error("orgnr", verdict.message)
        self.registry_unit = verdict.unit

    registry_unit = None

    def save_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["fylke"] = self.cleaned_data.get("fylke")
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
