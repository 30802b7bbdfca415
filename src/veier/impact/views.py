"""Thin views for impact measurement («Effektmåling») under /effekt/.

Every page about one analysis goes through ``_analysis``: someone who may not see the analysis gets a 404,
the same answer as for one that does not exist. Invalid forms are shown again with what was typed, status 422.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from veier.impact import importer, reports, selectors, services
from veier.impact.forms import (
    AnalysisForm,
    ImportForm,
    IndicatorForm,
    LogicModelForm,
    MeasurementForm,
    MonteCarloForm,
    OutcomeForm,
)
from veier.impact.models import Analysis, Indicator, Measurement, Outcome


def _analysis(request, pk: int) -> Analysis:
    analysis = selectors.analysis_for(request.user, pk)
    if analysis is None:
        raise Http404
    return analysis


def _status(*forms) -> int:
    return 422 if any(form is not None and form.errors for form in forms) else 200


def analysis_list(request):
    analyses = selectors.analyses_for(request.user)
    has_organisation = request.user.is_authenticated and request.user.memberships.exists()
    return render(request, "impact/list.html", {"analyses": analyses, "has_organisation": has_organisation})


@login_required
@require_http_methods(["GET", "POST"])
def analysis_create(request):
    if not request.user.memberships.exists():
        messages.info(request, _("Register or join an organisation before you create an impact analysis."))
        return redirect("impact:list")
    form = AnalysisForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            analysis = services.create_analysis(created_by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The analysis is created. Now describe its logic model."))
            return redirect("impact:logic_model", pk=analysis.pk)
    return render(request, "impact/analysis_form.html", {"form": form}, status=_status(form))


@login_required
def analysis_detail(request, pk: int):
    analysis = _analysis(request, pk)
    context = {
        "analysis": analysis,
        "outcomes": analysis.outcomes.all(),
        "indicators": selectors.indicators_with_measurements(analysis),
    }
    return render(request, "impact/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def analysis_edit(request, pk: int):
    analysis = _analysis(request, pk)
    form = AnalysisForm(request.POST or None, instance=analysis, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_analysis(analysis, **form.cleaned_data)
        messages.success(request, _("The analysis is saved."))
        return redirect(analysis)
    return render(request, "impact/analysis_form.html", {"form": form, "analysis": analysis}, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def logic_model(request, pk: int):
    analysis = _analysis(request, pk)
    form = LogicModelForm(request.POST or None, instance=analysis)
    if request.method == "POST" and form.is_valid():
        services.update_analysis(analysis, **form.cleaned_data)
        messages.success(request, _("The logic model is saved."))
        return redirect(analysis)
    return render(request, "impact/logic_model.html", {"form": form, "analysis": analysis}, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def outcomes(request, pk: int):
    analysis = _analysis(request, pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.save_outcome(Outcome(analysis=analysis), **form.cleaned_data)
        messages.success(request, _("The outcome is added."))
        return redirect("impact:outcomes", pk=analysis.pk)
    report = reports.build_report(analysis) if analysis.outcomes.exists() else None
    context = {"analysis": analysis, "form": form, "rows": report.outcome_rows if report and report.sroi else [],
               "outcomes": analysis.outcomes.all()}
    return render(request, "impact/outcomes.html", context, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, pk: int, outcome: int):
    analysis = _analysis(request, pk)
    instance = get_object_or_404(Outcome, pk=outcome, analysis=analysis)
    form = OutcomeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_outcome(instance, **form.cleaned_data)
        messages.success(request, _("The outcome is saved."))
        return redirect("impact:outcomes", pk=analysis.pk)
    context = {"analysis": analysis, "form": form, "outcome": instance}
    return render(request, "impact/outcome_edit.html", context, status=_status(form))


@login_required
@require_POST
def outcome_delete(request, pk: int, outcome: int):
    analysis = _analysis(request, pk)
    services.delete_outcome(get_object_or_404(Outcome, pk=outcome, analysis=analysis))
    messages.success(request, _("The outcome is deleted."))
    return redirect("impact:outcomes", pk=analysis.pk)


@login_required
@require_http_methods(["GET", "POST"])
def indicators(request, pk: int):
    analysis = _analysis(request, pk)
    form = IndicatorForm(request.POST or None, analysis=analysis)
    if request.method == "POST" and form.is_valid():
        indicator = services.save_indicator(Indicator(analysis=analysis), **form.cleaned_data)
        messages.success(request, _("The indicator is added. Now enter its measurements."))
        return redirect(indicator)
    context = {"analysis": analysis, "form": form, "indicators": selectors.indicators_with_measurements(analysis)}
    return render(request, "impact/indicators.html", context, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def indicator_detail(request, pk: int, indicator: int):
    """An indicator's measurements, with forms to add one by hand or import many from a file."""
    analysis = _analysis(request, pk)
    instance = get_object_or_404(Indicator, pk=indicator, analysis=analysis)
    importing = request.method == "POST" and request.POST.get("action") == "import"
    form = MeasurementForm(request.POST if request.method == "POST" and not importing else None)
    import_form = ImportForm(request.POST, request.FILES) if importing else ImportForm()
    import_errors: list[str] = []
    if importing:
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            result = importer.read_measurements(upload.name, upload.read())
            import_errors = result.errors
            if not result.errors:
                count = services.record_measurements(instance, result.rows)
                messages.success(request, _("%(count)s measurements are imported.") % {"count": count})
                return redirect(instance)
    elif request.method == "POST" and form.is_valid():
        services.record_measurements(instance, [form.cleaned_data])
        messages.success(request, _("The measurement is saved."))
        return redirect(instance)
    measurements = list(instance.measurements.all())
    context = {
        "analysis": analysis, "indicator": instance, "form": form, "import_form": import_form,
        "import_errors": import_errors, "measurements": measurements,
        "chart": reports.indicator_chart(instance) if measurements else None,
    }
    status = 422 if import_errors or (request.method == "POST" and (form.errors or import_form.errors)) else 200
    return render(request, "impact/indicator.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int, indicator: int):
    analysis = _analysis(request, pk)
    instance = get_object_or_404(Indicator, pk=indicator, analysis=analysis)
    form = IndicatorForm(request.POST or None, instance=instance, analysis=analysis)
    if request.method == "POST" and form.is_valid():
        services.save_indicator(instance, **form.cleaned_data)
        messages.success(request, _("The indicator is saved."))
        return redirect(instance)
    context = {"analysis": analysis, "form": form, "indicator": instance}
    return render(request, "impact/indicator_edit.html", context, status=_status(form))


@login_required
@require_POST
def indicator_delete(request, pk: int, indicator: int):
    analysis = _analysis(request, pk)
    services.delete_indicator(get_object_or_404(Indicator, pk=indicator, analysis=analysis))
    messages.success(request, _("The indicator is deleted."))
    return redirect("impact:indicators", pk=analysis.pk)


@login_required
@require_POST
def measurement_delete(request, pk: int, indicator: int, measurement: int):
    analysis = _analysis(request, pk)
    instance = get_object_or_404(Measurement, pk=measurement, indicator_id=indicator, indicator__analysis=analysis)
    services.delete_measurement(instance)
    messages.success(request, _("The measurement is deleted."))
    return redirect(instance.indicator)


def _report(request, analysis: Analysis) -> tuple[reports.AnalysisReport, MonteCarloForm]:
    monte_carlo_form = MonteCarloForm(request.GET or None)
    return reports.build_report(analysis, monte_carlo_form.settings()), monte_carlo_form


@login_required
def result(request, pk: int):
    analysis = _analysis(request, pk)
    report, monte_carlo_form = _report(request, analysis)
    context = {"analysis": analysis, "report": report, "monte_carlo_form": monte_carlo_form,
               "query": request.GET.urlencode()}
    return render(request, "impact/result.html", context, status=_status(monte_carlo_form))


@login_required
def report_page(request, pk: int):
    analysis = _analysis(request, pk)
    report, _form = _report(request, analysis)
    indicators = selectors.indicators_with_measurements(analysis)
    context = {"analysis": analysis, "report": report, "query": request.GET.urlencode(),
               "indicators": [(indicator, reports.indicator_chart(indicator), f"chart-indicator-{indicator.pk}")
                               for indicator in indicators]}
    return render(request, "impact/report.html", context)


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def _filename(analysis: Analysis, extension: str) -> str:
    """An ASCII file name, so every browser saves it under the same name."""
    return f"{slugify(analysis.title.translate(NORWEGIAN_LETTERS)) or 'analyse'}.{extension}"


@login_required
def report_pdf(request, pk: int):
    analysis = _analysis(request, pk)
    report, _form = _report(request, analysis)
    pdf = reports.render_pdf(report, selectors.indicators_with_measurements(analysis),
                             base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(analysis, "pdf")}"'
    return response


@login_required
def report_xlsx(request, pk: int):
    analysis = _analysis(request, pk)
    report, _form = _report(request, analysis)
    workbook = reports.render_workbook(report, selectors.indicators_with_measurements(analysis))
    response = HttpResponse(
        workbook, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(analysis, "xlsx")}"'
    return response
