"""Thin views for the collaboration guide: the wizard, the result (page and PDF), myths, saving.

The wizard asks one question per URL. With htmx a valid answer swaps in the next question and pushes
its URL, so the back button works; without JavaScript the same form posts and redirects. Answers
are kept in the session (``veier.advisor.wizard``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veier.advisor import selectors, services, wizard
from veier.advisor.forms import STEPS, STEPS_BY_SLUG, SaveResultForm
from veier.advisor.pdf import render_pdf
from veier.advisor.templatetags.advisor import money
from veier.collaborations.models import Collaboration


def _lang() -> str:
    return (get_language() or "nb")[:2]


def start(request):
    answers = wizard.answers(request)
    missing = wizard.first_unanswered(answers)
    context = {"first_step": STEPS[0], "has_answers": bool(answers), "next_step": missing,
               "complete": bool(answers) and missing is None}
    return render(request, "advisor/start.html", context)


@require_http_methods(["GET", "POST"])
def step(request, slug: str):
    current = STEPS_BY_SLUG.get(slug)
    if current is None:
        raise Http404
    answers = wizard.answers(request)
    form_class = current.form_class
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers = wizard.store(request, form.to_answers())
            _previous, target = wizard.neighbours(current)
            if target is None:
                url = reverse("advisor:result")
                if request.htmx:
                    return HttpResponse(status=204, headers={"HX-Redirect": url})
                return redirect(url)
            url = reverse("advisor:step", args=[target.slug])
            if request.htmx:
                response = _render_step(request, target, target.form_class(
                    initial=target.form_class.initial_from(answers)), fragment=True)
                response["HX-Push-Url"] = url
                return response
            return redirect(url)
        return _render_step(request, current, form, fragment=bool(request.htmx), status=422)
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    return _render_step(request, current, form_class(initial=form_class.initial_from(answers)), fragment=fragment)


def _render_step(request, current, form, *, fragment: bool, status: int = 200):
    previous, _following = wizard.neighbours(current)
    context = {
        "step": current, "form": form, "number": STEPS.index(current) + 1, "count": len(STEPS),
        "previous": previous, "field": next(iter(form)), "fragment": fragment,
    }
    template = "advisor/_step.html" if fragment else "advisor/step.html"
    return render(request, template, context, status=status)


@require_POST
def restart(request):
    wizard.clear(request)
    return redirect("advisor:step", slug=STEPS[0].slug)


def _complete_payload(request) -> dict | None:
    answers = wizard.answers(request)
    if wizard.first_unanswered(answers) is not None:
        return None
    return wizard.payload(answers)


def _summary(answers: dict) -> list[dict]:
    """Each question with the answer given, in words, for the result page."""
    rows = []
    for current in STEPS:
        form = current.form_class(initial=current.form_class.initial_from(answers))
        field = next(iter(form))
        value = field.initial
        choices = dict(getattr(field.field, "choices", []))
        if current.slug == "verdi":
            shown = money(answers["value_nok"])
        else:
            shown = choices.get(value, value)
        rows.append({"question": field.label, "answer": shown, "slug": current.slug})
    return rows


def result(request):
    payload = _complete_payload(request)
    if payload is None:
        missing = wizard.first_unanswered(wizard.answers(request))
        return redirect("advisor:step", slug=missing.slug)
    context = {"answer": selectors.answer_for(payload, _lang()), "summary": _summary(wizard.answers(request))}
    return render(request, "advisor/result.html", context)


def result_pdf(request):
    payload = _complete_payload(request)
    if payload is None:
        return redirect("advisor:start")
    context = {"answer": selectors.answer_for(payload, _lang()), "summary": _summary(wizard.answers(request))}
    pdf = render_pdf("advisor/result_pdf.html", context, request)
    return HttpResponse(pdf, content_type="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="samarbeidsveiviser.pdf"'})


def myths(request):
    return render(request, "advisor/myths.html", {"myths": selectors.myth_catalogue(_lang())})


@login_required
@require_http_methods(["GET", "POST"])
def save(request):
    payload = _complete_payload(request)
    if payload is None:
        return redirect("advisor:start")
    answer = selectors.answer_for(payload, _lang())
    # Forms the rules allow, the recommended ones first; the first recommended one is preselected.
    allowed = [f for group in answer["groups"][:2] for f in group["forms"]]
    choices = [(f["code"], f"{f['title']} ({f['fit'] == 'recommended' and _('recommended') or _('possible')})")
               for f in allowed]
    collaborations = selectors.collaborations_editable_by(request.user)
    form = SaveResultForm(request.POST or None, collaborations=collaborations, form_choices=choices,
                          initial={"form": allowed[0]["code"] if allowed else None,
                                   "collaboration": request.GET.get("collaboration")})
    if request.method == "POST" and form.is_valid():
        collaboration: Collaboration = form.cleaned_data["collaboration"]
        services.save_result(collaboration, payload=payload, form=form.cleaned_data["form"], lang=_lang())
        messages.success(request, _("The guide's result is saved on the collaboration."))
        return redirect(collaboration)
    context = {"form": form, "answer": answer, "has_collaborations": collaborations.exists()}
    return render(request, "advisor/save.html", context, status=422 if form.errors else 200)
