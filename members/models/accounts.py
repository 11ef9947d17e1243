"""The platform's user accounts and their role (SPEC §1)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.registry import NationalBody, ObserverOrganisation, Person

# API tokens are held by accounts of their own whose username starts so (members.services).
API_ACCOUNT_PREFIX = "api-"


class User(AbstractUser):
    """A platform account. The role says what the user may do (SPEC §1); focal points and
    delegates are tied to one national body, observers to one observer organisation."""

    class Role(models.TextChoices):
        SECRETARIAT = "st", _("Technical Secretariat")
        PRESIDENCY = "presidency", _("Presidency")
        FOCAL_POINT = "focal_point", _("National focal point")
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")
        PARTNER = "partner", _("Partner agency")

    role = models.CharField(_("role"), max_length=12, choices=Role.choices, blank=True)
    national_body = models.ForeignKey(
        NationalBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("national body"),
    )
    observer_organisation = models.ForeignKey(
        ObserverOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("observer organisation"),
    )
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Person.Language.choices, default=Person.Language.ES
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["focal_point", "delegate"]) | Q(national_body__isnull=False),
                name="country_roles_need_a_national_body",
            )
        ]

    @property
    def is_secretariat(self) -> bool:
        return self.role == self.Role.SECRETARIAT or self.is_superuser

    @property
    def is_presidency(self) -> bool:
        return self.role == self.Role.PRESIDENCY

    @property
    def is_focal_point(self) -> bool:
        return self.role == self.Role.FOCAL_POINT

    @property
    def is_delegate(self) -> bool:
        return self.role == self.Role.DELEGATE

    @property
    def is_observer(self) -> bool:
        return self.role == self.Role.OBSERVER

    @property
    def is_partner(self) -> bool:
        """A partner agency (OIM, UNODC, donors): reads public data through the API only."""
        return self.role == self.Role.PARTNER
