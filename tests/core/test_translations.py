"""Every UI string is translated into bokmål and nynorsk, and the compiled catalogues are current."""

from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "veier" / "locale"


def entries(po_path: Path):
    """Yield (msgid, msgstr, fuzzy) for each entry of a .po file, skipping the header."""
    text = po_path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith("msgstr "):
                current = msgstr
                line = line[7:]
            elif line.startswith("msgid_plural") or line.startswith("msgstr["):
                current = msgstr if line.startswith("msgstr[") else None
                line = line.split(" ", 1)[1] if current is not None else ""
            elif not line.startswith('"'):
                continue
            if current is not None and line.startswith('"'):
                current.append(line.strip('"'))
        if msgid and "".join(msgid):
            yield "".join(msgid), "".join(msgstr), fuzzy


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, msgstr, fuzzy in entries(po) if not msgstr or fuzzy]
    assert missing == []


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_compiled_catalogues_are_newer_than_their_sources(language):
    folder = LOCALE / language / "LC_MESSAGES"
    assert (folder / "django.mo").stat().st_mtime >= (folder / "django.po").stat().st_mtime - 1
