"""Full-text search indexes, one per database engine.

PostgreSQL: a GIN index over to_tsvector('norwegian', text). SQLite: an FTS5 table over the
Python-stemmed text, kept in step with SearchEntry by the directory services.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE directory_search_fts USING fts5("
    "stems, profile_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')"
)
POSTGRES_CREATE = (
    "CREATE INDEX directory_searchentry_fts ON directory_searchentry "
    "USING GIN (to_tsvector('norwegian'::regconfig, text))"
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS directory_search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_searchentry_fts")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
