"""What the archive takes from the source documents (issue 18): one archive entry per
regional agreement of 003 §IV.C, which members.loaders.load_regional_agreements loads as
legal instruments (members is below communications: it never imports this module; the
source-loading command runs this after it, communications.apps.load_source_data).

Idempotent: an entry is written only when one of its values differs from the instrument's,
so a second run changes nothing (and writes no history)."""

from __future__ import annotations

from django.db import transaction

from communications.models import AccessLevel, Document
from communications.services.archive import document_register
from members.models import LegalInstrument


def _agreement_values(instrument: LegalInstrument) -> dict:
    return {
        "title": instrument.name[:300],
        "kind": Document.Kind.REGIONAL_AGREEMENT,
        "access": AccessLevel.PUBLIC,
        "date": instrument.date,
        "language": Document.Language.ES,
        "description": instrument.notes,
        "organ": Document.Organ.EXTERNAL,
        "country": None,
    }


def _extra_values(instrument: LegalInstrument) -> dict:
    """What document_register does not take: the link to the instrument, the line of the
    source and the year (the register derives the year from a date, which most lack)."""
    return {
        "legal_instrument_id": instrument.pk,
        "reference": instrument.source[:200],
        "year": instrument.date.year if instrument.date else instrument.year,
    }


def _differs(document: Document | None, values: dict) -> bool:
    if document is None:
        return True
    return any(getattr(document, key) != value for key, value in values.items())


@transaction.atomic
def load_regional_agreements_archive() -> dict[str, int]:
    """One PUBLIC archive document per instrument of scope "agreement" (no file: the source
    lists them, it does not hold their text). Returns how many entries were created or
    changed (zero on a re-run)."""
    instruments = LegalInstrument.objects.filter(scope=LegalInstrument.Scope.AGREEMENT).order_by(
        "position"
    )
    existing = {
        d.legal_instrument_id: d
        for d in Document.objects.filter(legal_instrument__in=instruments).select_related("country")
    }
    changed = 0
    for instrument in instruments:
        document = existing.get(instrument.pk)
        values, extra = _agreement_values(instrument), _extra_values(instrument)
        if not _differs(document, values | extra):
            continue
        if _differs(document, values):
            document = document_register(source=instrument, by=None, **values)
        if _differs(document, extra):
            for key, value in extra.items():
                setattr(document, key, value)
            document.save(update_fields=["legal_instrument", "reference", "year", "updated_at"])
        changed += 1
    return {"archive_agreements": changed}
