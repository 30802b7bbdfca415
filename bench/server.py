"""A real Veier server for the load and fault scripts: a fresh PostgreSQL database and gunicorn.

Used by ``bench/load.py`` and ``bench/db_outage.py``. The server runs with production settings
(``DEBUG`` off, collected static files served by WhiteNoise) except for plain HTTP on loopback, a
calculation-API rate limit lifted because every simulated client shares 127.0.0.1, and e-mail kept in
memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import recreate_database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"


def server_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "VEIER_VAR_DIR": str(var_dir),
        "SECRET_KEY": "veier-bench-only",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "VEIER_API_CALCULATION_RATE": "1000000/min",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


def veier(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "veier"), *args], env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(database_url: str, var_dir: Path) -> dict[str, str]:
    """A migrated, empty database and collected static files; returns the server's environment."""
    recreate_database(database_url)
    env = server_env(database_url, var_dir)
    veier(env, "migrate", "--no-input")
    veier(env, "collectstatic", "--no-input")
    return env


class Gunicorn:
    """``gunicorn veier.wsgi`` on loopback, started and stopped as a context manager."""

    def __init__(self, env: dict[str, str], *, port: int = 8765, workers: int = 2, threads: int = 1):
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.url = f"http://127.0.0.1:{port}"
        self.log = Path(tempfile.mkdtemp(prefix="veier-gunicorn-")) / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        command = [
            str(BIN / "gunicorn"), "veier.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--threads", str(self.threads), "--timeout", "60",
            "--access-logfile", "-", "--access-logformat", '%(s)s %(M)sms "%(r)s"',
        ]
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(command, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log}")

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process (Linux /proc), in MB."""
        sizes = []
        for child in Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split():
            status = Path(f"/proc/{child}/status").read_text()
            kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            sizes.append(kb / 1024)
        return sizes

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log_file.close()


def setup_django(env: dict[str, str]) -> None:
    """Point this process's Django at the server's database, for seeding and checking."""
    for key in ("DATABASE_URL", "VEIER_VAR_DIR", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_BACKEND"):
        os.environ[key] = env[key]
    os.environ["DJANGO_SETTINGS_MODULE"] = "veier.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
