"""Full-text search over entrepreneur profiles, on PostgreSQL and on SQLite.

PostgreSQL matches with its `norwegian` text-search configuration (a stored, GIN-indexed
tsvector column from migration 0003); SQLite matches the Python-stemmed text in an FTS5 table.
Both do prefix matching on stems, so «kommunar», «kommunene» and «kommun» find each other.
Names are also matched fuzzily, so a typo in an organisation's name («Besøksven») still finds it.
"""

from __future__ import annotations

from django.db import connection
from rapidfuzz import fuzz, process

from veier.directory import text
from veier.directory.models import SearchEntry

FUZZY_NAME_CUTOFF = 82
# Names are matched fuzzily only when full-text search finds fewer hits than this: a typo in a
# name finds nothing by full text, while an ordinary word finds plenty.
FUZZY_WHEN_FEWER_THAN = 5


def matching_profile_ids(query: str) -> list[int]:
    """Ids of profiles matching the query, best first: full-text hits, then fuzzy name hits."""
    words = text.tokens(query)
    if not words:
        return []
    if connection.vendor == "postgresql":
        hits = _postgres_hits(words)
    else:
        hits = _sqlite_hits(query)
    if len(hits) >= FUZZY_WHEN_FEWER_THAN:
        return hits
    seen = set(hits)
    return hits + [pk for pk in _fuzzy_name_hits(query) if pk not in seen]


def _postgres_hits(words: list[str]) -> list[int]:
    tsquery = " & ".join(f"{word}:*" for word in words)
    with connection.cursor() as cursor:
        # search_vector is a stored generated column (migration 0003), indexed with GIN.
        cursor.execute(
            "SELECT profile_id FROM directory_searchentry, to_tsquery('norwegian'::regconfig, %s) AS query "
            "WHERE search_vector @@ query ORDER BY ts_rank(search_vector, query) DESC, profile_id",
            [tsquery],
        )
        return [row[0] for row in cursor.fetchall()]


def _sqlite_hits(query: str) -> list[int]:
    match = text.fts5_query(query)
    if match is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT profile_id FROM directory_search_fts WHERE directory_search_fts MATCH %s "
            "ORDER BY bm25(directory_search_fts), profile_id",
            [match],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def _fuzzy_name_hits(query: str) -> list[int]:
    folded = text.fold(query)
    if len(folded) < 4:
        return []
    # Stored folded; read with a plain cursor, as building 10 000 ORM rows cost more than the matching.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT profile_id, name FROM {SearchEntry._meta.db_table}")
        names = dict(cursor.fetchall())
    matches = process.extract(
        folded, names, scorer=fuzz.WRatio,
        score_cutoff=FUZZY_NAME_CUTOFF, limit=20,
    )
    return [pk for _name, _score, pk in matches]


def index_entry(entry: SearchEntry) -> None:
    """Bring the engine's own index in step with a saved SearchEntry (SQLite's FTS5 table)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_search_fts WHERE profile_id = %s", [entry.profile_id])
        cursor.execute(
            "INSERT INTO directory_search_fts (stems, profile_id) VALUES (%s, %s)", [entry.stems, entry.profile_id]
        )


def remove_entry(profile_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM directory_search_fts WHERE profile_id = %s", [profile_id])
