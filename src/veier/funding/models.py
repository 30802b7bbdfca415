"""Funding: the catalogue of grant schemes, foundations and social investors, and the de minimis register.

The catalogue is reference data shipped with the package (``data/schemes.toml``) and edited by
platform staff in the admin. The de minimis register holds state aid that public bodies have
given to undertakings, so that the next grant can be checked against the ceiling in force.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from veier.organisations.models import Organisation, orgnr_format
from veier.reference.models import ServiceArea


class Applicant(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("Social entrepreneur")
    VOLUNTARY = "voluntary", _("Voluntary organisation")
    KOMMUNE = "kommune", _("Kommune")
    FYLKESKOMMUNE = "fylkeskommune", _("Fylkeskommune")
    STATE_AGENCY = "state_agency", _("State agency")
    RESEARCH = "research", _("Research institution")


class FundingScheme(models.Model):
    class Kind(models.TextChoices):
        GRANT = "grant", _("Public grant scheme")
        FOUNDATION = "foundation", _("Foundation")
        INVESTMENT = "investment", _("Social investor")
        RESEARCH = "research", _("Research funding")
        LOAN = "loan", _("Loan")

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Lists of Applicant values and Enhetsregisteret form codes; an empty form list means any form.
    applicants = models.JSONField(_("who may apply"), default=list, blank=True)
    organisation_forms = models.JSONField(_("organisation forms"), default=list, blank=True)
    amount_min_nok = models.PositiveIntegerField(_("amount from (NOK)"), null=True, blank=True)
    amount_max_nok = models.PositiveIntegerField(_("amount up to (NOK)"), null=True, blank=True)
    # Yearly deadlines as "MM-DD".
    deadlines = models.JSONField(_("yearly deadlines"), default=list, blank=True)
    rolling = models.BooleanField(_("applications handled as they come in"), default=False)
    service_areas = models.ManyToManyField(ServiceArea, verbose_name=_("service areas"), blank=True,
                                           help_text=_("Leave empty when the scheme is open to every service area."))
    conditions_nb = models.TextField(_("conditions (Norwegian)"))
    conditions_en = models.TextField(_("conditions (English)"))
    url = models.URLField(_("link"), max_length=500)
    source = models.URLField(_("source"), max_length=500)
    last_checked = models.DateField(_("last checked"))
    # Field names we could not confirm against the source on last_checked.
    unverified = models.JSONField(_("unverified fields"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("shown in the catalogue"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("funding scheme")
        verbose_name_plural = _("funding schemes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_max_nok__isnull=True) | models.Q(amount_min_nok__isnull=True)
                | models.Q(amount_max_nok__gte=models.F("amount_min_nok")),
                name="funding_amount_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:detail", kwargs={"slug": self.slug})

    @property
    def conditions(self) -> str:
        """The conditions in the reader's language; nynorsk readers get the bokmål text."""
        return self.conditions_en if (get_language() or "nb").startswith("en") else self.conditions_nb

    def is_unverified(self, name: str) -> bool:
        return name in (self.unverified or [])

    @property
    def amount_unverified(self) -> bool:
        return self.is_unverified("amount")

    @property
    def deadlines_unverified(self) -> bool:
        return self.is_unverified("deadlines")

    def applicant_labels(self) -> list[str]:
        labels = dict(Applicant.choices)
        return [str(labels.get(code, code)) for code in self.applicants]


class DeMinimisGrant(models.Model):
    """One grant of de minimis aid, recorded by the public body that gave it.

    The register is the public body's own record of what it gave; the ceiling check sums the
    grants that every public body on Veier recorded for the same organisation number.
    """

    class Kind(models.TextChoices):
        GENERAL = "general", _("General de minimis aid")
        SGEI = "sgei", _("Services of general economic interest (SGEI)")

    public_body = models.ForeignKey(
        Organisation, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="de_minimis_given",
        limit_choices_to={"kind": Organisation.Kind.PUBLIC_BODY},
    )
    orgnr = models.CharField(_("organisation number of the undertaking"), max_length=9,
                             validators=[orgnr_format], db_index=True)
    recipient_name = models.CharField(_("name of the undertaking"), max_length=200)
    granted_on = models.DateField(_("date granted"))
    amount_nok = models.DecimalField(_("amount (NOK)"), max_digits=14, decimal_places=2)
    eur_rate = models.DecimalField(_("exchange rate (NOK per EUR)"), max_digits=10, decimal_places=4)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    kind = models.CharField(_("kind of aid"), max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("de minimis grant")
        verbose_name_plural = _("de minimis grants")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_nok__gt=0), name="deminimis_amount_positive"),
            models.CheckConstraint(condition=models.Q(eur_rate__gt=0), name="deminimis_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.granted_on}: NOK {self.amount_nok}"

    @property
    def amount_eur(self) -> Decimal:
        return (self.amount_nok / self.eur_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
