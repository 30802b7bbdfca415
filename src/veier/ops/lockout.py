"""How django-axes names the account a login attempt is for."""

from __future__ import annotations


def attempted_username(request, credentials: dict | None) -> str | None:
    """The e-mail address typed in the login form, folded as the login itself folds it.

    Login is case-insensitive, so «Kari@…» and «kari@…» must count against the same lock;
    otherwise changing the case would give a guesser five new tries each time.
    """
    value = (credentials or {}).get("username")
    if value is None and request is not None and request.method == "POST":
        value = request.POST.get("username")
    return value.strip().lower() if isinstance(value, str) else None
