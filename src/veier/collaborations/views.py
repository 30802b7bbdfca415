"""Thin views for collaboration records: list, create, detail with timeline, edit, stage, documents.

Only members of the parties see a record: others get a 404, so the existence of a collaboration is not
revealed. A record someone may see but not change (platform staff) gives a 403 on the edit pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veier.advisor import documents
from veier.advisor.selectors import form_titles
from veier.collaborations import services
from veier.collaborations.forms import CollaborationForm, StageForm
from veier.collaborations.models import Collaboration, Stage
from veier.collaborations.selectors import can_edit, visible_to
from veier.organisations.models import Organisation

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _lang() -> str:
    return (get_language() or "nb")[:2]


def _public_bodies_of(user):
    return Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY, memberships__user=user).order_by("name")


def _visible(request, pk: int) -> Collaboration:
    return get_object_or_404(visible_to(request.user).select_related("public_body", "service_area"), pk=pk)


@login_required
def collaboration_list(request):
    collaborations = visible_to(request.user).select_related("public_body").prefetch_related("entrepreneurs")
    context = {"collaborations": collaborations, "can_create": _public_bodies_of(request.user).exists(),
               "form_titles": form_titles(_lang())}
    return render(request, "collaborations/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    public_bodies = _public_bodies_of(request.user)
    if not public_bodies.exists():
        return render(request, "collaborations/no_public_body.html", status=403)
    form = CollaborationForm(request.POST or None, public_bodies=public_bodies, lang=_lang(),
                             initial={"public_body": public_bodies.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        collaboration = services.create_collaboration(created_by=request.user, **data)
        messages.success(request, _("The collaboration is registered."))
        return redirect(collaboration)
    return render(request, "collaborations/form.html", {"form": form, "creating": True},
                  status=422 if form.errors else 200)


@login_required
def detail(request, pk: int):
    collaboration = _visible(request, pk)
    context = {
        "collaboration": collaboration,
        "entrepreneurs": collaboration.entrepreneurs.order_by("name"),
        "timeline": collaboration.timeline.select_related("changed_by"),
        "can_edit": can_edit(request.user, collaboration),
        "stage_form": StageForm(initial={"stage": collaboration.stage}),
        "stages": Stage.choices,
        "form_title": form_titles(_lang()).get(collaboration.form, ""),
        "documents": documents.KINDS,
    }
    return render(request, "collaborations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    collaboration = _visible(request, pk)
    if not can_edit(request.user, collaboration):
        return render(request, "403.html", status=403)
    initial = {
        "title": collaboration.title, "description": collaboration.description,
        "entrepreneurs": collaboration.entrepreneurs.all(), "service_area": collaboration.service_area,
        "form": collaboration.form, "value_nok": collaboration.value_nok if collaboration.value_nok is not None else "",
        "start_date": collaboration.start_date, "end_date": collaboration.end_date,
    }
    form = CollaborationForm(request.POST or None, lang=_lang(), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_collaboration(collaboration, **form.cleaned_data)
        messages.success(request, _("The collaboration is saved."))
        return redirect(collaboration)
    return render(request, "collaborations/form.html", {"form": form, "collaboration": collaboration},
                  status=422 if form.errors else 200)


@login_required
@require_POST
def change_stage(request, pk: int):
    collaboration = _visible(request, pk)
    if not can_edit(request.user, collaboration):
        return render(request, "403.html", status=403)
    form = StageForm(request.POST)
    if form.is_valid():
        services.move_to_stage(collaboration, form.cleaned_data["stage"], changed_by=request.user,
                               note=form.cleaned_data["note"])
        messages.success(request, _("The stage is changed."))
        return redirect(collaboration)
    context = {
        "collaboration": collaboration, "entrepreneurs": collaboration.entrepreneurs.order_by("name"),
        "timeline": collaboration.timeline.select_related("changed_by"), "can_edit": True, "stage_form": form,
        "stages": Stage.choices, "form_title": form_titles(_lang()).get(collaboration.form, ""),
        "documents": documents.KINDS,
    }
    return render(request, "collaborations/detail.html", context, status=422)


@login_required
def document(request, pk: int, kind: str, fmt: str):
    collaboration = _visible(request, pk)
    if kind not in documents.KINDS or fmt not in documents.FORMATS:
        raise Http404
    draft = documents.build(collaboration, kind)
    content = documents.to_docx(draft) if fmt == "docx" else documents.to_pdf(draft)
    filename = f"{draft.filename_stem}-{collaboration.pk}.{fmt}"
    return HttpResponse(content, content_type=CONTENT_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
