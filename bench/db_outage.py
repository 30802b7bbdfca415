"""Fault test: PostgreSQL goes away under a running server and comes back.

    .venv/bin/python bench/db_outage.py [--outage 10] [--database-url postgres://postgres@127.0.0.1:5432/veier_bench_outage]

gunicorn (2 workers, production settings) reaches PostgreSQL through a TCP relay on loopback that
this script controls, so the database can vanish without touching the machine's PostgreSQL:

1. **up**: pages, the API and the health check answer 200;
2. **outage**: the relay cuts every open connection (as a database restart or a network failure
   does) and refuses new ones for ``--outage`` seconds. Every request must get a clean 503 — the
   "temporarily unavailable" page with ``Retry-After``, or JSON for the API — quickly, never a 500,
   a hang or a dropped connection;
3. **back**: the relay accepts again and, without restarting gunicorn, requests must succeed again
   within a few seconds (Django's connection health checks reconnect) and stay successful; a log-in
   (a write to the session table) proves the connection is usable for writes too.

Prints every phase's requests, statuses and latencies and exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import drop_database, percentile  # noqa: E402
from server import DEFAULT_PG, Gunicorn, prepare, server_env  # noqa: E402

PATHS = ("/", "/utfordringer/", "/finn-aktorer/?q=eldre", "/api/v1/kommuner", "/api/v1/stats/summary", "/healthz")


class Relay:
    """A TCP relay from ``listen_port`` to PostgreSQL that can be cut and restored."""

    def __init__(self, listen_port: int, target: tuple[str, int]):
        self.listen_port, self.target = listen_port, target
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.server: socket.socket | None = None

    def start(self) -> None:
        server = socket.create_server(("127.0.0.1", self.listen_port), reuse_port=True)
        self.server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and break the open ones."""
        if self.server:
            try:  # wakes the thread blocked in accept(); close() alone leaves the socket listening
                self.server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.server.close()
            self.server = None
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update({client, upstream})
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.close()
                except OSError:
                    pass


def get(url: str) -> tuple[int | str, float, str, str]:
    """(status or error name, milliseconds, Retry-After, first bytes of the body)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            body = response.read(4000).decode("utf-8", "replace")
            retry = response.headers.get("Retry-After", "")
            return response.status, (time.perf_counter() - started) * 1000, retry, body
    except urllib.error.HTTPError as error:
        body = error.read(4000).decode("utf-8", "replace")
        return error.code, (time.perf_counter() - started) * 1000, error.headers.get("Retry-After", ""), body
    except OSError as error:
        return type(error).__name__, (time.perf_counter() - started) * 1000, "", ""


def sweep(base: str, seconds: float) -> list[tuple[str, int | str, float, str, str]]:
    results = []
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        for path in PATHS:
            results.append((path, *get(base + path)))
    return results


def summary(name: str, results) -> Counter:
    statuses = Counter(status for _, status, *_ in results)
    timings = [ms for _, _, ms, *_ in results]
    print(f"{name:<9} {len(results):>5} requests  statuses {dict(statuses)}  "
          f"p50 {percentile(timings, 0.5):.0f} ms  p95 {percentile(timings, 0.95):.0f} ms  max {max(timings):.0f} ms")
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outage", type=float, default=10, help="seconds without a database")
    parser.add_argument("--database-url", default=f"{DEFAULT_PG}/veier_bench_outage")
    parser.add_argument("--relay-port", type=int, default=15432)
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="veier-outage-"))
    prepare(args.database_url, var_dir)
    name = args.database_url.rsplit("/", 1)[1]
    relay = Relay(args.relay_port, ("127.0.0.1", 5432))
    relay.start()
    relayed = server_env(f"postgres://postgres@127.0.0.1:{args.relay_port}/{name}", var_dir)
    checks: dict[str, bool] = {}
    with Gunicorn(relayed, workers=2) as server:
        up = sweep(server.url, 3)
        checks["up: every request 200"] = set(summary("up", up)) == {200}

        relay.cut()
        cut_at = time.monotonic()
        down = sweep(server.url, args.outage)
        statuses = summary("outage", down)
        checks["outage: every request a clean 503 (no 500, no dropped connection)"] = set(statuses) == {503}
        checks["outage: Retry-After on every 503"] = all(retry for *_, retry, _ in down)
        pages = [body for path, _, _, _, body in down if not path.startswith(("/api/", "/healthz"))]
        checks["outage: pages say the service is temporarily unavailable"] = bool(pages) and all(
            "midlertidig utilgjengelig" in body for body in pages)
        checks["outage: answered within 5 s each"] = max(ms for _, _, ms, *_ in down) < 5000

        relay.start()
        back_at = time.monotonic()
        first_ok = None
        while time.monotonic() - back_at < 30:
            status, *_ = get(server.url + "/")
            if status == 200:
                first_ok = time.monotonic() - back_at
                break
            time.sleep(0.1)
        print(f"database back after {back_at - cut_at:.1f} s of outage; first 200 after "
              f"{'never' if first_ok is None else f'{first_ok:.2f} s'}")
        checks["back: recovered on its own within 10 s"] = first_ok is not None and first_ok < 10
        after = sweep(server.url, 3)
        checks["back: every request 200 afterwards"] = set(summary("back", after)) == {200}
        checks["back: a log-in (a write) succeeds"] = log_in_works(server.url, relayed)
    relay.cut()
    for check, ok in checks.items():
        print(f"{'met' if ok else 'NOT met':>8}: {check}")
    drop_database(args.database_url)
    sys.exit(0 if all(checks.values()) else 1)


def log_in_works(base: str, env: dict[str, str]) -> bool:
    """Create a user through the CLI, then log in over HTTP: the session row is a write."""
    import http.cookiejar
    import re
    import subprocess
    import urllib.parse

    from server import BIN

    code = ("from veier.accounts.models import User; "
            "User.objects.create_user(email='etter@feil.example', password='et-langt-passord-77', "
            "is_active=True, email_confirmed=True)")
    subprocess.run([str(BIN / "veier"), "shell", "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/konto/logg-inn/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": "etter@feil.example", "password": "et-langt-passord-77",
                                   "csrfmiddlewaretoken": token}).encode()
    response = opener.open(base + "/konto/logg-inn/", data=data)
    return response.status == 200 and any(cookie.name == "sessionid" for cookie in jar)


if __name__ == "__main__":
    main()
