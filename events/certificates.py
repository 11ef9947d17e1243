"""Certificates of participation (issue 21: "certificates of participation as PDFs in the
participant's language"), through the platform's one PDF path (common.pdf.render_pdf: the
print stylesheet, tagged PDF/UA-1, the coalition's name in the document's language).

The certificate is written in the participant's language (Participant.language), whoever
downloads it: the coalition certifies that the participant (name, position, institution)
took part in the event (kind and title), held in its city and host country on its dates,
attending on the days the participant signed in (events.selectors.days_attended), and names
the organisers (the Presidency and/or the Technical Secretariat, or the host country, and the
co-organising actors). Only a participant who earns one (events.selectors.earns_certificate)
gets it: the page answers 404 for anyone else; who may download it is
`can_download_certificate`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from common.pdf import PdfDocument, render_pdf
from events import selectors
from events.models import Event, EventActor, Participant

TEMPLATE = "pdf/events/certificate.html"


def long_date(day: dt.date) -> str:
    """ "15 de febrero de 2027" / "15 February 2027" (the active language's DATE_FORMAT)."""
    return date_format(day, "DATE_FORMAT")


def date_span(first: dt.date, last: dt.date) -> str:
    """The event's dates in the active language: one day, or from the first to the last."""
    if first == last:
        return long_date(first)
    return _("from %(first)s to %(last)s") % {"first": long_date(first), "last": long_date(last)}


# "Organised by …": the organisers as the sentence names them (the choices' labels are
# capitalised for lists and forms).
ORGANISED_BY = {
    Event.Organiser.PRESIDENCY: pgettext_lazy("organised by", "the Presidency"),
    Event.Organiser.SECRETARIAT: pgettext_lazy("organised by", "the Technical Secretariat"),
    Event.Organiser.BOTH: pgettext_lazy(
        "organised by", "the Presidency and the Technical Secretariat"
    ),
    Event.Organiser.COUNTRY: pgettext_lazy("organised by", "a member country"),
}


def organisers(event: Event, co_organisers: list[EventActor]) -> str:
    """Who organised the event, in the active language: the coalition's organiser (the
    Presidency, ST, both, or the host country) and the co-organising actors."""
    if event.organised_by == Event.Organiser.COUNTRY and event.host_country is not None:
        first = event.host_country.name
    else:
        first = str(ORGANISED_BY[Event.Organiser(event.organised_by)])
    names = [first, *(str(a.actor) for a in co_organisers)]
    return get_text_list(names, _("and"))


def origin_of(participant: Participant) -> str:
    """The participant's country (in the active language) or the actor it comes from."""
    if participant.country is not None:
        return participant.country.name
    return str(participant.event_actor.actor) if participant.event_actor else ""


def certificate_context(participant: Participant) -> dict:
    """What the certificate shows, in the active language."""
    event = participant.event
    co_organisers = list(
        EventActor.objects.filter(event=event, role=EventActor.Role.ORGANISER)
        .select_related("actor")
        .order_by("actor__name")
    )
    place = ", ".join(
        part for part in (event.city, event.host_country.name if event.host_country else "") if part
    )
    return {
        "participant": participant,
        "event": event,
        "kind": Event.Kind(event.kind).label,
        "place": place,
        "dates": date_span(event.starts_on, event.ends_on),
        "days": [long_date(day) for day in selectors.days_attended(participant)],
        "organisers": organisers(event, co_organisers),
        "origin": origin_of(participant),
    }


def certificate_pdf(participant: Participant, *, base_url: str | None = None) -> PdfDocument:
    """The certificate in the participant's language. The caller checks that the
    participant earns one (events.selectors.earns_certificate)."""
    participant = Participant.objects.select_related(
        "event__host_country", "country", "event_actor__actor"
    ).get(pk=participant.pk)
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        return render_pdf(TEMPLATE, certificate_context(participant), base_url=base_url)


def certificate_filename(participant: Participant) -> str:
    return f"certificado-evento-{participant.event_id}-participante-{participant.pk}.pdf"
