"""The directory: social entrepreneurs' public profiles and public bodies' front doors.

A profile belongs to a social-entrepreneur organisation and says what it does, for whom and
where. A front door belongs to a public body and says, per service area, whom to contact and
how to pitch an idea.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.organisations.models import Organisation
from veier.reference.models import Fylke, Kommune, ServiceArea, TargetGroup


class EntrepreneurProfile(models.Model):
    organisation = models.OneToOneField(
        Organisation, primary_key=True, on_delete=models.CASCADE, related_name="profile",
        limit_choices_to={"kind": Organisation.Kind.SOCIAL_ENTREPRENEUR},
    )
    organisation_form = models.CharField(_("organisation form"), max_length=8, blank=True)
    summary = models.CharField(_("short description"), max_length=300, blank=True)
    service_areas = models.ManyToManyField(ServiceArea, verbose_name=_("service areas"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    kommuner = models.ManyToManyField(
        Kommune, verbose_name=_("kommuner served"), blank=True, related_name="entrepreneurs_serving"
    )
    fylker = models.ManyToManyField(
        Fylke, verbose_name=_("fylker served"), blank=True, related_name="entrepreneurs_serving"
    )
    # Kept by services.save_profile: true when neither kommuner nor fylker are chosen.
    nationwide = models.BooleanField(_("serves the whole country"), default=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    evidence = models.TextField(_("evidence of effect"), blank=True)
    evidence_links = models.JSONField(_("links to reports"), default=list, blank=True)
    references = models.ManyToManyField(
        Kommune, verbose_name=_("kommuner worked with"), blank=True, related_name="entrepreneur_references"
    )
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    is_public = models.BooleanField(_("public profile"), default=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("entrepreneur profile")
        verbose_name_plural = _("entrepreneur profiles")

    def __str__(self) -> str:
        return self.organisation.name


class ProfileChange(models.Model):
    """One saved edit of a profile: who, when, and each changed field's old and new value."""

    profile = models.ForeignKey(EntrepreneurProfile, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField()

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")


class SearchEntry(models.Model):
    """The searchable text of a profile, kept in step with it by the services.

    `text` is the folded plain text (PostgreSQL indexes it with the `norwegian` configuration);
    `stems` is the same text stemmed in Python for SQLite's FTS5 table; `name` is the folded
    organisation name, matched fuzzily so that typos in names are forgiven.
    """

    profile = models.OneToOneField(EntrepreneurProfile, primary_key=True, on_delete=models.CASCADE,
                                   related_name="search_entry")
    text = models.TextField()
    stems = models.TextField()
    name = models.CharField(max_length=200)


class FrontDoor(models.Model):
    """Whom to contact at a public body about a service area, and how to pitch an idea."""

    class DecisionLevel(models.TextChoices):
        POLITICAL = "political", _("Political (elected bodies)")
        ADMINISTRATIVE = "administrative", _("Administrative (management)")
        UNIT = "unit", _("Unit level (services)")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="front_doors",
        limit_choices_to={"kind": Organisation.Kind.PUBLIC_BODY},
    )
    service_area = models.ForeignKey(
        ServiceArea, verbose_name=_("service area"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Leave empty for a general entrance for all areas."),
    )
    unit_name = models.CharField(_("unit"), max_length=200)
    contact_role = models.CharField(_("role"), max_length=200)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    decides_on = models.CharField(_("decides at"), max_length=20, choices=DecisionLevel.choices)
    how_to_pitch = models.TextField(_("how and when to pitch an idea"), blank=True)
    budget_cycle = models.TextField(_("budget cycle"), blank=True)
    open_meetings = models.TextField(_("meetings open to the public"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["service_area__position", "unit_name"]
        verbose_name = _("front door")
        verbose_name_plural = _("front doors")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.unit_name}"
