"""Small, named fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from veier.accounts.models import User
from veier.organisations.models import Membership, Organisation
from veier.reference.models import Kommune

PASSWORD = "et-langt-testpassord-42"


def make_user(email: str, *, full_name: str = "Test Person", confirmed: bool = True, **extra) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, full_name=full_name, is_active=confirmed, email_confirmed=confirmed, **extra
    )


@pytest.fixture
def kari(db) -> User:
    """A confirmed user who works for Trondheim kommune."""
    return make_user("kari@trondheim.example", full_name="Kari Nordmann")


@pytest.fixture
def aslak(db) -> User:
    """A confirmed user who runs a social enterprise."""
    return make_user("aslak@besoksvenn.example", full_name="Aslak Gründer")


@pytest.fixture
def trondheim(db) -> Kommune:
    return Kommune.objects.get(number="5001")


@pytest.fixture
def trondheim_kommune(kari, trondheim) -> Organisation:
    """Trondheim kommune as a public body, with Kari as its administrator."""
    organisation = Organisation.objects.create(
        kind="public_body", public_body_type="kommune", name="Trondheim kommune", slug="trondheim-kommune",
        kommune=trondheim, fylke=trondheim.fylke,
    )
    Membership.objects.create(organisation=organisation, user=kari, role=Membership.Role.ADMIN)
    return organisation


@pytest.fixture
def besoksvenn(aslak, trondheim) -> Organisation:
    """A social entrepreneur with Aslak as its administrator."""
    organisation = Organisation.objects.create(
        kind="social_entrepreneur", name="Besøksvenn AS", slug="besoksvenn-as", orgnr="974760673",
        kommune=trondheim, fylke=trondheim.fylke,
    )
    Membership.objects.create(organisation=organisation, user=aslak, role=Membership.Role.ADMIN)
    return organisation


@pytest.fixture
def send_mail_on_commit(django_capture_on_commit_callbacks):
    """Run the request and then the on-commit hooks that send e-mail, as a real commit would."""

    def run(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return run


@pytest.fixture
def reference_data(transactional_db):
    """Load again the data that migrations load (kommuner, codes, organisation forms, funding, cases).

    Tests that really commit (browser tests, the backup round trip) empty every table afterwards,
    so each of them starts by loading the reference data again; the loaders are idempotent.
    """
    import io

    from django.apps import apps
    from django.core.management import call_command

    from veier.registry.services import load_organisation_forms

    for command in ("load_reference", "load_funding", "load_cases"):
        call_command(command, stdout=io.StringIO())
    load_organisation_forms(apps.get_model("registry", "OrganisationForm"))


def pytest_collection_modifyitems(items):
    """Run the backup/restore round trip last.

    Restoring replaces the whole test database underneath the live server that the browser tests
    share for the session; after that, pages served by it no longer see the reference data.
    """
    items.sort(key=lambda item: "tests/backups/" in str(item.fspath))
