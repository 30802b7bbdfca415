"""Document drafts generated from a collaboration record: .docx (python-docx) and PDF (WeasyPrint).

The drafts are in bokmål whatever the page language, since they are meant to be signed by Norwegian
public bodies; they are the Veier project's own wording. Each draft is built once as plain data
(``Draft``) and rendered to both formats, so the two never differ. Every draft is marked as a draft to
be checked, and the conditions the rules require (no follow-up without a new procurement, no delivery
in return for a grant, the de minimis ceiling in force…) take their numbers from the rule data on the
decision date saved with the advisor's result, or today.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from veier.advisor.render import Money, format_money
from veier.advisor.rulebook import load_rulebook
from veier.collaborations.models import Collaboration

DRAFT_MARK = "UTKAST – må kvalitetssikres"
DRAFT_NOTE = (
    "Dette utkastet er laget av Veier ut fra opplysningene i samarbeidet. Det er ikke juridisk rådgivning. "
    "Les gjennom, tilpass og få dokumentet kvalitetssikret (for eksempel av innkjøps- eller juristfaglig "
    "personell) før det brukes."
)
KINDS = {
    "intensjonsavtale": "Intensjonsavtale",
    "pilotavtale": "Pilotavtale",
    "samarbeidsavtale": "Samarbeidsavtale",
    "tilskuddsbrev": "Tilskuddsbrev",
}
FORMATS = ("docx", "pdf")


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Draft:
    kind: str
    title: str
    subtitle: str
    sections: list[Section]
    signatories: list[str]

    @property
    def filename_stem(self) -> str:
        return f"{self.kind}-utkast"


def _kr(amount: Decimal | int | float | None) -> str:
    if amount is None:
        return "[beløp]"
    return format_money(Money(Decimal(str(amount)), "NOK"), "nb")


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "[dato]"


def _decision_day(collaboration: Collaboration) -> date:
    saved = (collaboration.assessment_input or {}).get("decision_date")
    try:
        day = date.fromisoformat(saved) if saved else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return max(day, load_rulebook().meta.coverage_from)


def _party_line(organisation) -> str:
    orgnr = f", org.nr. {organisation.orgnr_display}" if organisation.orgnr else ""
    return f"{organisation.name}{orgnr}"


def _parties(collaboration: Collaboration) -> Section:
    entrepreneurs = list(collaboration.entrepreneurs.order_by("name"))
    lines = [f"Offentlig part: {_party_line(collaboration.public_body)}"]
    lines += [f"Sosial entreprenør: {_party_line(e)}" for e in entrepreneurs] or ["Sosial entreprenør: [navn]"]
    return Section("1. Parter", lines)


def _purpose(collaboration: Collaboration, number: int, heading: str = "Bakgrunn og formål") -> Section:
    area = f" innenfor {collaboration.service_area.label_nb.lower()}" if collaboration.service_area else ""
    text = [f"Samarbeidet gjelder «{collaboration.title}»{area}."]
    text.append(collaboration.description or "[Beskriv utfordringen, målgruppen og hva partene vil oppnå.]")
    return Section(f"{number}. {heading}", text)


def _period(collaboration: Collaboration) -> str:
    return f"fra {_day(collaboration.start_date)} til {_day(collaboration.end_date)}"


def _regime_lines(collaboration: Collaboration) -> list[str]:
    """What the saved advisor result says about the rules, in bokmål, or a request to check them."""
    saved = collaboration.assessment_input
    if not saved:
        return ["Partene har ikke lagret en vurdering fra Samarbeidsveiviseren. Avklar hvilke regler som gjelder "
                "før avtalen inngås."]
    from veier.advisor.engine import assess_payload  # the record keeps the input; the answer is recomputed

    answer = assess_payload(saved, lang="nb")
    regime = answer["regime"]
    lines = [f"Regelverk etter Samarbeidsveiviseren (regeldata {answer['rulebook_version']}, "
             f"beslutningsdato {saved['decision_date']}): {regime['title']}."]
    if regime["legal_basis"]:
        lines.append("Rettslig grunnlag: " + ", ".join(regime["legal_basis"]) + ".")
    return lines


def letter_of_intent(collaboration: Collaboration) -> Draft:
    public = collaboration.public_body.name
    sections = [
        _parties(collaboration),
        _purpose(collaboration, 2),
        Section("3. Hva partene vil gjøre", [
            "Partene vil sammen undersøke om og hvordan de kan samarbeide, blant annet gjennom møter, "
            "deling av kunnskap om målgruppen og en felles vurdering av mulige løsninger.",
            f"Arbeidet skjer i perioden {_period(collaboration)}.",
        ]),
        Section("4. Ingen plikt til kjøp", [
            "Denne intensjonsavtalen er ikke bindende. Den forplikter ingen av partene til kjøp, salg, levering "
            "eller betaling.",
            f"Dersom {public} senere vil kjøpe en tjeneste, må det skje etter regelverket for offentlige "
            "anskaffelser, og intensjonsavtalen gir ingen fortrinnsrett.",
        ]),
        Section("5. Likebehandling", [
            f"{public} kan ha tilsvarende dialog med andre aktører. Informasjon som deles i samarbeidet, skal ikke "
            "gi noen part en urimelig fordel i en eventuell senere konkurranse.",
        ]),
        Section("6. Taushetsplikt og personvern", [
            "Partene behandler personopplysninger og taushetsbelagte opplysninger etter gjeldende regler og deler "
            "ikke slike opplysninger uten rettslig grunnlag.",
        ]),
        Section("7. Varighet og avslutning", [
            "Hver av partene kan avslutte samarbeidet med skriftlig melding til den andre parten.",
        ]),
    ]
    return Draft("intensjonsavtale", "Intensjonsavtale", collaboration.title, sections, _signatories(collaboration))


def pilot_agreement(collaboration: Collaboration) -> Draft:
    book = load_rulebook()
    day = _decision_day(collaboration)
    lower = book.threshold_at("lower_limit", day).value
    public = collaboration.public_body.name
    value = collaboration.value_nok
    if value is not None and value < lower:
        value_note = (f"Verdien er under nedre grense for anskaffelsesregelverket ({_kr(lower)} på "
                      f"beslutningsdatoen {_day(day)}).")
    else:
        value_note = (f"Verdien er på eller over nedre grense for anskaffelsesregelverket ({_kr(lower)} på "
                      f"beslutningsdatoen {_day(day)}). Valget av leverandør må følge reglene som gjelder.")
    sections = [
        _parties(collaboration),
        _purpose(collaboration, 2, "Formål med piloten"),
        Section("3. Omfang og varighet", [
            f"Piloten gjennomføres {_period(collaboration)}.",
            "[Angi hvor piloten gjennomføres, hvor mange brukere som deltar, og hva leverandøren skal gjøre.]",
            "Piloten er avgrenset til det som trengs for å prøve ut og lære av løsningen.",
        ]),
        Section("4. Pris og betaling", [
            f"Samlet vederlag for piloten er {_kr(value)} eksklusive merverdiavgift. Beløpet gjelder hele "
            "pilotperioden, inkludert eventuelle opsjoner og forlengelser.",
            value_note,
            "Det er ikke lov å dele opp et kjøp for å komme under en terskelverdi.",
        ]),
        Section("5. Læring og evaluering", [
            "Partene avtaler mål for piloten og hvordan erfaringer og resultater skal samles inn. Leverandøren kan "
            "forbedre løsningen underveis ut fra tilbakemeldinger fra brukerne.",
            "Piloten avsluttes med en felles evaluering av styrker og svakheter.",
        ]),
        Section("6. Videreføring etter piloten", [
            "Piloten gir ikke leverandøren rett til videre oppdrag.",
            f"Ønsker {public} å fortsette eller utvide tjenesten etter piloten, må det skje gjennom en ordinær "
            "anskaffelse etter regelverket for offentlige anskaffelser.",
        ]),
        Section("7. Taushetsplikt og personvern", [
            "Leverandøren behandler personopplysninger bare etter instruks og etter en egen "
            "databehandleravtale der det trengs.",
        ]),
        Section("8. Mislighold og avslutning", [
            "Ved vesentlig mislighold kan den andre parten heve avtalen etter skriftlig varsel.",
        ]),
    ]
    return Draft("pilotavtale", "Pilotavtale", collaboration.title, sections, _signatories(collaboration))


def collaboration_agreement(collaboration: Collaboration) -> Draft:
    book = load_rulebook()
    day = _decision_day(collaboration)
    framework = book.at("framework_max_duration", day)
    max_years = framework.params.get("framework_max_years") if framework else None
    form_title = next((f.title.nb for f in book.forms if f.code == collaboration.form), None)
    form_line = (f"Samarbeidsform: {form_title}." if form_title
                 else "Samarbeidsform: [ikke valgt – bruk Samarbeidsveiviseren]")
    duration = [f"Avtalen gjelder {_period(collaboration)}."]
    if max_years:
        duration.append(f"Er avtalen en rammeavtale, kan den normalt ikke vare lenger enn {max_years} år til sammen, "
                        "medregnet forlengelser.")
    sections = [
        _parties(collaboration),
        _purpose(collaboration, 2, "Formål, tjenesten og målgruppen"),
        Section("3. Samarbeidsform og regelverk", [form_line, *_regime_lines(collaboration)]),
        Section("4. Varighet", duration),
        Section("5. Pris og betaling", [
            f"Samlet anslått verdi for hele avtaleperioden er {_kr(collaboration.value_nok)} eksklusive "
            "merverdiavgift, inkludert opsjoner og forlengelser.",
            "[Angi betalingsplan og eventuelle resultatbaserte elementer.]",
        ]),
        Section("6. Rapportering og effektmåling", [
            "Leverandøren rapporterer på avtalte indikatorer [angi hvilke og hvor ofte]. Partene gjennomgår "
            "resultatene sammen minst én gang i året.",
        ]),
        Section("7. Endringer, mislighold og oppsigelse", [
            "Endringer avtales skriftlig. Vesentlige endringer i avtalen kan kreve en ny anskaffelse.",
            "Ved vesentlig mislighold kan den andre parten heve avtalen etter skriftlig varsel.",
        ]),
    ]
    return Draft("samarbeidsavtale", "Samarbeidsavtale", collaboration.title, sections, _signatories(collaboration))


def grant_letter(collaboration: Collaboration) -> Draft:
    book = load_rulebook()
    day = _decision_day(collaboration)
    public = collaboration.public_body.name
    recipients = " og ".join(e.name for e in collaboration.entrepreneurs.order_by("name")) or "[mottaker]"
    de_minimis = book.at("de_minimis", day)
    if de_minimis is not None and getattr(de_minimis, "value", 0) > 0:
        ceiling = format_money(Money(de_minimis.value, de_minimis.currency), "nb")
        state_aid = [
            "Tilskuddet gis som bagatellmessig støtte (de minimis). Før utbetaling må mottakeren skriftlig "
            f"opplyse hvor mye slik støtte foretaket har fått de siste {de_minimis.period_years} årene. Samlet "
            f"bagatellmessig støtte kan ikke overstige {ceiling}.",
            f"{public} fører oversikt over støtten som gis.",
        ]
    else:
        state_aid = ["Reglene om bagatellmessig støtte var ikke i kraft på beslutningsdatoen. Vurder reglene om "
                     "offentlig støtte før tilsagnet gis."]
    entrepreneurs = collaboration.entrepreneurs.order_by("name")
    sections = [
        Section("Tilskuddsyter og mottaker", [
            f"Tilskuddsyter: {_party_line(collaboration.public_body)}",
            *(f"Mottaker: {_party_line(e)}" for e in entrepreneurs),
        ]),
        Section("Tilsagn", [
            f"{public} gir {recipients} et tilskudd på {_kr(collaboration.value_nok)} til «{collaboration.title}».",
            f"Tilskuddet gjelder perioden {_period(collaboration)}.",
        ]),
        _purpose(collaboration, 1, "Formål"),
        Section("2. Tilskudd, ikke kjøp", [
            f"Tilskuddet er støtte til mottakerens eget prosjekt. {public} kjøper ingen tjeneste og har ikke krav "
            "på noen leveranse tilbake. Mottakeren eier, styrer og har ansvaret for prosjektet.",
            "Hvis vilkårene i praksis gjør at mottakeren skal levere en tjeneste til oss, er det en kontrakt, og "
            "da gjelder regelverket for offentlige anskaffelser.",
        ]),
        Section("3. Bruk av midlene", [
            "Tilskuddet skal bare brukes til formålet over. Endringer i prosjektet må avtales skriftlig på forhånd.",
        ]),
        Section("4. Rapportering", [
            f"Mottakeren sender innen {_day(collaboration.end_date)} (eller tre måneder etter at prosjektet er "
            "avsluttet) en kort rapport om hva som er gjort og oppnådd, og et regnskap for bruken av midlene.",
        ]),
        Section("5. Kontroll og tilbakebetaling", [
            f"{public} kan kontrollere at midlene brukes etter forutsetningene. Midler som ikke er brukt, eller "
            "som er brukt i strid med vilkårene, kan kreves betalt tilbake.",
        ]),
        Section("6. Offentlig støtte", state_aid),
        Section("7. Aksept", [
            "Tilsagnet gjelder når mottakeren har signert og returnert dette brevet innen [dato].",
        ]),
    ]
    return Draft("tilskuddsbrev", "Tilskuddsbrev", f"Tilsagn om tilskudd – {collaboration.title}", sections,
                 _signatories(collaboration))


def _signatories(collaboration: Collaboration) -> list[str]:
    names = [collaboration.public_body.name, *(e.name for e in collaboration.entrepreneurs.order_by("name"))]
    return names


BUILDERS = {
    "intensjonsavtale": letter_of_intent,
    "pilotavtale": pilot_agreement,
    "samarbeidsavtale": collaboration_agreement,
    "tilskuddsbrev": grant_letter,
}


def build(collaboration: Collaboration, kind: str) -> Draft:
    if kind not in BUILDERS:
        raise KeyError(kind)
    return BUILDERS[kind](collaboration)


def to_docx(draft: Draft) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = Document()
    document.core_properties.title = f"{draft.title} ({DRAFT_MARK})"
    document.core_properties.author = "Veier"
    red = RGBColor(0xB0, 0x00, 0x20)
    for paragraph in (document.sections[0].header.paragraphs[0],):
        run = paragraph.add_run(DRAFT_MARK)
        run.bold = True
        run.font.color.rgb = red
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run(DRAFT_MARK)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = red
    document.add_paragraph(DRAFT_NOTE).runs[0].italic = True
    document.add_heading(draft.title, level=0)
    document.add_paragraph(draft.subtitle)
    for section in draft.sections:
        document.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            document.add_paragraph(text)
    document.add_heading("Underskrifter", level=1)
    table = document.add_table(rows=3, cols=len(draft.signatories))
    for column, name in enumerate(draft.signatories):
        table.cell(0, column).text = name
        table.cell(1, column).text = "Sted og dato: ______________________"
        table.cell(2, column).text = "Signatur: _________________________"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(draft: Draft) -> bytes:
    from veier.advisor.pdf import render_pdf

    return render_pdf("collaborations/document_pdf.html",
                      {"draft": draft, "draft_mark": DRAFT_MARK, "draft_note": DRAFT_NOTE})
