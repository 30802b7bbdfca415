"""Writes for the directory: entrepreneur profiles (with change history) and front doors."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from veier.audit import services as audit
from veier.directory import search, text
from veier.directory.models import EntrepreneurProfile, FrontDoor, ProfileChange, SearchEntry
from veier.organisations.models import Organisation

# Fields of a profile whose changes are recorded, with how to read their value for the history.
PROFILE_FIELDS = ("summary", "organisation_form", "contact_email", "contact_phone", "evidence", "evidence_links",
                  "is_public")
PROFILE_LISTS = ("service_areas", "target_groups", "kommuner", "fylker", "references")
ORGANISATION_FIELDS = ("name", "description", "website")


def snapshot(profile: EntrepreneurProfile) -> dict:
    organisation = profile.organisation
    data = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS}
    data.update({name: getattr(profile, name) for name in PROFILE_FIELDS})
    if profile.pk:
        for name in PROFILE_LISTS:
            data[name] = sorted(str(pk) for pk in getattr(profile, name).values_list("pk", flat=True))
    else:
        data.update({name: [] for name in PROFILE_LISTS})
    return data


@transaction.atomic
def save_profile(profile: EntrepreneurProfile, *, changed_by=None, **changes) -> EntrepreneurProfile:
    """Apply changes to a profile and its organisation, record what changed, and reindex it.

    List fields (service_areas, target_groups, kommuner, fylker, references) take iterables of
    model instances or primary keys. A profile with neither kommuner nor fylker serves the whole
    country.
    """
    before = snapshot(profile)
    replaced_logo = profile.logo.name if "logo" in changes and profile.logo else ""
    organisation = profile.organisation
    for name in ORGANISATION_FIELDS:
        if name in changes:
            setattr(organisation, name, changes.pop(name))
    organisation.full_clean()
    organisation.save()
    lists = {name: changes.pop(name) for name in PROFILE_LISTS if name in changes}
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.updated_at = timezone.now()
    profile.full_clean(exclude=["organisation"])
    profile.save()
    if replaced_logo and replaced_logo != profile.logo.name:
        profile.logo.storage.delete(replaced_logo)  # the old file is nobody's any more
    for name, values in lists.items():
        getattr(profile, name).set(list(values))
    profile.nationwide = not profile.kommuner.exists() and not profile.fylker.exists()
    profile.save(update_fields=["nationwide"])
    after = snapshot(profile)
    diff = {name: [before[name], after[name]] for name in after if before.get(name) != after[name]}
    if diff:
        ProfileChange.objects.create(profile=profile, changed_by=changed_by, changes=diff)
        audit.record(changed_by, organisation, "profile.saved", profile, diff)
    reindex(profile)
    return profile


@transaction.atomic
def create_entrepreneur(*, orgnr: str, name: str, created_by=None, **profile_fields) -> EntrepreneurProfile:
    from veier.organisations.services import unique_slug

    organisation = Organisation.objects.create(
        kind=Organisation.Kind.SOCIAL_ENTREPRENEUR, orgnr=orgnr, name=name, slug=unique_slug(name)
    )
    profile = EntrepreneurProfile(organisation=organisation)
    return save_profile(profile, changed_by=created_by, **profile_fields)


def ensure_profile(organisation: Organisation) -> EntrepreneurProfile:
    profile, created = EntrepreneurProfile.objects.get_or_create(organisation=organisation)
    if created:
        reindex(profile)
    return profile


def search_text(profile: EntrepreneurProfile) -> str:
    organisation = profile.organisation
    parts = [organisation.name, profile.summary, organisation.description, profile.evidence]
    for item in list(profile.service_areas.all()) + list(profile.target_groups.all()):
        parts.extend([item.label_nb, item.label_nn, item.label_en])
    return "\n".join(part for part in parts if part)


def reindex(profile: EntrepreneurProfile) -> None:
    plain = search_text(profile)
    entry, _ = SearchEntry.objects.update_or_create(
        profile=profile,
        defaults={"text": text.fold(plain), "stems": text.stemmed_document(plain),
                  "name": text.fold(profile.organisation.name)},
    )
    search.index_entry(entry)
    from veier.matching.services import refresh_vector  # here, not at the top: matching imports the directory

    refresh_vector(profile)


@transaction.atomic
def save_front_door(front_door: FrontDoor, **fields) -> FrontDoor:
    before = audit.snapshot(front_door, fields) if front_door.pk else {}
    for name, value in fields.items():
        setattr(front_door, name, value)
    front_door.updated_at = timezone.now()
    front_door.full_clean()
    front_door.save()
    audit.record(None, front_door.organisation_id, "front_door.updated" if before else "front_door.created",
                 front_door, audit.diff(before, front_door) if before else fields)
    return front_door


@transaction.atomic
def delete_front_door(front_door: FrontDoor) -> None:
    audit.record(None, front_door.organisation_id, "front_door.deleted", front_door)
    front_door.delete()
