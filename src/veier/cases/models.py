"""The case library: real collaborations between public bodies and social entrepreneurs.

A case comes either from the booklet «Veier til samarbeid» (packaged data, with its chapter) or from
a collaboration on Veier that reached «evaluated» and whose parties all agreed to publish it. Each
party's administrator gives consent for their organisation; the case is published when every party
has consented.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from veier.collaborations.models import Collaboration
from veier.organisations.models import Organisation
from veier.reference.models import Fylke, Kommune, ServiceArea

# Kommune size bands by population (inhabitants), used to filter cases.
SIZE_BANDS = (
    ("small", _("Under 5 000 inhabitants"), 0, 5_000),
    ("medium", _("5 000 – 19 999 inhabitants"), 5_000, 20_000),
    ("large", _("20 000 – 49 999 inhabitants"), 20_000, 50_000),
    ("city", _("50 000 inhabitants or more"), 50_000, None),
)


class Case(models.Model):
    class Origin(models.TextChoices):
        BOOKLET = "booklet", _("The booklet «Veier til samarbeid»")
        PLATFORM = "platform", _("A collaboration on Veier")

    slug = models.SlugField(_("code"), max_length=100, unique=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    title = models.CharField(_("title"), max_length=200)
    title_nb = models.CharField(_("title (Norwegian)"), max_length=200, blank=True)
    public_body = models.CharField(_("public body"), max_length=200)
    entrepreneurs = models.JSONField(_("social entrepreneurs"), default=list, blank=True)
    kommune = models.ForeignKey(Kommune, verbose_name=_("kommune"), null=True, blank=True, on_delete=models.PROTECT)
    fylke = models.ForeignKey(Fylke, verbose_name=_("fylke"), null=True, blank=True, on_delete=models.PROTECT)
    service_area = models.ForeignKey(ServiceArea, verbose_name=_("service area"), null=True, blank=True,
                                     on_delete=models.PROTECT)
    form = models.CharField(_("collaboration form"), max_length=40, blank=True)
    money = models.CharField(_("money"), max_length=300, blank=True)
    money_nok = models.DecimalField(_("value (NOK)"), max_digits=14, decimal_places=2, null=True, blank=True)
    duration = models.CharField(_("duration"), max_length=200, blank=True)
    summary = models.TextField(_("what they did"))
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    source = models.CharField(_("source"), max_length=200)
    source_detail = models.CharField(_("page or chapter"), max_length=200, blank=True)
    collaboration = models.OneToOneField(Collaboration, null=True, blank=True, on_delete=models.CASCADE,
                                         related_name="case")
    published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["origin", "title"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        if self.title_nb and not (get_language() or "nb").startswith("en"):
            return self.title_nb
        return self.title

    @property
    def size_band(self) -> str | None:
        population = self.kommune.population if self.kommune else None
        if population is None:
            return None
        for code, _label, low, high in SIZE_BANDS:
            if population >= low and (high is None or population < high):
                return code
        return None


class PublicationConsent(models.Model):
    """One party's consent, given by an administrator of that organisation, to publish a collaboration as a case."""

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="publication_consents")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    consented_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    consented_at = models.DateTimeField(default=timezone.now)
    results = models.TextField(_("results"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)

    class Meta:
        verbose_name = _("publication consent")
        verbose_name_plural = _("publication consents")
        constraints = [models.UniqueConstraint(fields=["collaboration", "organisation"],
                                               name="publication_consent_once_per_party")]
