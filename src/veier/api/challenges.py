"""API routes for challenges and pitches.

Drafts are visible only to their own organisation and a pitch only to its two parties; anything
else answers 404, so the API never reveals that a draft or a pitch exists.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from ninja import Router, Schema

from veier.challenges import selectors

router = Router(tags=["challenges"])


class ChallengeOut(Schema):
    id: int
    title: str
    public_body: str
    need: str
    service_areas: list[str]
    target_groups: list[str]
    kommuner: list[str]
    visibility: str
    open: bool
    interest_deadline: datetime.date | None
    contact_name: str
    contact_email: str


class ChallengeMatchOut(Schema):
    orgnr: str
    name: str
    score: float
    reasons: list[str]


class MatchList(Schema):
    items: list[ChallengeMatchOut]


class PitchOut(Schema):
    id: int
    title: str
    sender: str
    public_body: str
    challenge: int | None
    state: str
    decline_reason: str


def challenge_out(challenge) -> dict:
    return {
        "id": challenge.pk, "title": challenge.title, "public_body": challenge.public_body.name,
        "need": challenge.need, "service_areas": [a.code for a in challenge.service_areas.all()],
        "target_groups": [g.code for g in challenge.target_groups.all()],
        "kommuner": [k.number for k in challenge.kommuner.all()], "visibility": challenge.visibility,
        "open": challenge.is_open, "interest_deadline": challenge.interest_deadline,
        "contact_name": challenge.contact_name, "contact_email": challenge.contact_email,
    }


@router.get("/challenges", response=list[ChallengeOut], summary="Challenges you may see (published, and your own)")
def list_challenges(request):
    challenges = selectors.challenges_visible_to(request.user).prefetch_related(
        "service_areas", "target_groups", "kommuner")
    return [challenge_out(c) for c in challenges]


@router.get("/challenges/{challenge_id}", response=ChallengeOut, summary="One challenge")
def get_challenge(request, challenge_id: int):
    return challenge_out(selectors.challenge_for(request.user, challenge_id))


@router.get("/challenges/{challenge_id}/matches", response=MatchList,
            summary="Social entrepreneurs ranked by fit for a challenge, with reasons")
def challenge_matches(request, challenge_id: int, limit: int = 10):
    from veier.matching.selectors import match_entrepreneurs, reason_text

    challenge = selectors.challenge_for(request.user, challenge_id)
    found = match_entrepreneurs(
        challenge.match_text(), kommune=next(iter(challenge.kommuner.all()), None),
        service_areas=[a.code for a in challenge.service_areas.all()],
        target_groups=[g.code for g in challenge.target_groups.all()], limit=max(1, min(limit, 50)),
    )
    return {"items": [{"orgnr": m.orgnr, "name": m.name, "score": m.score,
                       "reasons": [reason_text(r) for r in m.reasons]} for m in found]}


@router.get("/pitches/{pitch_id}", response=PitchOut, summary="One pitch (its sender and addressed body only)")
def get_pitch(request, pitch_id: int):
    pitch = selectors.pitches_visible_to(request.user).filter(pk=pitch_id).first()
    if pitch is None:
        raise Http404("Unknown pitch")
    return {"id": pitch.pk, "title": pitch.title, "sender": pitch.sender.name, "public_body": pitch.public_body.name,
            "challenge": pitch.challenge_id, "state": pitch.state, "decline_reason": pitch.decline_reason}
