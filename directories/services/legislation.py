"""Writes of the comparative legislation (issue 19; 002 e.A asks for comparative matrices of
the member countries' legislation, 001 §5.D.5 and §5.E.1 for following the legislative
reviews).

Rules: a country's focal point proposes or edits its own country's cells, never another's
(not_your_country); the Technical Secretariat validates a proposed cell or returns it with
a note (secretariat_only, not_proposed, note_required); a validated cell edited again goes
back to proposed while the public keeps the text validated last; every edit carries the
version it was read at (stale_version, common.versions). A country's reforms are recorded by
its focal point or ST; a reform that reaches "enacted" flags the cells of the dimensions it
affects "to review", so the focal point proposes their new text.

Notices (sent on commit by directories.tasks, through communications' `notify`, one
Delivery each): a proposal tells the Technical Secretariat, which validates it; a review
tells the account that proposed the cell whether it was validated or returned, with the
note. Each is written in its recipient's language and links (absolute, common.links) to the
page where the recipient acts on it. The notice reads the cell's history record of the
change that caused it, so it says what happened even if the cell moved on before it left."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.links import absolute_reverse
from common.publish import publish
from common.versions import claim_version
from communications.models import Delivery
from communications.services import RECIPIENT_RELATED, notify_account
from directories.models import LegislationCell, LegislationDimension, Reform
from directories.selectors.legislation import (
    can_edit_country,
    can_record_reforms_of,
    can_validate,
)
from members.models import Country, User

NOT_YOUR_COUNTRY = _("Only %(country)s's focal point can change %(country)s's legislation.")
SECRETARIAT_ONLY = _("Only the Technical Secretariat validates or returns the matrix's cells.")
NOT_PROPOSED = _("This cell is not waiting for validation (it is %(state)s).")
NOTE_REQUIRED = _("Say what the focal point should correct: the note is sent back with the cell.")
DATES_OUT_OF_ORDER = _("The last change cannot come before the bill was introduced.")
ACT_REQUIRED = _('An enacted reform needs its resulting act (e.g. "Decreto 9-2009").')

REFORM_FIELDS = (
    "title",
    "bill_number",
    "stage",
    "introduced_on",
    "last_change_on",
    "resulting_act",
    "notes",
)


def _save(obj, user: User) -> None:
    obj.full_clean()
    obj._history_user = user
    obj.save()


def ensure_can_edit_country(user: User, country: Country) -> None:
    if not can_edit_country(user, country):
        raise ValidationError(
            NOT_YOUR_COUNTRY, code="not_your_country", params={"country": country}
        )


def ensure_can_validate(user: User) -> None:
    if not can_validate(user):
        raise ValidationError(SECRETARIAT_ONLY, code="secretariat_only")


@transaction.atomic
def cell_propose(
    *,
    user: User,
    country: Country,
    dimension: LegislationDimension,
    article: str,
    excerpt: str,
    source: str,
    expected_version: int | None = None,
) -> LegislationCell:
    """The country's focal point proposes (or corrects) a cell: it becomes "proposed" and
    waits for ST, whatever its state was. An existing cell is changed only from the version
    the form was read at (a form for a new cell that someone created meanwhile is stale)."""
    ensure_can_edit_country(user, country)
    cell = (
        LegislationCell.objects.select_for_update()
        .filter(country=country, dimension=dimension)
        .first()
    )
    now = timezone.now()
    if cell is None:
        cell = LegislationCell(country=country, dimension=dimension)
    else:
        claim_version(cell, expected_version if expected_version is not None else 0)
    cell.article, cell.excerpt, cell.source = article.strip(), excerpt.strip(), source.strip()
    cell.state = LegislationCell.State.PROPOSED
    cell.return_note = ""
    cell.proposed_by, cell.proposed_at = user, now
    _save(cell, user)
    _notify_on_commit("proposed", cell)
    return cell


def _reviewable(user: User, cell: LegislationCell, expected_version: int) -> LegislationCell:
    ensure_can_validate(user)
    cell = LegislationCell.objects.select_for_update().get(pk=cell.pk)
    claim_version(cell, expected_version)
    if cell.state != LegislationCell.State.PROPOSED:
        raise ValidationError(
            NOT_PROPOSED, code="not_proposed", params={"state": cell.get_state_display()}
        )
    return cell


@transaction.atomic
def cell_validate(*, user: User, cell: LegislationCell, expected_version: int) -> LegislationCell:
    """ST validates a proposed cell: its text becomes the public one, and a "to review"
    flag left by an enacted reform is cleared."""
    cell = _reviewable(user, cell, expected_version)
    cell.state = LegislationCell.State.VALIDATED
    cell.validated_by, cell.validated_at = user, timezone.now()
    cell.public_article, cell.public_excerpt = cell.article, cell.excerpt
    cell.public_source = cell.source
    cell.needs_review, cell.review_reform = False, None
    _save(cell, user)
    _notify_on_commit("reviewed", cell)
    return cell


@transaction.atomic
def cell_return(
    *, user: User, cell: LegislationCell, note: str, expected_version: int
) -> LegislationCell:
    """ST returns a proposed cell to the focal point with a note; the public keeps the
    text validated last, if any."""
    if not note.strip():
        raise ValidationError({"note": ValidationError(NOTE_REQUIRED, code="note_required")})
    cell = _reviewable(user, cell, expected_version)
    cell.state = LegislationCell.State.RETURNED
    cell.return_note = note.strip()
    _save(cell, user)
    _notify_on_commit("reviewed", cell)
    return cell


def _check_reform(reform: Reform) -> None:
    introduced, last = reform.introduced_on, reform.last_change_on
    if introduced and last and last < introduced:
        raise ValidationError(
            {"last_change_on": ValidationError(DATES_OUT_OF_ORDER, code="dates_out_of_order")}
        )
    if reform.stage == Reform.Stage.ENACTED and not reform.resulting_act.strip():
        raise ValidationError({"resulting_act": ValidationError(ACT_REQUIRED, code="act_required")})


def _flag_cells(reform: Reform, user: User) -> int:
    """The reform tracker updates the matrix: the country's cells of the dimensions an
    enacted reform affects are marked to review (the focal point proposes their new text)."""
    flagged = 0
    cells = LegislationCell.objects.filter(
        country_id=reform.country_id, dimension__in=reform.dimensions.all()
    )
    for cell in cells:
        cell.needs_review, cell.review_reform = True, reform
        cell.version += 1
        _save(cell, user)
        flagged += 1
    return flagged


@transaction.atomic
def reform_save(
    *,
    user: User,
    country: Country,
    dimensions: Iterable[LegislationDimension],
    reform: Reform | None = None,
    expected_version: int | None = None,
    **fields,
) -> Reform:
    """Record a country's bill or move it along its stages (its country's focal point, or
    ST). Reaching "enacted" flags the affected cells of the matrix to review."""
    if reform is not None:
        country = reform.country
    if not can_record_reforms_of(user, country):
        raise ValidationError(
            NOT_YOUR_COUNTRY, code="not_your_country", params={"country": country}
        )
    was_enacted = False
    if reform is None:
        reform = Reform(country=country, created_by=user)
    else:
        reform = Reform.objects.select_for_update().get(pk=reform.pk)
        was_enacted = reform.stage == Reform.Stage.ENACTED
        claim_version(reform, expected_version if expected_version is not None else 0)
    for name in REFORM_FIELDS:
        if name in fields:
            setattr(reform, name, fields[name])
    _check_reform(reform)
    _save(reform, user)
    reform.dimensions.set(list(dimensions))
    if reform.stage == Reform.Stage.ENACTED and not was_enacted:
        _flag_cells(reform, user)
    return reform


# --- Notices ----------------------------------------------------------------------------


def _notify_on_commit(event: str, cell: LegislationCell) -> None:
    """Queue the notice of the change just saved, with the id of the history record that
    saved it (the task loads it and calls cell_proposed_notify / cell_reviewed_notify)."""
    from directories.tasks import notify_cell_proposed, notify_cell_reviewed

    task = notify_cell_proposed if event == "proposed" else notify_cell_reviewed
    history_id = cell.history.values_list("history_id", flat=True).first()
    transaction.on_commit(lambda: publish(task, history_id))


def cell_review_link(cell_id: int) -> str:
    """Where ST validates or returns a proposed cell."""
    return absolute_reverse("legislation:cell-review", cell_id)


def cell_reviewed_link(record) -> str:
    """A returned cell: the form where its focal point corrects it; a validated one: the
    matrix, where it is now public."""
    if record.state == LegislationCell.State.RETURNED:
        return absolute_reverse(
            "legislation:cell-edit", record.country.iso_code, record.dimension.code
        )
    return absolute_reverse("legislation:matrix")


def cell_proposed_notify(*, record) -> int:
    """`record`: the history record of a proposal (LegislationCell.history). Every active
    account of the Technical Secretariat, which validates the cells, is told; returns how
    many e-mails left."""
    cell = LegislationCell.objects.get(pk=record.id)
    link = cell_review_link(cell.pk)
    users = (
        User.objects.filter(is_active=True, role=User.Role.SECRETARIAT)
        .select_related(*RECIPIENT_RELATED)
        .order_by("pk")
    )
    sent = 0
    for user in users:
        context = {"cell": record, "proposer": record.proposed_by, "url": link}
        sent += notify_account(
            template="directories/email/legislation_proposed",
            context=context,
            kind=Delivery.Kind.LEGISLATION_PROPOSED,
            user=user,
            link=link,
            about=cell,
        )
    return sent


def cell_reviewed_notify(*, record) -> int:
    """`record`: the history record of a validation or a return. The account that proposed
    the cell is told which, with ST's note; nobody else. Returns how many e-mails left."""
    cell = LegislationCell.objects.get(pk=record.id)
    user = (
        User.objects.filter(pk=record.proposed_by_id, is_active=True)
        .select_related(*RECIPIENT_RELATED)
        .first()
    )
    if user is None:
        return 0
    link = cell_reviewed_link(record)
    context = {
        "cell": record,
        "returned": record.state == LegislationCell.State.RETURNED,
        "url": link,
    }
    return notify_account(
        template="directories/email/legislation_reviewed",
        context=context,
        kind=Delivery.Kind.LEGISLATION_REVIEWED,
        user=user,
        link=link,
        about=cell,
    )
