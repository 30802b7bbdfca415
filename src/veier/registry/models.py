"""A local copy of Enhetsregisteret, the Central Coordinating Register for Legal Entities.

Social entrepreneurs are verified by organisation number against this copy, which `veier
import-brreg` fills from Brønnøysundregistrene's nightly bulk file. Only the fields the product
uses are kept, so the copy stays small and holds as little personal data as possible:

* No unit keeps its telephone, mobile or e-mail address, and no roles (people) are imported.
* Sole proprietorships (ENK) and other individuals (PERS) are named after a person, so for them
  only the name, organisation form, kommune, industry code and status flags are kept: no street
  address, postcode, website, founding date or number of employees. See PERSONAL_FORMS.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from veier.organisations.orgnr import display
from veier.registry.bulkfile import PERSONAL_FORMS


class OrganisationForm(models.Model):
    """One of the register's organisation forms (organisasjonsformer), e.g. AS, ENK, FLI, STI.

    Loaded from data/organisasjonsformer.csv by a migration. A form that appears in an imported
    file but not in the csv (an expired form such as UTBG) is added by the import with the
    register's own description, so no unit is ever refused for its form.
    """

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    description = models.CharField(_("description (bokmål)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("organisation form")
        verbose_name_plural = _("organisation forms")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class RegistryUnit(models.Model):
    """A unit (enhet) as the register last described it.

    Field names follow the register's own terms where they are Norwegian legal terms (konkurs,
    slettedato, naeringskode). Addresses keep their lines joined by newlines. `content_hash` is a
    digest of everything stored, so that a re-import compares digests and writes only changed units.
    """

    orgnr = models.CharField(_("organisation number"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=500)
    organisation_form = models.ForeignKey(
        OrganisationForm, verbose_name=_("organisation form"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        # No index: nothing looks units up by form, and each index slows the import of 1.2 million rows.
        db_index=False,
    )
    naeringskode = models.CharField(_("industry code (NACE)"), max_length=10, blank=True)
    naeringskode_description = models.CharField(_("industry"), max_length=300, blank=True)

    business_address = models.CharField(_("business address"), max_length=500, blank=True)
    business_postnummer = models.CharField(_("business postcode"), max_length=20, blank=True)
    business_poststed = models.CharField(_("business post town"), max_length=100, blank=True)
    business_kommunenummer = models.CharField(
        _("business kommune number"), max_length=4, blank=True,
        help_text=_("As given by the register; not checked against Veier's kommune list."),
    )
    business_landkode = models.CharField(_("business country code"), max_length=2, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=500, blank=True)
    postal_postnummer = models.CharField(_("postal postcode"), max_length=20, blank=True)
    postal_poststed = models.CharField(_("postal post town"), max_length=100, blank=True)
    postal_kommunenummer = models.CharField(_("postal kommune number"), max_length=4, blank=True)
    postal_landkode = models.CharField(_("postal country code"), max_length=2, blank=True)

    antall_ansatte = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    stiftelsesdato = models.DateField(_("founded"), null=True, blank=True)
    registreringsdato = models.DateField(_("registered in Enhetsregisteret"), null=True, blank=True)
    hjemmeside = models.CharField(_("website"), max_length=300, blank=True)
    in_frivillighetsregisteret = models.BooleanField(_("in the Register of Non-Profit Organisations"), default=False)
    overordnet_enhet = models.CharField(_("parent unit"), max_length=9, blank=True)

    konkurs = models.BooleanField(_("bankrupt"), default=False)
    under_avvikling = models.BooleanField(_("being wound up"), default=False)
    under_tvangsavvikling = models.BooleanField(_("being compulsorily wound up or dissolved"), default=False)
    slettedato = models.DateField(_("deleted"), null=True, blank=True)
    absent_since = models.DateField(
        _("absent from the register since"), null=True, blank=True,
        help_text=_("Set by an import with --prune when a full bulk file no longer contains the unit."),
    )

    # Hex rather than BinaryField: on PostgreSQL a BinaryField stops bulk_create from using its fast UNNEST form.
    content_hash = models.CharField(_("content hash"), max_length=32)
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("registry unit")
        verbose_name_plural = _("registry units")
        ordering = ["orgnr"]

    def __str__(self) -> str:
        return f"{display(self.orgnr)} {self.name}"

    @property
    def is_personal(self) -> bool:
        return self.organisation_form_id in PERSONAL_FORMS

    @property
    def is_deleted(self) -> bool:
        return self.slettedato is not None or self.absent_since is not None

    @property
    def kommunenummer(self) -> str:
        """The unit's kommune: that of its business address, else that of its postal address."""
        return self.business_kommunenummer or self.postal_kommunenummer
