"""Settings for the test suite: production settings with the few changes plain HTTP needs.

Tests run against the production defaults on purpose (DEBUG off, argon2, strict cookies), so a
test that passes here says something about a real deployment.
"""

import os

os.environ.setdefault("SECRET_KEY", "veier-test-suite-only")
os.environ["DEBUG"] = "0"
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["SESSION_COOKIE_SECURE"] = "0"
os.environ["CSRF_COOKIE_SECURE"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

from veier.settings import *  # noqa: E402,F403
from veier.settings import STORAGES  # noqa: E402

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Argon2 with its production cost makes each test login slow; the algorithm stays the same.
PASSWORD_HASHERS = ["veier.accounts.hashers.FastArgon2PasswordHasher"]
VEIER_EMBEDDER = "hashing"
# Trust (issue 8): login lock-out stays on, as in production. Its records live in the database,
# so each test's rollback (or flush) resets them. The API rate limit is lifted for the suite, whose
# API tests make many calls a minute; tests/security/test_api_throttle.py sets the real rate.
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
VEIER_API_CALCULATION_RATE = "1000000/min"
