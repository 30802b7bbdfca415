"""Reference data: the map of Norway's public sector and Veier's shared vocabularies.

Fylker and kommuner are the 2024 structure (357 kommuner, 15 fylker). Old kommune numbers from
before 2024 are understood through KommuneNumberChange. Service areas and target groups are the
fixed code lists used by imports, the API and matching.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Fylke(models.Model):
    number = models.CharField(_("number"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=200)

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Kommune(models.Model):
    number = models.CharField(_("number"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("The official name, with Sami and Kven forms."))
    fylke = models.ForeignKey(Fylke, on_delete=models.PROTECT, related_name="kommuner", verbose_name=_("fylke"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    language_form = models.CharField(_("official language form"), max_length=20, blank=True)
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class KommuneNumberChange(models.Model):
    """A kommune number or name that changed on a date, e.g. 3001 Halden became 3101 on 2024-01-01."""

    old_number = models.CharField(max_length=4, db_index=True)
    old_name = models.CharField(max_length=200)
    new_kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="previous_numbers")
    changed_on = models.DateField()

    class Meta:
        verbose_name = _("kommune number change")
        verbose_name_plural = _("kommune number changes")
        constraints = [
            models.UniqueConstraint(fields=["old_number", "new_kommune", "changed_on"], name="unique_kommune_change")
        ]

    def __str__(self) -> str:
        return f"{self.old_number} {self.old_name} → {self.new_kommune_id} ({self.changed_on})"


class LabelledCode(models.Model):
    """A code with a label in bokmål, nynorsk and English; `label` follows the active language."""

    code = models.SlugField(_("code"), max_length=50, primary_key=True)
    label_nb = models.CharField(_("label (bokmål)"), max_length=200)
    label_nn = models.CharField(_("label (nynorsk)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "nb")[:2]
        return {"nn": self.label_nn, "en": self.label_en}.get(language, self.label_nb)


class ServiceArea(LabelledCode):
    class Meta(LabelledCode.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


class TargetGroup(LabelledCode):
    class Meta(LabelledCode.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
