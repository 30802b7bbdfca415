from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veier.advisor.selectors import form_titles
from veier.cases.models import SIZE_BANDS
from veier.funding.forms import ServiceAreaChoice
from veier.reference.models import Fylke, ServiceArea


class FylkeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    service_area = ServiceAreaChoice(label=_("Service area"), queryset=ServiceArea.objects.all(), required=False,
                                     to_field_name="code", empty_label=_("All service areas"))
    form = forms.ChoiceField(label=_("Collaboration form"), required=False)
    fylke = FylkeChoice(label=_("Fylke"), queryset=Fylke.objects.all(), required=False, empty_label=_("All fylker"))
    size = forms.ChoiceField(label=_("Kommune size"), required=False,
                             choices=[("", _("All sizes")), *[(code, label) for code, label, _l, _h in SIZE_BANDS]])

    def __init__(self, *args, lang: str = "nb", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", _("All forms")), *form_titles(lang).items()]


class ConsentForm(forms.Form):
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What came out of the collaboration, in a few sentences."))
    lessons = forms.CharField(label=_("Lessons"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("What others should know before they try the same."))
