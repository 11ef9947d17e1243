from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from members.models import (
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
        django_get_or_create = ("country",)

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
