"""Settings come from the environment, production defaults are safe, and the CLI fails clearly."""

import os
import subprocess
import sys

import pytest

# settings_test sets these for the test process itself; a fresh process must not inherit them.
TEST_ONLY = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE", "ALLOWED_HOSTS", "DATABASE_URL"}
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env={**CLEAN_ENV, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_defaults_apply_when_debug_is_off():
    result = run_python(
        "import veier.settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_SSL_REDIRECT, s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'))",
        SECRET_KEY="x" * 50,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"]


def test_a_missing_secret_key_in_production_is_a_clear_configuration_error():
    result = subprocess.run(
        [sys.executable, "-m", "veier", "check"], env=CLEAN_ENV, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "veier: configuration error: SECRET_KEY must be set when DEBUG is off."


def test_database_url_selects_postgresql():
    result = run_python(
        "import veier.settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'])",
        DEBUG="1", DATABASE_URL="postgres://veier@db.example:5433/veierprod",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "db.example", "5433", "veierprod"]


def test_postgresql_connections_give_up_after_five_seconds_unless_the_url_says_otherwise():
    code = "import veier.settings as s; print(s.DATABASES['default']['OPTIONS']['connect_timeout'])"
    default = run_python(code, DEBUG="1", DATABASE_URL="postgres://veier@db.example/veier")
    assert default.stdout.strip() == "5"
    chosen = run_python(code, DEBUG="1", DATABASE_URL="postgres://veier@db.example/veier?connect_timeout=2")
    assert chosen.stdout.strip() == "2"


def test_an_unreachable_postgresql_gives_one_clear_line_not_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "veier", "migrate"],
        env={**CLEAN_ENV, "DEBUG": "1", "DATABASE_URL": "postgres://postgres@127.0.0.1:1/veier"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("veier: cannot connect to the postgresql database 'veier' at 127.0.0.1:1")
    assert "Traceback" not in result.stderr


def test_hyphenated_command_names_work(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "veier", "load-reference"],
        env={**CLEAN_ENV, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3"},
        capture_output=True, text=True, timeout=120,
    )
    # No tables yet: the command itself ran (and failed on the missing tables), so the name was understood.
    assert "Unknown command" not in result.stderr
    migrate = subprocess.run(
        [sys.executable, "-m", "veier", "migrate", "--no-input"],
        env={**CLEAN_ENV, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3"},
        capture_output=True, text=True, timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr
    again = subprocess.run(
        [sys.executable, "-m", "veier", "load-reference"],
        env={**CLEAN_ENV, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3"},
        capture_output=True, text=True, timeout=120,
    )
    assert again.returncode == 0
    assert "kommuner: 357" in again.stdout


@pytest.mark.django_db
def test_models_and_migrations_agree():
    from django.core.management import call_command

    # Exits with SystemExit(1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="needs no database and takes half a minute: it runs in the SQLite pass only")
def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    """A deployment runs collectstatic with hashed, compressed files; a dangling reference breaks it."""
    result = subprocess.run(
        [sys.executable, "-m", "veier", "collectstatic", "--no-input"],
        env={**CLEAN_ENV, "SECRET_KEY": "x" * 50, "VEIER_VAR_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/htmx/htmx.min.js" in manifest
    assert "vendor/chartjs/chart.umd.min.js" in manifest


def test_the_embedder_and_its_threads_come_from_the_environment():
    code = "import veier.settings as s; print(s.VEIER_EMBEDDER, s.VEIER_E5_THREADS)"
    assert run_python(code, DEBUG="1").stdout.split() == ["e5", "1"]
    assert run_python(code, DEBUG="1", VEIER_EMBEDDER="hashing", VEIER_E5_THREADS="4").stdout.split() == [
        "hashing", "4"]
