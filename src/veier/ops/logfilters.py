"""A logging filter that keeps e-mail addresses out of the logs.

Logs are copied to places with weaker access control than the database (terminals, log shippers,
support tickets), so they must not hold personal data. E-mail addresses are what leaks in
practice: in URLs of request lines, in form errors and in exception messages.
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
MASK = "[e-mail]"


def mask(text: str) -> str:
    return EMAIL.sub(MASK, text)


class MaskEmailAddresses(logging.Filter):
    """Rewrites each record's message with e-mail addresses replaced by «[e-mail]»; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must still be logged, as is
            message = str(record.msg)
        masked = mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True
