"""Load test: 50 concurrent users for 2 minutes against gunicorn (2 workers) on PostgreSQL.

    .venv/bin/python bench/load.py [--users 50] [--duration 120] [--entrepreneurs 1000]
                                   [--database-url postgres://postgres@127.0.0.1:5432/veier_bench_load]

What it does, in order:

1. creates a fresh PostgreSQL database, migrates it, collects static files, loads the demo data, 1 000
   synthetic entrepreneurs (with stored matching vectors) and the people who will use the site: half of
   the simulated users work for one of five kommuner that each publish a challenge, the other half each
   run a social enterprise;
2. starts ``gunicorn veier.wsgi`` with 2 sync workers on loopback, with production settings and the
   production embedder (E5), so every match request embeds its text;
3. runs the users concurrently (asyncio + httpx, a cookie jar each, like a browser): each logs in, then
   repeats a task chosen by weight and waits 1–3 s between tasks, as people do (locust's ``between``);
   five users start each second (locust's ``--spawn-rate``), so all 50 are active after 10 s.
   Tasks: full-text search, the challenge list, a challenge page, the advisor and SROI calculators,
   matching, the statistics API; entrepreneurs send pitches and messages, kommune staff read their
   pitches and reply. Every write carries a unique token;
4. prints requests, errors and latency (p50/p95/max) per task and overall, then checks in the
   database that every write the server acknowledged is stored exactly once (``lost`` and
   ``duplicated`` must both be 0) and that no write it refused is stored.

Target (issue 8): zero errors, p95 under 300 ms, every write exactly once. The exit code is 1 when a
target is missed. The client shares the server's two cores, which makes the figures conservative.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import drop_database, percentile  # noqa: E402
from server import DEFAULT_PG, Gunicorn, prepare, setup_django  # noqa: E402

PASSWORD = "last-test-passord-2026"
KOMMUNER = ("5001", "4601", "0301", "1108", "3403")
SEARCH_WORDS = ("eldre", "ensomhet", "arbeidstrening", "ungdom", "ombruk", "leksehjelp", "rus", "psykisk helse",
                "inkludering", "frivillige", "barn", "integrering")
MATCH_TEXTS = (
    "Vi trenger hjelp til å redusere ensomhet blant eldre som bor hjemme.",
    "Unge voksne utenfor arbeidslivet trenger arbeidstrening og en vei inn i jobb.",
    "Barn i lavinntektsfamilier faller fra på skolen; vi søker leksehjelp og mentorer.",
    "Treng tilbod til ungdom som står i fare for å droppe ut av vidaregåande skule.",
    "We need a partner to help refugees into work through language practice.",
)
ADVISOR = {"buyer": "municipality", "decision_date": "2026-06-01", "value_nok": 450_000,
           "subject": "health_social", "novelty": "new", "mutual_obligation": True}
SROI = {"investment_nok": 250_000, "discount_rate": 0.035, "outcomes": [{
    "name": "sustained employment", "stakeholder": "participants", "level": "citizen", "quantity": 60,
    "proxy_value_nok": 8_500, "deadweight": 0.4, "displacement": 0, "attribution": 0.3, "drop_off": 0.3,
    "duration_years": 2}]}


# --- the world the users live in ---------------------------------------------------------------


@dataclass
class Person:
    email: str
    kind: str  # "entrepreneur" or "kommune"
    challenge_ids: list[int] = field(default_factory=list)


def seed(users: int, entrepreneurs: int) -> list[Person]:
    """Demo data, synthetic entrepreneurs with vectors, and the simulated users with their organisations."""
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings
    from match_speed import store_random_vectors
    from search import load_entrepreneurs

    from veier.accounts.models import User
    from veier.challenges.models import Challenge
    from veier.matching.selectors import current_embedder
    from veier.organisations.models import Membership, Organisation
    from veier.reference.models import Kommune

    rng = random.Random(2026)
    call_command("loaddemo", verbosity=0)
    with override_settings(VEIER_EMBEDDER="hashing"):
        load_entrepreneurs(entrepreneurs, rng)
    embedder = current_embedder()  # the server's: E5 unless VEIER_EMBEDDER says otherwise
    store_random_vectors(embedder.name, embedder.dim, rng)

    people: list[Person] = []
    with transaction.atomic():
        bodies = []
        for number in KOMMUNER:
            kommune = Kommune.objects.select_related("fylke").get(number=number)
            body = Organisation.objects.create(
                kind="public_body", public_body_type="kommune", name=f"{kommune.name} kommune (last)",
                slug=f"last-{number}", kommune=kommune, fylke=kommune.fylke)
            challenge = Challenge.objects.create(
                public_body=body, title=f"Færre eldre alene i {kommune.name}",
                need="Vi vil prøve nye måter å skape møteplasser og faste besøk på.",
                who_it_concerns="Eldre som bor alene.", contact_name="Innovasjon",
                contact_email=f"innovasjon-{number}@last.example", visibility=Challenge.Visibility.PUBLISHED)
            challenge.service_areas.set(["loneliness"])
            bodies.append((body, challenge))
        challenge_ids = [challenge.pk for _, challenge in bodies]
        for index in range(users):
            kind = "kommune" if index % 2 else "entrepreneur"
            email = f"bruker{index}@last.example"
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=f"Bruker {index}",
                                            is_active=True, email_confirmed=True)
            if kind == "kommune":
                body, _ = bodies[index % len(bodies)]
                Membership.objects.create(organisation=body, user=user, role=Membership.Role.MEMBER)
            else:
                organisation = Organisation.objects.create(
                    kind="social_entrepreneur", name=f"Lastprøve {index} AS", slug=f"lastprove-{index}",
                    kommune_id=KOMMUNER[index % len(KOMMUNER)])
                Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.ADMIN)
            people.append(Person(email, kind, challenge_ids))
    return people


# --- the simulated users -------------------------------------------------------------------------


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    pitches_acknowledged: set[str] = field(default_factory=set)
    messages_acknowledged: set[str] = field(default_factory=set)
    writes_refused: set[str] = field(default_factory=set)


class User:
    def __init__(self, person: Person, base_url: str, results: Results, rng: random.Random):
        import httpx

        self.person, self.results, self.rng = person, results, rng
        self.client = httpx.AsyncClient(base_url=base_url, timeout=30, follow_redirects=False)
        self.pitch_ids: list[int] = []
        self.sent = 0

    async def request(self, task: str, method: str, url: str, *, expect: tuple[int, ...] = (200,), **kwargs):
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, **kwargs)
        except Exception as error:  # a refused or broken connection is an error like a 5xx
            self.results.errors.append(f"{task} {method} {url}: {type(error).__name__}")
            return None
        self.results.timings[task].append((time.perf_counter() - started) * 1000)
        if response.status_code not in expect:
            self.results.errors.append(f"{task} {method} {url}: HTTP {response.status_code}")
            return None
        return response

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    async def log_in(self) -> None:
        await self.request("login form", "GET", "/konto/logg-inn/")
        response = await self.request(
            "log in", "POST", "/konto/logg-inn/", expect=(302,),
            data={"username": self.person.email, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()})
        if response is None:
            raise RuntimeError(f"{self.person.email} could not log in")

    # Reads, for everyone.
    async def search(self):
        await self.request("search", "GET", "/finn-aktorer/", params={"q": self.rng.choice(SEARCH_WORDS)})

    async def challenge_list(self):
        await self.request("challenge list", "GET", "/utfordringer/")

    async def challenge_page(self):
        await self.request("challenge page", "GET", f"/utfordringer/{self.rng.choice(self.person.challenge_ids)}/")

    async def match(self):
        # A new text each time (two sentences drawn from five, and a number), so every request embeds its
        # text with E5 instead of hitting the cache of recent query embeddings.
        text = " ".join(self.rng.sample(MATCH_TEXTS, 2)) + f" Omtrent {self.rng.randrange(10, 500)} personer."
        body = {"text": text, "kommune": self.rng.choice(KOMMUNER), "limit": 10}
        await self.request("match API", "POST", "/api/v1/match", json=body)

    async def advisor(self):
        body = {**ADVISOR, "value_nok": self.rng.randrange(50_000, 5_000_000, 10_000)}
        await self.request("advisor API", "POST", "/api/v1/advisor/assess", json=body)

    async def sroi(self):
        body = {**SROI, "investment_nok": self.rng.randrange(100_000, 1_000_000, 10_000)}
        await self.request("SROI API", "POST", "/api/v1/impact/sroi", json=body)

    async def stats(self):
        await self.request("stats API", "GET", "/api/v1/stats/summary")

    # Writes.
    def token(self) -> str:
        self.sent += 1
        return f"T{self.person.email.split('@')[0]}-{self.sent}"

    async def send_pitch(self):
        challenge = self.rng.choice(self.person.challenge_ids)
        form = await self.request("pitch form", "GET", f"/utfordringer/{challenge}/pitch/")
        if form is None:
            return
        token = self.token()
        data = {"csrfmiddlewaretoken": self.csrf(), "title": f"Besøksvenner {token}", "service_area": "loneliness",
                "problem": "Ensomhet blant eldre.", "target_group": "Eldre som bor alene.",
                "solution": "Faste besøksvenner hver uke.", "evidence": "", "cost": "", "ask": "Et møte."}
        response = await self.request("send pitch", "POST", f"/utfordringer/{challenge}/pitch/", expect=(302,),
                                      data=data)
        if response is None:
            self.results.writes_refused.add(token)
            return
        self.results.pitches_acknowledged.add(token)
        match = re.search(r"/pitcher/(\d+)/", response.headers["location"])
        if match:
            self.pitch_ids.append(int(match.group(1)))

    async def post_message(self):
        if not self.pitch_ids:
            return await self.find_pitches()
        pitch = self.rng.choice(self.pitch_ids)
        page = await self.request("pitch page", "GET", f"/utfordringer/pitcher/{pitch}/")
        if page is None:
            return
        token = self.token()
        response = await self.request(
            "post message", "POST", f"/utfordringer/pitcher/{pitch}/melding/", expect=(302,),
            data={"csrfmiddlewaretoken": self.csrf(), "message": f"Takk for sist! {token}"})
        if response is None:
            self.results.writes_refused.add(token)
        else:
            self.results.messages_acknowledged.add(token)

    async def find_pitches(self):
        page = await self.request("my pitches", "GET", "/utfordringer/pitcher/")
        if page is not None:
            self.pitch_ids = sorted({int(n) for n in re.findall(r"/utfordringer/pitcher/(\d+)/", page.text)})

    def tasks(self):
        common = [(self.search, 4), (self.challenge_list, 2), (self.challenge_page, 2), (self.match, 2),
                  (self.advisor, 2), (self.sroi, 2), (self.stats, 1)]
        if self.person.kind == "entrepreneur":
            return common + [(self.send_pitch, 2), (self.post_message, 2)]
        return common + [(self.find_pitches, 2), (self.post_message, 2)]

    async def run(self, until: float, think: tuple[float, float], arrival: float) -> None:
        await asyncio.sleep(arrival)
        await self.log_in()
        functions, weights = zip(*self.tasks(), strict=True)
        while time.monotonic() < until:
            await self.rng.choices(functions, weights)[0]()
            await asyncio.sleep(self.rng.uniform(*think))
        await self.client.aclose()


async def run_users(people: list[Person], base_url: str, duration: float, think: tuple[float, float],
                    spawn_rate: float) -> Results:
    """Start ``spawn_rate`` users a second (as locust's --spawn-rate), all of them until ``duration`` ends."""
    results = Results()
    until = time.monotonic() + duration
    users = [User(person, base_url, results, random.Random(index)) for index, person in enumerate(people)]
    await asyncio.gather(*(user.run(until, think, index / spawn_rate) for index, user in enumerate(users)))
    return results


# --- the verdict -----------------------------------------------------------------------------------


def count_writes(results: Results) -> dict[str, int]:
    """Compare what the server acknowledged with what the database holds."""
    from veier.challenges.models import Pitch, PitchEvent

    stored_pitches = defaultdict(int)
    for title in Pitch.objects.filter(title__startswith="Besøksvenner T").values_list("title", flat=True):
        stored_pitches[title.removeprefix("Besøksvenner ")] += 1
    stored_messages = defaultdict(int)
    for message in PitchEvent.objects.filter(message__startswith="Takk for sist! T").values_list("message", flat=True):
        stored_messages[message.removeprefix("Takk for sist! ")] += 1
    acknowledged = results.pitches_acknowledged | results.messages_acknowledged
    stored = {**stored_pitches, **stored_messages}
    return {
        "acknowledged": len(acknowledged),
        "lost": sum(1 for token in acknowledged if stored.get(token, 0) == 0),
        "duplicated": sum(1 for token in acknowledged if stored.get(token, 0) > 1),
        "refused but stored": sum(1 for token in results.writes_refused if stored.get(token, 0) > 0),
        "stored without acknowledgement": sum(1 for token in stored if token not in acknowledged),
    }


def report(results: Results, duration: float, users: int) -> bool:
    everything = [ms for timings in results.timings.values() for ms in timings]
    print(f"\n{'task':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for task, timings in sorted(results.timings.items()):
        print(f"{task:<16}{len(timings):>9}{percentile(timings, 0.5):>9.0f}{percentile(timings, 0.95):>9.0f}"
              f"{max(timings):>9.0f}")
    p95 = percentile(everything, 0.95)
    print(f"{'all':<16}{len(everything):>9}{percentile(everything, 0.5):>9.0f}{p95:>9.0f}{max(everything):>9.0f}")
    print(f"\n{users} users for {duration:.0f} s: {len(everything)} requests ({len(everything) / duration:.1f}/s), "
          f"{len(results.errors)} errors, p95 {p95:.0f} ms")
    for error in results.errors[:20]:
        print("  error:", error)
    writes = count_writes(results)
    print("writes: " + ", ".join(f"{key} {value}" for key, value in writes.items()))
    checks = {
        "zero errors": not results.errors,
        "p95 under 300 ms": p95 < 300,
        "every acknowledged write stored exactly once": writes["lost"] == 0 and writes["duplicated"] == 0,
        "nothing stored that was not acknowledged": writes["refused but stored"] == 0
        and writes["stored without acknowledgement"] == 0,
    }
    for name, ok in checks.items():
        print(f"{'met' if ok else 'NOT met':>8}: {name}")
    return all(checks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--entrepreneurs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread when > 1)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--database-url", default=f"{DEFAULT_PG}/veier_bench_load")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    logging.getLogger("httpx").setLevel(logging.WARNING)
    var_dir = Path(tempfile.mkdtemp(prefix="veier-load-"))
    started = time.perf_counter()
    env = prepare(args.database_url, var_dir)
    setup_django(env)
    people = seed(args.users, args.entrepreneurs)
    print(f"prepared in {time.perf_counter() - started:.0f} s: {args.users} users, {args.entrepreneurs} "
          f"entrepreneurs, PostgreSQL, gunicorn with {args.workers} workers × {args.threads} threads")
    with Gunicorn(env, workers=args.workers, threads=args.threads) as server:
        # Warm each worker (the embedding model loads on first use), as a deployment's readiness probe would.
        import httpx

        for _ in range(args.workers * 3):
            httpx.post(f"{server.url}/api/v1/match", json={"text": "oppvarming"}, timeout=120)
        results = asyncio.run(run_users(people, server.url, args.duration, think=(1.0, 3.0),
                                        spawn_rate=args.spawn_rate))
        rss = server.worker_rss_mb()
        print("gunicorn workers' resident memory after the run: " + ", ".join(f"{mb:.0f} MB" for mb in rss))
    from django.db import connections

    ok = report(results, args.duration, args.users)
    connections.close_all()
    if not args.keep:
        drop_database(args.database_url)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
