"""Organisations and who belongs to them.

An organisation is either a public body (a kommune, a fylkeskommune or a state agency such as NAV)
or a social entrepreneur. People belong to organisations through memberships with a role; an
organisation's admins invite new members by e-mail.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veier.organisations import orgnr
from veier.reference.models import Fylke, Kommune

orgnr_format = RegexValidator(r"^\d{9}$", _("An organisation number has exactly nine digits."))


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        SOCIAL_ENTREPRENEUR = "social_entrepreneur", _("Social entrepreneur")

    class PublicBodyType(models.TextChoices):
        KOMMUNE = "kommune", _("Municipality (kommune)")
        FYLKESKOMMUNE = "fylkeskommune", _("County authority (fylkeskommune)")
        STATE_AGENCY = "state_agency", _("State agency")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    public_body_type = models.CharField(
        _("type of public body"), max_length=32, choices=PublicBodyType.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    orgnr = models.CharField(
        _("organisation number"), max_length=9, blank=True, validators=[orgnr_format], db_index=True
    )
    kommune = models.ForeignKey(
        Kommune, verbose_name=_("kommune"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisations",
    )
    fylke = models.ForeignKey(
        Fylke, verbose_name=_("fylke"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisations",
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["orgnr"], condition=~models.Q(orgnr=""), name="organisation_unique_orgnr"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind="public_body", public_body_type__in=["kommune", "fylkeskommune", "state_agency"]
                )
                | models.Q(kind="social_entrepreneur", public_body_type=""),
                name="organisation_public_body_type_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_public_body(self) -> bool:
        return self.kind == self.Kind.PUBLIC_BODY

    @property
    def orgnr_display(self) -> str:
        """The organisation number as Norwegians write it: 974 760 673."""
        return orgnr.display(self.orgnr)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Administrator")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        age = timezone.now() - self.created_at
        return age.days >= settings.INVITATION_MAX_AGE_DAYS
