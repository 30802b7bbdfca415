"""iCalendar (RFC 5545) export of funding deadlines, written by hand.

Each yearly deadline is one all-day VEVENT with a yearly RRULE, so a calendar keeps showing it in
later years. Lines end in CRLF and are folded at 75 octets (RFC 5545 §3.1), text values are
escaped (§3.3.11), and every event has a stable UID so that re-importing updates rather than
duplicates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

CRLF = "\r\n"


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continuation lines starting with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # the leading space takes one octet
        current += encoded
    parts.append(current.decode("utf-8"))
    return (CRLF + " ").join(parts)


def calendar(events: Iterable[dict], *, stamp: datetime, name: str) -> str:
    """events: dicts with uid, day (date), summary, description, url."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Veier//Funding deadlines//NB", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}"]
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    for event in events:
        day: date = event["day"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
            "RRULE:FREQ=YEARLY",
            f"SUMMARY:{escape(event['summary'])}",
            f"DESCRIPTION:{escape(event['description'])}",
            f"URL:{event['url']}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
