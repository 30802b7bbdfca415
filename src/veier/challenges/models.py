"""Challenges posted by public bodies, and pitches from social entrepreneurs.

A challenge is a concrete need in a service area, published by a public body. A pitch is an
entrepreneur's idea, sent either to a challenge or unsolicited to a public body's front door.
A pitch moves sent → read → in dialogue → declined (with a reason) or turned into a
collaboration, and both sides exchange messages on it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.organisations.models import Organisation
from veier.reference.models import Kommune, ServiceArea, TargetGroup


class Challenge(models.Model):
    class Visibility(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    public_body = models.ForeignKey(
        Organisation, verbose_name=_("public body"), on_delete=models.PROTECT, related_name="challenges",
        limit_choices_to={"kind": Organisation.Kind.PUBLIC_BODY},
    )
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the need"), help_text=_("What is the problem, and what do you know about it?"))
    who_it_concerns = models.TextField(_("who it concerns"), blank=True)
    service_areas = models.ManyToManyField(ServiceArea, verbose_name=_("service areas"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    kommuner = models.ManyToManyField(Kommune, verbose_name=_("kommuner"), blank=True)
    desired_outcomes = models.TextField(_("desired outcomes"), blank=True)
    budget_min_nok = models.PositiveIntegerField(_("budget from (NOK)"), null=True, blank=True)
    budget_max_nok = models.PositiveIntegerField(_("budget up to (NOK)"), null=True, blank=True)
    timeline = models.CharField(_("timeline"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.DRAFT)
    interest_deadline = models.DateField(_("deadline for interest"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_max_nok__isnull=True) | models.Q(budget_min_nok__isnull=True)
                | models.Q(budget_max_nok__gte=models.F("budget_min_nok")),
                name="challenge_budget_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        """Open for pitches: published, and the deadline (if any) not passed."""
        if self.visibility != self.Visibility.PUBLISHED:
            return False
        return self.interest_deadline is None or self.interest_deadline >= timezone.localdate()

    def match_text(self) -> str:
        return "\n".join(part for part in [self.title, self.need, self.who_it_concerns, self.desired_outcomes] if part)


class Pitch(models.Model):
    class State(models.TextChoices):
        SENT = "sent", _("Sent")
        READ = "read", _("Read")
        DIALOGUE = "dialogue", _("In dialogue")
        DECLINED = "declined", _("Declined")
        COLLABORATION = "collaboration", _("Turned into a collaboration")

    sender = models.ForeignKey(
        Organisation, verbose_name=_("from"), on_delete=models.PROTECT, related_name="pitches_sent",
        limit_choices_to={"kind": Organisation.Kind.SOCIAL_ENTREPRENEUR},
    )
    public_body = models.ForeignKey(
        Organisation, verbose_name=_("to"), on_delete=models.PROTECT, related_name="pitches_received",
        limit_choices_to={"kind": Organisation.Kind.PUBLIC_BODY},
    )
    challenge = models.ForeignKey(Challenge, null=True, blank=True, on_delete=models.PROTECT, related_name="pitches")
    service_area = models.ForeignKey(ServiceArea, verbose_name=_("service area"), null=True, blank=True,
                                     on_delete=models.PROTECT)
    title = models.CharField(_("title of your idea"), max_length=200)
    problem = models.TextField(_("the problem"))
    target_group = models.TextField(_("the target group"))
    solution = models.TextField(_("your solution"))
    evidence = models.TextField(_("evidence so far"), blank=True)
    cost = models.TextField(_("cost"), blank=True)
    ask = models.TextField(_("what you ask of the public body"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SENT)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    collaboration = models.OneToOneField("collaborations.Collaboration", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="pitch")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:pitch", kwargs={"pk": self.pk})


class PitchEvent(models.Model):
    """A state change or a message on a pitch; together they make its conversation."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="events")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_organisation = models.ForeignKey(Organisation, null=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=20, choices=Pitch.State.choices, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
