from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from members import services
from members.models import (
    Committee,
    CommitteeCountry,
    Country,
    Designation,
    Membership,
    NationalBody,
    ObserverOrganisation,
    Office,
    Person,
    User,
)


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("iso_code",)

    iso_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name_es = factory.LazyAttribute(lambda o: f"País {o.iso_code}")
    name_en = factory.LazyAttribute(lambda o: f"Country {o.iso_code}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    country = factory.SubFactory(CountryFactory)
    status = Membership.Status.MEMBER
    start_date = dt.date(2011, 9, 16)


class NationalBodyFactory(DjangoModelFactory):
    class Meta:
        model = NationalBody
        django_get_or_create = ("country", "crimes")

    country = factory.SubFactory(CountryFactory)
    name = factory.LazyAttribute(lambda o: f"Comisión Nacional {o.country.iso_code}")
    acronym = factory.LazyAttribute(lambda o: f"CN-{o.country.iso_code}")
    kind = NationalBody.Kind.COMMISSION
    crimes = NationalBody.Crimes.BOTH


class ObserverOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = ObserverOrganisation
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"Organización {o.acronym}")
    kind = ObserverOrganisation.Kind.INTERNATIONAL


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="es_ES")
    last_name = factory.Faker("last_name", locale="es_ES")
    institution = "Ministerio Público"
    country = factory.SubFactory(CountryFactory)


class DesignationFactory(DjangoModelFactory):
    class Meta:
        model = Designation

    national_body = factory.SubFactory(NationalBodyFactory)
    person = factory.SubFactory(
        PersonFactory, country=factory.SelfAttribute("..national_body.country")
    )
    role = Designation.Role.TITULAR
    start_date = dt.date(2025, 1, 1)


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    kind = Office.Kind.TECHNICAL_SECRETARIAT
    country = factory.SubFactory(CountryFactory)
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2026, 12, 31)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("secret-pass-123")


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Comité de Trabajo {n}")
    code = factory.Sequence(lambda n: f"CT{n}")
    kind = Committee.Kind.WORKING


class CommitteeCountryFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeCountry

    committee = factory.SubFactory(CommitteeFactory)
    country = factory.SubFactory(CountryFactory)
    start_date = dt.date(2025, 1, 1)


def designate(
    user: User,
    body: NationalBody,
    person: Person | None = None,
    role: str = Designation.Role.TITULAR,
    start: dt.date = dt.date(2025, 1, 1),
    end: dt.date | None = None,
    **fields,
) -> Designation:
    """A designation recorded through members.services.designation_create, its rules
    applied (a factory would skip them), of a new person of the body's country unless
    `person` is given."""
    return services.designation_create(
        user=user,
        national_body=body,
        person=person or PersonFactory(country=body.country),
        role=role,
        start_date=start,
        end_date=end,
        **fields,
    )


def partner_token_account(user: User) -> User:
    """The account of a partner agency's read-only API token, issued by `user` (ST) through
    members.services.api_token_create, valid for 30 days."""
    return services.api_token_create(
        user=user,
        label="OIM lectura",
        scope=User.Role.PARTNER,
        agency="OIM",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    ).account
