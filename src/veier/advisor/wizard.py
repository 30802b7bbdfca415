"""The wizard's answers, kept in the session between questions.

The answers live in the session (not in hidden fields) so that the back button, a reload or a new tab
all see the same state, and so that a half-finished walk can be picked up again.
"""

from __future__ import annotations

from veier.advisor.forms import STEPS, Step

SESSION_KEY = "advisor_answers"


def answers(request) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def store(request, values: dict) -> dict:
    current = answers(request) | values
    request.session[SESSION_KEY] = current
    return current


def clear(request) -> None:
    request.session.pop(SESSION_KEY, None)


def first_unanswered(current: dict) -> Step | None:
    return next((step for step in STEPS if any(key not in current for key in step.keys)), None)


def neighbours(step: Step) -> tuple[Step | None, Step | None]:
    index = STEPS.index(step)
    previous = STEPS[index - 1] if index > 0 else None
    following = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return previous, following


def payload(current: dict) -> dict:
    """The body of ``POST /api/v1/advisor/assess`` for these answers (all steps answered)."""
    body = {key: current[key] for key in ("buyer", "decision_date", "value_nok", "subject", "novelty",
                                          "mutual_obligation")}
    supplier = {key: current[key] for key in ("nonprofit", "work_integration") if current.get(key) is not None}
    if supplier:
        body["supplier"] = supplier
    if current.get("outcome_based") is not None:
        body["outcome_based"] = current["outcome_based"]
    return body
