from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from veier.challenges.models import Challenge, Pitch
from veier.reference.models import Kommune, ServiceArea, TargetGroup


class ChallengeForm(forms.ModelForm):
    service_areas = forms.ModelMultipleChoiceField(
        label=_("Service areas"), queryset=ServiceArea.objects.all(), widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"), queryset=TargetGroup.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kommuner = forms.ModelMultipleChoiceField(
        label=_("Kommuner"), queryset=Kommune.objects.order_by("name"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}), help_text=_("Where the need is."),
    )

    class Meta:
        model = Challenge
        fields = ["title", "need", "who_it_concerns", "service_areas", "target_groups", "kommuner",
                  "desired_outcomes", "budget_min_nok", "budget_max_nok", "timeline", "contact_name",
                  "contact_email", "interest_deadline", "visibility"]
        labels = {
            "title": _("Title"), "need": _("The need"), "who_it_concerns": _("Who it concerns"),
            "desired_outcomes": _("Desired outcomes"), "budget_min_nok": _("Budget from (NOK)"),
            "budget_max_nok": _("Budget up to (NOK)"), "timeline": _("Timeline"),
            "contact_name": _("Contact person"), "contact_email": _("Contact e-mail"),
            "interest_deadline": _("Deadline for interest"), "visibility": _("Visibility"),
        }
        help_texts = {
            "need": _("What is the problem, and what do you know about it?"),
            "visibility": _("A draft is seen only by your organisation."),
        }
        widgets = {
            "need": forms.Textarea(attrs={"rows": 6}), "who_it_concerns": forms.Textarea(attrs={"rows": 3}),
            "desired_outcomes": forms.Textarea(attrs={"rows": 3}),
            "interest_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "visibility": forms.RadioSelect,
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("budget_min_nok"), cleaned.get("budget_max_nok")
        if low is not None and high is not None and high < low:
            self.add_error("budget_max_nok", _("The upper budget must be at least the lower one."))
        return cleaned


class PitchForm(forms.ModelForm):
    """The booklet's advice in form fields: be concrete about problem, target group, solution and ask."""

    class Meta:
        model = Pitch
        fields = ["title", "service_area", "problem", "target_group", "solution", "evidence", "cost", "ask"]
        labels = {
            "title": _("Title of your idea"), "service_area": _("Service area"), "problem": _("The problem"),
            "target_group": _("The target group"), "solution": _("Your solution"),
            "evidence": _("Evidence so far"), "cost": _("Cost"), "ask": _("What you ask of the public body"),
        }
        help_texts = {
            "problem": _("Which problem does the public body have that you can help with?"),
            "target_group": _("Who benefits, and how many?"),
            "solution": _("What will you do, concretely?"),
            "evidence": _("Results, reports or experience that show it works."),
            "cost": _("What does it cost, and for what period?"),
            "ask": _("For example a meeting, a pilot, premises or a contact person."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in
                   ("problem", "target_group", "solution", "evidence", "cost", "ask")}


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class PitchStateForm(forms.Form):
    state = forms.ChoiceField(label=_("Move the pitch to"), choices=[
        (Pitch.State.DIALOGUE, Pitch.State.DIALOGUE.label),
        (Pitch.State.DECLINED, Pitch.State.DECLINED.label),
        (Pitch.State.COLLABORATION, Pitch.State.COLLABORATION.label),
    ])
    reason = forms.CharField(label=_("Reason (shown to the entrepreneur when declining)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
