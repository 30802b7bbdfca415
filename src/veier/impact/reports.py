"""Running a saved analysis through the engine, and turning the result into charts, a PDF and a workbook.

One ``AnalysisReport`` feeds every output (the result page, the report page, the PDF and the Excel impact
map), so they always show the same numbers. Charts go three ways: Chart.js configurations for the web pages
(passed as JSON data blocks, drawn by static/veier/charts.js), hand-written SVG for the PDF (WeasyPrint draws
SVG but runs no JavaScript), and native charts in the workbook. Ratios stay unrounded until displayed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from veier.impact.engine import (
    BreakEven,
    ImpactInputError,
    MonteCarloResult,
    SroiResult,
    Tornado,
    Uncertainty,
    break_evens,
    calculate_sroi,
    format_nok,
    format_number,
    format_percent,
    format_ratio,
    one_at_a_time,
    simulate,
    standard_ranges,
)
from veier.impact.models import Analysis, Level

DEFAULT_MONTE_CARLO = {"spread": 20, "draws": 10_000, "seed": 1}
LEVEL_LABELS = dict(Level.choices)


def parameter_label(parameter: str) -> str:
    return {
        "quantity": _("Quantity"), "proxy_value_nok": _("Financial proxy"), "deadweight": _("Deadweight"),
        "displacement": _("Displacement"), "attribution": _("Attribution"), "drop_off": _("Drop-off"),
        "duration_years": _("Duration"), "start_year": _("Start year"), "discount_rate": _("Discount rate"),
        "investment_nok": _("Investment"),
    }.get(parameter, parameter)


def _describe_change(bar) -> str:
    change = bar.range
    label = parameter_label(change.parameter)
    if change.how == "scale":
        return f"{label} ×{format_number(change.low, 1)}–{format_number(change.high, 1)}"
    if change.parameter in ("deadweight", "displacement", "attribution", "drop_off", "discount_rate"):
        return f"{label} {format_percent(change.low, 0)} / +{format_percent(change.high, 0)}"
    return f"{label} {format_number(change.low, 0)} / +{format_number(change.high, 0)}"


@dataclass
class AnalysisReport:
    analysis: Analysis
    outcomes: list
    sroi: SroiResult | None = None
    tornado: Tornado | None = None
    break_evens: tuple[BreakEven, ...] = ()
    monte_carlo: MonteCarloResult | None = None
    monte_carlo_settings: dict = field(default_factory=lambda: dict(DEFAULT_MONTE_CARLO))
    error: str = ""

    # --- rows for tables, formatted the Norwegian way ------------------------------------------------------

    @property
    def level_rows(self) -> list[dict]:
        return [{"label": LEVEL_LABELS[level.value], "value": value, "display": format_nok(value, 0)}
                for level, value in self.sroi.by_level.items()]

    @property
    def year_rows(self) -> list[dict]:
        return [{"year": y.year, "value": format_nok(y.value_nok, 0), "factor": format_number(y.discount_factor, 4),
                 "present_value": format_nok(y.present_value_nok, 0)} for y in self.sroi.years]

    @property
    def outcome_rows(self) -> list[dict]:
        rows = []
        for outcome, result in zip(self.outcomes, self.sroi.outcomes, strict=True):
            rows.append({"outcome": outcome, "level": LEVEL_LABELS[outcome.level],
                         "first_year": format_nok(result.first_year_impact_nok, 0),
                         "present_value": format_nok(result.present_value_nok, 0)})
        return rows

    @property
    def tornado_rows(self) -> list[dict]:
        return [{"label": _describe_change(bar), "low": format_ratio(bar.ratio_low),
                 "high": format_ratio(bar.ratio_high), "swing": format_ratio(bar.swing)} for bar in self.tornado.bars]

    @property
    def break_even_rows(self) -> list[dict]:
        rows = []
        for item in self.break_evens:
            name = parameter_label(item.parameter)
            if item.outcome is not None:
                name = f"{name}: {self.outcomes[item.outcome].name}"
            rows.append({"label": name, "current": self._break_even_value(item, item.current),
                         "value": self._break_even_value(item, item.value)})
        return rows

    @staticmethod
    def _break_even_value(item: BreakEven, value) -> str:
        if value is None:
            return "–"
        if item.kind == "factor":
            return f"×{format_number(value, 2)}"
        if item.parameter in ("deadweight", "displacement", "attribution", "drop_off", "discount_rate"):
            return format_percent(value, 1)
        if item.parameter in ("proxy_value_nok", "investment_nok"):
            return format_nok(value, 0)
        return format_number(value, 2)

    @property
    def histogram_rows(self) -> list[dict]:
        edges, counts = self.monte_carlo.histogram.edges, self.monte_carlo.histogram.counts
        return [{"from": format_ratio(edges[i]), "to": format_ratio(edges[i + 1]), "count": counts[i]}
                for i in range(len(counts))]

    # --- Chart.js configurations ---------------------------------------------------------------------------

    def level_chart(self) -> dict:
        rows = self.level_rows
        return _bar_config([r["label"] for r in rows], [round(r["value"], 2) for r in rows], _("Present value (NOK)"))

    def year_chart(self) -> dict:
        config = _bar_config([str(y.year) for y in self.sroi.years], [round(y.value_nok, 2) for y in self.sroi.years],
                             _("Value (NOK)"))
        config["data"]["datasets"].append({"label": _("Present value (NOK)"),
                                           "data": [round(y.present_value_nok, 2) for y in self.sroi.years],
                                           "backgroundColor": "#7e57c2"})
        return config

    def tornado_chart(self) -> dict:
        bars = self.tornado.bars
        config = _bar_config([_describe_change(b) for b in bars],
                             [[round(min(b.ratio_low, b.ratio_high), 4), round(max(b.ratio_low, b.ratio_high), 4)]
                              for b in bars], _("SROI ratio"))
        config["options"]["indexAxis"] = "y"
        return config

    def histogram_chart(self) -> dict:
        rows = self.histogram_rows
        config = _bar_config([r["from"] for r in rows], [r["count"] for r in rows], _("Draws"))
        config["data"]["datasets"][0]["barPercentage"] = 1.0
        config["data"]["datasets"][0]["categoryPercentage"] = 1.0
        return config

    # --- SVG for the PDF -----------------------------------------------------------------------------------

    def level_svg(self) -> SafeString:
        rows = self.level_rows
        return svg_bars([r["label"] for r in rows], [r["value"] for r in rows], [r["display"] for r in rows])

    def year_svg(self) -> SafeString:
        return svg_bars([_("Year %(year)s") % {"year": y.year} for y in self.sroi.years],
                        [y.present_value_nok for y in self.sroi.years],
                        [format_nok(y.present_value_nok, 0) for y in self.sroi.years])

    def histogram_svg(self) -> SafeString:
        rows = self.histogram_rows
        return svg_columns([r["from"] for r in rows], [r["count"] for r in rows])


def _bar_config(labels: list[str], data: list, label: str) -> dict:
    return {
        "type": "bar",
        "data": {"labels": labels, "datasets": [{"label": label, "data": data, "backgroundColor": "#1e6bb8"}]},
        "options": {"plugins": {"legend": {"display": True}}},
    }


def build_report(analysis: Analysis, monte_carlo_settings: dict | None = None) -> AnalysisReport:
    """Calculate everything shown about an analysis; an incomplete analysis gets ``error`` instead."""
    outcomes = list(analysis.outcomes.all())
    report = AnalysisReport(analysis=analysis, outcomes=outcomes,
                            monte_carlo_settings=dict(monte_carlo_settings or DEFAULT_MONTE_CARLO))
    if not outcomes:
        report.error = _("Add at least one outcome to calculate the SROI ratio.")
        return report
    case = analysis.as_engine_input(outcomes)
    try:
        report.sroi = calculate_sroi(case)
        report.tornado = one_at_a_time(case, standard_ranges())
        report.break_evens = break_evens(case)
        report.monte_carlo = simulate(case, uncertainties(case, report.monte_carlo_settings["spread"]),
                                      draws=report.monte_carlo_settings["draws"],
                                      seed=report.monte_carlo_settings["seed"], bins=20)
    except ImpactInputError as error:
        report.error = _("The analysis cannot be calculated: %(field)s: %(message)s") % {
            "field": error.field, "message": error.message}
    return report


def uncertainties(case, spread_percent: int) -> list[Uncertainty]:
    """Triangular ranges of ± ``spread_percent`` on every outcome's quantity and financial proxy."""
    share = spread_percent / 100
    ranges = []
    for index, outcome in enumerate(case.outcomes):
        for parameter in ("quantity", "proxy_value_nok"):
            mode = float(getattr(outcome, parameter))
            ranges.append(Uncertainty(parameter, mode * (1 - share), mode, mode * (1 + share), index))
    return ranges


# --- SVG charts -----------------------------------------------------------------------------------------------


def svg_bars(labels: list[str], values: list[float], texts: list[str], *, width: int = 640) -> SafeString:
    """Horizontal bars with their labels on the left and the formatted value at the end."""
    row, label_width, text_width = 26, 170, 120
    height = row * len(values) + 10
    top = max([abs(v) for v in values] + [1.0])
    scale = (width - label_width - text_width) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">']
    for index, (label, value, text) in enumerate(zip(labels, values, texts, strict=True)):
        y = 5 + index * row
        length = max(0.0, value) * scale
        parts.append(f'<text x="0" y="{y + 16}">{escape(label[:32])}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" fill="#1e6bb8"/>')
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 16}">{escape(text)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def svg_columns(labels: list[str], values: list[float], *, width: int = 640, height: int = 200) -> SafeString:
    """Vertical columns (a histogram) with the first and last labels under the axis."""
    bottom, top_margin = 20, 5
    top = max(values + [1])
    column = width / max(1, len(values))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">']
    usable = height - bottom - top_margin
    for index, value in enumerate(values):
        bar = usable * value / top
        parts.append(f'<rect x="{index * column + 1:.1f}" y="{height - bottom - bar:.1f}" '
                     f'width="{column - 2:.1f}" height="{bar:.1f}" fill="#1e6bb8"/>')
    if labels:
        parts.append(f'<text x="0" y="{height - 5}">{escape(labels[0])}</text>')
        parts.append(f'<text x="{width}" y="{height - 5}" text-anchor="end">{escape(labels[-1])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def svg_line(points: list[tuple[str, float]], target: float | None, *, width: int = 640,
             height: int = 200) -> SafeString:
    """Measurements as a line, with the target as a dashed line."""
    left, bottom, top_margin = 50, 20, 10
    values = [v for _, v in points] + ([target] if target is not None else [])
    high, low = max(values + [0.0]), min(values + [0.0])
    span = (high - low) or 1.0
    usable_w, usable_h = width - left - 10, height - bottom - top_margin

    def y(value: float) -> float:
        return top_margin + usable_h * (high - value) / span

    step = usable_w / max(1, len(points) - 1)
    coordinates = " ".join(f"{left + i * step:.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             f'<text x="0" y="{y(high) + 4:.1f}">{escape(format_number(high, 0))}</text>',
             f'<text x="0" y="{y(low) + 4:.1f}">{escape(format_number(low, 0))}</text>']
    if target is not None:
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
                     'stroke="#c0392b" stroke-dasharray="6 4"/>')
    if points:
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="#1e6bb8" stroke-width="2"/>')
        parts.append(f'<text x="{left}" y="{height - 5}">{escape(points[0][0])}</text>')
        parts.append(f'<text x="{width - 10}" y="{height - 5}" text-anchor="end">{escape(points[-1][0])}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def indicator_chart(indicator) -> dict:
    """Chart.js line chart of an indicator's measurements against its target (and baseline)."""
    measurements = list(indicator.measurements.all())
    labels = [m.date.isoformat() for m in measurements]
    datasets = [{"label": indicator.name, "data": [float(m.value) for m in measurements],
                 "borderColor": "#1e6bb8", "backgroundColor": "#1e6bb8"}]
    if indicator.target is not None:
        datasets.append({"label": _("Target"), "data": [float(indicator.target)] * len(labels),
                         "borderColor": "#c0392b", "borderDash": [6, 4], "pointRadius": 0})
    if indicator.baseline is not None:
        datasets.append({"label": _("Baseline"), "data": [float(indicator.baseline)] * len(labels),
                         "borderColor": "#6b6b6b", "borderDash": [2, 3], "pointRadius": 0})
    return {"type": "line", "data": {"labels": labels, "datasets": datasets}, "options": {}}


def indicator_svg(indicator) -> SafeString:
    points = [(m.date.strftime("%d.%m.%Y"), float(m.value)) for m in indicator.measurements.all()]
    return svg_line(points, float(indicator.target) if indicator.target is not None else None)


# --- PDF ------------------------------------------------------------------------------------------------------


def render_pdf(report: AnalysisReport, indicators, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("impact/report_pdf.html", {
        "report": report, "analysis": report.analysis,
        "indicators": [(indicator, indicator_svg(indicator)) for indicator in indicators],
    })
    return HTML(string=html, base_url=base_url).write_pdf()


# --- Excel ----------------------------------------------------------------------------------------------------

NOK_FORMAT = '#,##0 "kr"'
SHARE_FORMAT = "0.0%"


def render_workbook(report: AnalysisReport, indicators) -> bytes:
    """The impact map as an .xlsx workbook: value map, result with native charts, indicators.

    Cells hold numbers with number formats, not formatted text, so Excel and LibreOffice show them with the
    reader's own separators (Norwegian: 1 234 567 kr) and they can still be calculated with.
    """
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    analysis = report.analysis
    workbook = Workbook()
    bold = Font(bold=True)

    sheet = workbook.active
    sheet.title = _("Impact map")[:31]
    sheet.append([analysis.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([analysis.organisation.name])
    sheet.append([])
    headers = [_("Outcome"), _("Stakeholder"), _("Level"), _("Quantity"), _("Financial proxy (NOK)"),
               _("Deadweight"), _("Displacement"), _("Attribution"), _("Drop-off"), _("Duration (years)"),
               _("Start year"), _("Impact year 1 (NOK)"), _("Present value (NOK)")]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = bold
    results = report.sroi.outcomes if report.sroi else [None] * len(report.outcomes)
    for outcome, result in zip(report.outcomes, results, strict=True):
        sheet.append([
            outcome.name, outcome.stakeholder, str(LEVEL_LABELS[outcome.level]), float(outcome.quantity),
            float(outcome.proxy_value_nok), float(outcome.deadweight), float(outcome.displacement),
            float(outcome.attribution), float(outcome.drop_off), outcome.duration_years, outcome.start_year,
            result.first_year_impact_nok if result else None, result.present_value_nok if result else None,
        ])
        row = sheet.max_row
        for column in ("E", "L", "M"):
            sheet[f"{column}{row}"].number_format = NOK_FORMAT
        for column in "FGHI":
            sheet[f"{column}{row}"].number_format = SHARE_FORMAT
    for column, width in zip("ABCDEFGHIJKLM", (30, 22, 14, 10, 18, 12, 12, 12, 10, 10, 10, 18, 18), strict=True):
        sheet.column_dimensions[column].width = width

    if report.sroi:
        result_sheet = workbook.create_sheet(_("Result")[:31])
        sroi = report.sroi
        summary = [
            (_("Investment (NOK)"), sroi.investment_nok, NOK_FORMAT),
            (_("Total present value (NOK)"), sroi.total_present_value_nok, NOK_FORMAT),
            (_("Net present value (NOK)"), sroi.net_present_value_nok, NOK_FORMAT),
            (_("SROI ratio"), sroi.ratio, "0.00"),
            (_("Discount rate"), float(analysis.discount_rate), SHARE_FORMAT),
        ]
        for label, value, number_format in summary:
            result_sheet.append([label, value])
            result_sheet.cell(result_sheet.max_row, 2).number_format = number_format
        result_sheet.append([])
        header_row = result_sheet.max_row + 1
        result_sheet.append([_("Year"), _("Value (NOK)"), _("Discount factor"), _("Present value (NOK)")])
        for cell in result_sheet[header_row]:
            cell.font = bold
        for year in sroi.years:
            result_sheet.append([year.year, year.value_nok, year.discount_factor, year.present_value_nok])
            row = result_sheet.max_row
            result_sheet.cell(row, 2).number_format = NOK_FORMAT
            result_sheet.cell(row, 3).number_format = "0.0000"
            result_sheet.cell(row, 4).number_format = NOK_FORMAT
        last_year_row = result_sheet.max_row

        result_sheet.append([])
        level_header = result_sheet.max_row + 1
        result_sheet.append([_("Level"), _("Present value (NOK)")])
        for cell in result_sheet[level_header]:
            cell.font = bold
        for row in report.level_rows:
            result_sheet.append([str(row["label"]), row["value"]])
            result_sheet.cell(result_sheet.max_row, 2).number_format = NOK_FORMAT
        last_level_row = result_sheet.max_row
        result_sheet.column_dimensions["A"].width = 28
        for column in "BCD":
            result_sheet.column_dimensions[column].width = 20

        chart = BarChart()
        chart.title = _("Value per year")
        chart.y_axis.title = "NOK"
        chart.add_data(Reference(result_sheet, min_col=2, max_col=2, min_row=header_row, max_row=last_year_row),
                       titles_from_data=True)
        chart.add_data(Reference(result_sheet, min_col=4, max_col=4, min_row=header_row, max_row=last_year_row),
                       titles_from_data=True)
        chart.set_categories(Reference(result_sheet, min_col=1, min_row=header_row + 1, max_row=last_year_row))
        result_sheet.add_chart(chart, "F2")

        levels = BarChart()
        levels.title = _("Value per level")
        levels.add_data(Reference(result_sheet, min_col=2, min_row=level_header, max_row=last_level_row),
                        titles_from_data=True)
        levels.set_categories(Reference(result_sheet, min_col=1, min_row=level_header + 1, max_row=last_level_row))
        result_sheet.add_chart(levels, "F20")

    indicator_sheet = workbook.create_sheet(_("Indicators")[:31])
    indicator_sheet.append([_("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Data source"), _("Date"),
                            _("Value"), _("Note")])
    for cell in indicator_sheet[1]:
        cell.font = bold
    for indicator in indicators:
        base = [indicator.name, indicator.unit,
                float(indicator.baseline) if indicator.baseline is not None else None,
                float(indicator.target) if indicator.target is not None else None, indicator.data_source]
        measurements = list(indicator.measurements.all()) or [None]
        for measurement in measurements:
            if measurement is None:
                indicator_sheet.append(base)
            else:
                indicator_sheet.append([*base, measurement.date, float(measurement.value), measurement.note])
                indicator_sheet.cell(indicator_sheet.max_row, 6).number_format = "DD.MM.YYYY"
    indicator_sheet.column_dimensions["A"].width = 30

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
