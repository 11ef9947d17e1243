"""An event's plan and budget (issue 21): every refusal of events.services.budget by its code,
the totals per currency worked by hand with two currencies (withdrawn commitments excluded,
in-kind ones listed and never summed), the budget page (who reads, who keeps it, the forms'
refusals on the page) and its queries, which do not grow with the lines. Tests run in
Spanish: they read codes, numbers and data-* hooks, never an English sentence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from lxml import html

from events import selectors, services
from events.models import BudgetLine, Event, Expense, FundingCommitment
from events.tests.factories import EventFactory
from members.models import Country
from plans.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

D = Decimal
Kind, Status = FundingCommitment.Kind, FundingCommitment.Status
Category = BudgetLine.Category


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


@pytest.fixture
def event(coalition):
    return EventFactory(invited=[country("HN"), country("GT")], status=Event.Status.CONVENED)


def code_of(call) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        call()
    error = raised.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def line(user, event, planned="1000", currency="USD", category=Category.TRAVEL, **kw):
    return services.budget_line_save(
        user=user,
        event=event,
        category=category,
        description=kw.pop("description", f"Línea {category}"),
        planned=D(planned),
        currency=currency,
        **kw,
    )


def money(user, event, amount, currency="USD", status=Status.PLEDGED, **source):
    source = source or {"source_name": "Cooperación"}
    return services.commitment_save(
        user=user,
        event=event,
        kind=Kind.MONEY,
        amount=D(amount),
        currency=currency,
        status=status,
        **source,
    )


def spend(user, event, budget_line, amount, **kw):
    return services.expense_save(
        user=user,
        event=event,
        budget_line=budget_line,
        spent_on=kw.pop("spent_on", dt.date(2027, 2, 15)),
        description=kw.pop("description", "Pasajes"),
        amount=D(amount),
        **kw,
    )


# --- Refusals -------------------------------------------------------------------------------


def test_only_the_organisers_keep_the_budget(event, st_user, focal_point_hn, presidency_user):
    assert code_of(lambda: line(focal_point_hn, event)) == {"not_organiser"}
    travel = line(presidency_user, event)
    assert code_of(lambda: spend(focal_point_hn, event, travel, "10")) == {"not_organiser"}
    assert code_of(lambda: money(focal_point_hn, event, "10")) == {"not_organiser"}
    assert code_of(lambda: services.budget_line_delete(user=focal_point_hn, line=travel)) == {
        "not_organiser"
    }


def test_lines_and_commitments_wait_for_no_finished_event(event, st_user):
    travel = line(st_user, event)
    pledge = money(st_user, event, "500")
    event.status = Event.Status.CLOSED
    event.save()
    assert code_of(lambda: line(st_user, event)) == {"event_finished"}
    assert code_of(lambda: services.budget_line_delete(user=st_user, line=travel)) == {
        "event_finished"
    }
    assert code_of(lambda: money(st_user, event, "10")) == {"event_finished"}
    # ... but the money still comes in and is spent after the close.
    services.commitment_set_status(
        user=st_user, commitment=pledge, status=Status.RECEIVED, expected_version=pledge.version
    )
    expense = spend(st_user, event, travel, "300")
    assert Expense.objects.get(pk=expense.pk).amount == D("300")


def test_nothing_is_recorded_on_a_cancelled_event(event, st_user):
    travel = line(st_user, event)
    pledge = money(st_user, event, "500")
    expense = spend(st_user, event, travel, "100")
    event.status = Event.Status.CANCELLED
    event.save()
    assert code_of(lambda: spend(st_user, event, travel, "10")) == {"event_cancelled"}
    assert code_of(lambda: services.expense_delete(user=st_user, expense=expense)) == {
        "event_cancelled"
    }
    assert code_of(
        lambda: services.commitment_set_status(
            user=st_user, commitment=pledge, status=Status.RECEIVED, expected_version=None
        )
    ) == {"event_cancelled"}


def test_a_line_with_expenses_is_kept_and_keeps_its_currency(event, st_user):
    travel = line(st_user, event)
    expense = spend(st_user, event, travel, "100")
    assert code_of(lambda: services.budget_line_delete(user=st_user, line=travel)) == {
        "line_has_expenses"
    }
    assert code_of(
        lambda: line(st_user, event, currency="CRC", line=travel, expected_version=travel.version)
    ) == {"line_has_expenses"}
    # Its amount may change; once its expenses are gone it may go.
    line(st_user, event, planned="1200", line=travel, expected_version=travel.version)
    services.expense_delete(user=st_user, expense=expense, expected_version=expense.version)
    services.budget_line_delete(user=st_user, line=travel)
    assert not BudgetLine.objects.filter(pk=travel.pk).exists()


def test_a_commitment_names_one_source(event, st_user):
    actor = ActorFactory()
    assert code_of(lambda: money(st_user, event, "10", source_name="")) == {"one_source"}
    assert code_of(lambda: money(st_user, event, "10", actor=actor, country=country("HN"))) == {
        "one_source"
    }
    assert code_of(lambda: money(st_user, event, "10", actor=actor, source_name="Otra")) == {
        "one_source"
    }
    for source in ({"actor": actor}, {"country": country("HN")}, {"source_name": "BID"}):
        money(st_user, event, "10", **source)
    assert FundingCommitment.objects.filter(event=event).count() == 3


def test_money_says_how_much_and_in_kind_says_what(event, st_user):
    common = {"user": st_user, "event": event, "currency": "USD", "source_name": "OIM"}
    assert code_of(lambda: services.commitment_save(kind=Kind.MONEY, **common)) == {
        "amount_required"
    }
    assert code_of(lambda: services.commitment_save(kind=Kind.IN_KIND, **common)) == {
        "description_required"
    }
    services.commitment_save(kind=Kind.IN_KIND, description="Sala y equipo", **common)


def test_a_line_of_another_event_is_refused(event, st_user):
    other = EventFactory(status=Event.Status.CONVENED)
    foreign = line(st_user, other)
    assert code_of(
        lambda: services.commitment_save(
            user=st_user,
            event=event,
            kind=Kind.MONEY,
            amount=D("10"),
            currency="USD",
            source_name="BID",
            budget_line=foreign,
        )
    ) == {"line_not_of_event"}
    assert code_of(lambda: spend(st_user, event, foreign, "10")) == {"line_not_of_event"}
    # An expense or a commitment of another event is not moved over either.
    expense = spend(st_user, other, foreign, "5")
    pledge = money(st_user, other, "5")
    own = line(st_user, event)
    assert code_of(
        lambda: spend(st_user, event, own, "5", expense=expense, expected_version=expense.version)
    ) == {"line_not_of_event"}
    assert code_of(
        lambda: money(st_user, event, "5", commitment=pledge, expected_version=pledge.version)
    ) == {"line_not_of_event"}


def test_an_expense_is_in_its_lines_currency(event, st_user):
    catering = line(st_user, event, "200000", "CRC", Category.CATERING)
    assert code_of(lambda: spend(st_user, event, catering, "10", currency="USD")) == {
        "currency_mismatch"
    }
    expense = spend(st_user, event, catering, "50000")  # the line's currency, unsaid
    assert expense.currency == "CRC"


def test_edits_from_a_stale_form_are_refused(event, st_user):
    travel = line(st_user, event)
    pledge = money(st_user, event, "10")
    expense = spend(st_user, event, travel, "10")
    stale = travel.version
    line(st_user, event, "900", line=travel, expected_version=stale)
    assert code_of(lambda: line(st_user, event, "800", line=travel, expected_version=stale)) == {
        "stale_version"
    }
    venue = line(st_user, event, category=Category.VENUE)
    assert code_of(
        lambda: services.budget_line_delete(
            user=st_user, line=venue, expected_version=venue.version + 1
        )
    ) == {"stale_version"}
    assert code_of(
        lambda: money(st_user, event, "20", commitment=pledge, expected_version=pledge.version + 1)
    ) == {"stale_version"}
    assert code_of(
        lambda: services.commitment_set_status(
            user=st_user, commitment=pledge, status=Status.RECEIVED, expected_version=99
        )
    ) == {"stale_version"}
    assert code_of(
        lambda: spend(st_user, event, travel, "20", expense=expense, expected_version=99)
    ) == {"stale_version"}
    assert code_of(
        lambda: services.expense_delete(user=st_user, expense=expense, expected_version=99)
    ) == {"stale_version"}


# --- Totals per currency, by hand -----------------------------------------------------------


@pytest.fixture
def budgeted(event, st_user):
    """USD: lines 1000 + 500 = 1500 planned; money 800 pledged + 400 received (+ 300
    withdrawn, not counted) = 1200 committed, 400 received; spent 600 + 100 = 700; balance
    1200 − 700 = 500. CRC: line 200000; 150000 received; spent 50000; balance 100000. In kind:
    a room valued at 250 USD, listed and never summed; a withdrawn one, not listed."""
    travel = line(st_user, event, "1000", "USD", Category.TRAVEL)
    venue = line(st_user, event, "500", "USD", Category.VENUE)
    catering = line(st_user, event, "200000", "CRC", Category.CATERING)
    money(st_user, event, "800", actor=ActorFactory())
    money(st_user, event, "400", status=Status.RECEIVED, country=country("CR"))
    money(st_user, event, "300", status=Status.WITHDRAWN, source_name="Retirado")
    money(st_user, event, "150000", "CRC", status=Status.RECEIVED, source_name="Municipio")
    room = services.commitment_save(
        user=st_user,
        event=event,
        kind=Kind.IN_KIND,
        description="Sala de reuniones",
        amount=D("250"),
        currency="USD",
        country=country("CR"),
    )
    services.commitment_save(
        user=st_user,
        event=event,
        kind=Kind.IN_KIND,
        description="Transporte local",
        currency="USD",
        status=Status.WITHDRAWN,
        source_name="Retirado",
    )
    spend(st_user, event, travel, "600")
    spend(st_user, event, venue, "100", description="Proyector")
    spend(st_user, event, catering, "50000", description="Almuerzos")
    return {"travel": travel, "venue": venue, "catering": catering, "room": room}


def test_the_totals_are_per_currency_and_worked_by_hand(event, budgeted):
    totals = {t.currency: t for t in selectors.budget_totals(event)}
    assert list(totals) == ["CRC", "USD"]
    usd, crc = totals["USD"], totals["CRC"]
    assert (usd.planned, usd.committed, usd.received, usd.spent, usd.balance) == (
        D("1500"),
        D("1200"),
        D("400"),
        D("700"),
        D("500"),
    )
    assert (crc.planned, crc.committed, crc.received, crc.spent, crc.balance) == (
        D("200000"),
        D("150000"),
        D("150000"),
        D("50000"),
        D("100000"),
    )
    summary = selectors.budget_summary(event)
    assert [c.pk for c in summary.in_kind] == [budgeted["room"].pk]  # listed, not summed
    spent = {row.line.pk: (row.spent, row.remaining) for row in summary.lines}
    assert spent[budgeted["travel"].pk] == (D("600"), D("400"))
    assert spent[budgeted["venue"].pk] == (D("100"), D("400"))
    assert spent[budgeted["catering"].pk] == (D("50000"), D("150000"))


def test_an_event_without_a_budget_has_no_totals(event):
    assert selectors.budget_totals(event) == []
    assert selectors.budget_summary(event).is_empty


# --- The budget page ------------------------------------------------------------------------


def page(client, user, path, status=200):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == status, response.status_code
    return html.fromstring(response.content) if status == 200 else None


def actions(doc) -> set[str]:
    return set(doc.xpath(".//*[@data-action]/@data-action"))


def test_the_budget_page_for_the_organisers_and_invited_focal_points(
    client, event, budgeted, st_user, presidency_user, focal_point_hn, delegate, coalition
):
    path = reverse("events:budget", args=[event.pk])
    for organiser in (st_user, presidency_user):
        doc = page(client, organiser, path)
        assert {"line-add", "commitment-add", "expense-add", "line-edit", "report"} <= actions(doc)
    doc = page(client, focal_point_hn, path)
    assert actions(doc) == {"report"}  # reads, keeps nothing
    row = doc.xpath("//*[@data-budget-totals]//tr[@data-currency='USD']")[0]
    assert row.xpath(".//@data-balance") == ["500.00"]
    assert row.xpath(".//@data-committed") == ["1200.00"]
    assert len(doc.xpath("//*[@data-lines]//tr[@data-line]")) == 3
    page(client, delegate, path, status=403)
    from members.models import User
    from members.tests.factories import UserFactory

    fp_sv = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["SV"])
    page(client, fp_sv, path, status=403)  # not invited
    for name in ("budget-line-create", "commitment-create", "expense-create"):
        page(client, focal_point_hn, reverse(f"events:{name}", args=[event.pk]), status=403)


def test_a_closed_event_keeps_recording_expenses_on_its_page(client, event, budgeted, st_user):
    event.status = Event.Status.CLOSED
    event.save()
    doc = page(client, st_user, reverse("events:budget", args=[event.pk]))
    assert "expense-add" in actions(doc)
    assert not {"line-add", "commitment-add", "line-edit"} & actions(doc)


def test_the_event_page_summarises_the_budget_for_its_readers(
    client, event, budgeted, st_user, focal_point_hn, delegate
):
    detail = reverse("events:detail", args=[event.pk])
    for reader in (st_user, focal_point_hn):
        doc = page(client, reader, detail)
        section = doc.xpath("//*[@data-budget-section]")[0]
        assert section.xpath(f".//a[@href='{reverse('events:budget', args=[event.pk])}']")
        assert section.xpath(f".//a[@href='{reverse('events:report', args=[event.pk])}']")
        assert section.xpath(".//tr[@data-currency='CRC']//@data-spent") == ["50000.00"]
    assert not page(client, delegate, detail).xpath("//*[@data-budget-section]")


def test_the_forms_save_through_the_services_and_show_their_refusals(client, event, st_user):
    client.force_login(st_user)
    response = client.post(
        reverse("events:budget-line-create", args=[event.pk]),
        {
            "category": Category.TRAVEL,
            "description": "Pasajes",
            "planned": "900",
            "currency": "USD",
        },
    )
    assert response.status_code == 302
    travel = BudgetLine.objects.get(event=event)
    # A commitment with two sources comes back with the form's error.
    response = client.post(
        reverse("events:commitment-create", args=[event.pk]),
        {
            "actor": ActorFactory().pk,
            "source_name": "BID",
            "kind": Kind.MONEY,
            "amount": "100",
            "currency": "USD",
            "status": Status.PLEDGED,
        },
    )
    assert response.status_code == 200
    assert not FundingCommitment.objects.exists()
    response = client.post(
        reverse("events:commitment-create", args=[event.pk]),
        {
            "source_name": "BID",
            "kind": Kind.MONEY,
            "amount": "",
            "currency": "USD",
            "status": Status.PLEDGED,
        },
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    response = client.post(
        reverse("events:expense-create", args=[event.pk]),
        {
            "budget_line": travel.pk,
            "spent_on": "2027-02-15",
            "description": "Pasaje",
            "amount": "300",
        },
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.currency == "USD" and expense.recorded_by == st_user
    # A stale edit form is refused on the page.
    response = client.post(
        reverse("events:budget-line-edit", args=[travel.pk]),
        {
            "category": Category.TRAVEL,
            "description": "Pasajes",
            "planned": "950",
            "currency": "USD",
            "version": travel.version + 5,
        },
    )
    assert response.status_code == 200
    assert BudgetLine.objects.get(pk=travel.pk).planned == D("900")
    # The line with an expense is not removed: the refusal is flashed.
    response = client.post(
        reverse("events:budget-line-delete", args=[travel.pk]), {"version": travel.version}
    )
    assert response.status_code == 302
    assert BudgetLine.objects.filter(pk=travel.pk).exists()
    # A commitment's status button.
    pledge = money(st_user, event, "100")
    client.post(
        reverse("events:commitment-status", args=[pledge.pk]),
        {"status": Status.RECEIVED, "version": pledge.version},
    )
    assert FundingCommitment.objects.get(pk=pledge.pk).status == Status.RECEIVED


@pytest.mark.parametrize("size", [2, 10])
def test_the_budget_page_queries_do_not_grow_with_lines(
    client, event, st_user, size, django_assert_max_num_queries
):
    for n in range(size):
        budget_line = line(st_user, event, "100", "USD" if n % 2 else "CRC")
        spend(st_user, event, budget_line, "10")
        money(st_user, event, "50", "USD" if n % 2 else "CRC", actor=ActorFactory())
        services.commitment_save(
            user=st_user,
            event=event,
            kind=Kind.IN_KIND,
            description="Sala",
            currency="USD",
            country=country("CR"),
            budget_line=budget_line,
        )
    client.force_login(st_user)
    with django_assert_max_num_queries(14):  # the same with 2 lines as with 10
        assert client.get(reverse("events:budget", args=[event.pk])).status_code == 200


def test_a_status_outside_the_choices_is_refused(client, event, st_user):
    pledge = money(st_user, event, "100")
    client.force_login(st_user)
    response = client.post(
        reverse("events:commitment-status", args=[pledge.pk]),
        {"status": "spent", "version": pledge.version},
    )
    assert response.status_code == 403
    assert FundingCommitment.objects.get(pk=pledge.pk).status == Status.PLEDGED


@pytest.mark.parametrize("size", [2, 10])
def test_the_event_pages_budget_summary_is_one_query(
    event, budgeted, st_user, focal_point_hn, size, django_assert_num_queries
):
    for n in range(size):
        line(st_user, event, "10", "XA" + chr(65 + n))
    for user in (st_user, focal_point_hn):
        loaded = selectors.event_for(user=user, pk=event.pk)
        with django_assert_num_queries(1):  # the totals; the invited countries are prefetched
            section = selectors.budget_section(user=user, event=loaded)
        assert len(section.totals) == 2 + size


def test_the_form_pages_open_for_the_organisers_only(
    client, event, budgeted, st_user, presidency_user, focal_point_hn
):
    pledge = FundingCommitment.objects.filter(event=event).first()
    expense = Expense.objects.filter(event=event).first()
    paths = [
        reverse("events:budget-line-create", args=[event.pk]),
        reverse("events:budget-line-edit", args=[budgeted["travel"].pk]),
        reverse("events:commitment-create", args=[event.pk]),
        reverse("events:commitment-edit", args=[pledge.pk]),
        reverse("events:expense-create", args=[event.pk]),
        reverse("events:expense-edit", args=[expense.pk]),
    ]
    for path in paths:
        for organiser in (st_user, presidency_user):
            doc = page(client, organiser, path)
            assert doc.xpath("//form[@method='post']")
        page(client, focal_point_hn, path, status=403)
    # The expense form offers the event's own lines only.
    line(st_user, EventFactory(status=Event.Status.CONVENED), description="Ajena")
    doc = page(client, st_user, reverse("events:expense-create", args=[event.pk]))
    options = doc.xpath("//select[@name='budget_line']/option[@value!='']/@value")
    assert sorted(int(v) for v in options) == sorted(
        BudgetLine.objects.filter(event=event).values_list("pk", flat=True)
    )
