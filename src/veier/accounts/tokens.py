"""Signed, time-limited links for confirming an e-mail address.

The token is a signature over the user's id and e-mail, so it stops working if the address
changes; no token table is needed.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "veier.accounts.confirm-email"


def make_confirmation_token(user) -> str:
    return signing.dumps({"id": user.pk, "email": user.email}, salt=SALT)


def read_confirmation_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=SALT, max_age=settings.ACCOUNT_CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
