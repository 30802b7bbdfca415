"""Exit 0 when the PostgreSQL server in DATABASE_URL-style argument answers, 1 otherwise."""

import sys

import psycopg

url = sys.argv[1]
# Connect to the maintenance database: the test database is created by the test runner.
base, _, _name = url.rpartition("/")
try:
    with psycopg.connect(f"{base}/postgres", connect_timeout=3):
        pass
except psycopg.Error as error:
    print(f"PostgreSQL not reachable: {str(error).strip().splitlines()[0]}", file=sys.stderr)
    sys.exit(1)
