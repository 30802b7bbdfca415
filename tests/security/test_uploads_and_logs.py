"""Uploaded logos are served only as images, and e-mail addresses never reach the logs."""

import logging

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile

from veier.directory.models import EntrepreneurProfile
from veier.ops.logfilters import MaskEmailAddresses, mask

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

pytestmark = pytest.mark.django_db


def profile_with_logo(besoksvenn, content: bytes, name: str = "logo.png", public: bool = True):
    profile = EntrepreneurProfile.objects.create(organisation=besoksvenn, is_public=public)
    profile.logo.save(name, ContentFile(content))
    return profile


def test_a_png_logo_is_served_with_its_type_and_safe_headers(client, besoksvenn):
    profile = profile_with_logo(besoksvenn, PNG)
    response = client.get("/" + profile.logo.url.lstrip("/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="logo.png"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PNG


def test_a_file_that_is_not_an_image_is_never_served(client, besoksvenn):
    profile = profile_with_logo(besoksvenn, b"<svg onload=alert(1)></svg>", name="logo.png")
    assert client.get("/" + profile.logo.url.lstrip("/")).status_code == 404


def test_logos_of_hidden_profiles_and_unknown_files_are_not_served(client, besoksvenn):
    profile = profile_with_logo(besoksvenn, PNG, public=False)
    assert client.get("/" + profile.logo.url.lstrip("/")).status_code == 404
    assert client.get("/media/logos/nothing.png").status_code == 404


def test_the_mask_replaces_email_addresses():
    assert mask("Not Found: /konto/kari.nordmann@trondheim.kommune.no/") == "Not Found: /konto/[e-mail]/"
    assert mask("GET /?e=kari%40example.no HTTP/1.1") == "GET /?e=[e-mail] HTTP/1.1"
    assert mask("no address here") == "no address here"


def test_the_filter_masks_formatted_messages_and_exceptions():
    try:
        raise ValueError("duplicate key kari@example.no")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Bad login for %s", ("a@b.no",),
                                   sys.exc_info())
    assert MaskEmailAddresses().filter(record) is True
    formatted = logging.Formatter().format(record)
    assert "@" not in formatted
    assert "Bad login for [e-mail]" in formatted and "duplicate key [e-mail]" in formatted


def test_every_handler_of_the_request_and_server_loggers_masks():
    config = django_settings.LOGGING
    assert config["handlers"]["console"]["filters"] == ["mask_personal_data"]
    for name in ("django.request", "django.server", "django.security", "veier", ""):
        logger = logging.getLogger(name)
        handlers = []
        while logger:
            handlers.extend(logger.handlers)
            logger = logger.parent if logger.propagate else None
        # pytest adds its own capturing handlers to the root logger; only the configured ones matter.
        handlers = [handler for handler in handlers if not type(handler).__module__.startswith("_pytest")]
        assert handlers, name
        for handler in handlers:
            assert any(isinstance(f, MaskEmailAddresses) for f in handler.filters), (name, handler)
