"""The rate limit on the public calculation endpoints (advisor, SROI, matching).

They need no login and each call costs real CPU (rule engine, Monte Carlo, embeddings), so one
client must not be able to use up the server. The limit is per client address and shared by the
three endpoints; logged-in users are counted the same way, since the cost is the same.

The rate is read from settings at each request (VEIER_API_CALCULATION_RATE, e.g. "60/min"), so it
can be changed by environment and in tests. The count lives in Django's cache: with the default
local-memory cache each server process counts on its own, so with N processes a client gets up
to N times the rate; configure a shared cache (e.g. Redis) to make it exact.
"""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import SimpleRateThrottle


class CalculationThrottle(SimpleRateThrottle):
    scope = "calculation"

    def __init__(self):
        super().__init__(rate=settings.VEIER_API_CALCULATION_RATE)

    def allow_request(self, request) -> bool:
        self.rate = settings.VEIER_API_CALCULATION_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


calculation_throttle = CalculationThrottle()
