"""Norwegian text for search: accent folding, tokens and stems. No Django imports.

Bokmål and nynorsk word forms meet through the Snowball Norwegian stemmer (the same algorithm
PostgreSQL's `norwegian` configuration uses): «kommunene», «kommunar» and «kommune» all become
«kommun». Accents are folded (kafé → kafe) but æ, ø and å are letters of their own and stay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_KEEP = {"æ", "ø", "å", "Æ", "Ø", "Å"}
_WORD = re.compile(r"[0-9a-zæøåÆØÅ]+", re.IGNORECASE)
_stemmer = snowballstemmer.stemmer("norwegian")


class _FoldTable(dict):
    """A str.translate table that works out each non-ASCII character's folded form once."""

    def __missing__(self, code: int) -> str | int:
        ch = chr(code)
        if code < 128 or ch in _KEEP:
            folded: str | int = code
        else:
            folded = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case and strip accents other than the Norwegian letters æ, ø and å."""
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD)


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(token) for token in tokens(text)]


def stemmed_document(text: str) -> str:
    """The text as space-separated stems, for indexing in SQLite FTS5."""
    return " ".join(stems(text))


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression requiring every stem of the query (prefix match on each).

    Only letters and digits reach FTS5, so no query can be an FTS5 syntax error. Returns None
    when the query holds no searchable word.
    """
    words = stems(query)
    if not words:
        return None
    return " AND ".join(f'"{word}"*' for word in words)
