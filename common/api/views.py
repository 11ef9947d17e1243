"""Base classes of the /api/v1/ viewsets."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework import viewsets

from common.api.filters import multi_valued_filters, repeated_parameters


class ThrottleFirstMixin:
    """Throttles run before the permission checks (DRF runs them after), so a flood of
    refused anonymous calls is limited per IP too, and a token that keeps calling what it
    may not is limited like any other."""

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        neg = self.perform_content_negotiation(request)
        request.accepted_renderer, request.accepted_media_type = neg
        version, scheme = self.determine_version(request, *args, **kwargs)
        request.version, request.versioning_scheme = version, scheme
        self.perform_authentication(request)
        self.check_throttles(request)
        self.check_permissions(request)


class OneValueEachMixin:
    """Each query parameter comes once (common.api.filters.repeated_parameters), whatever
    reads it: a filter, the pagination, the ordering or a view's own query serializer,
    which would otherwise each silently take the last of `?year=2018&year=2019`."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        filterset_class = getattr(self, "filterset_class", None)
        repeated = repeated_parameters(
            request.query_params, multi_valued=multi_valued_filters(filterset_class)
        )
        if repeated:
            raise ValidationError(repeated)


class ApiReadOnlyViewSet(OneValueEachMixin, ThrottleFirstMixin, viewsets.ReadOnlyModelViewSet):
    """List (filtered, ordered, paginated) and retrieve; ids are the database ids."""

    lookup_value_regex = r"[0-9]+"


class ApiGenericViewSet(OneValueEachMixin, ThrottleFirstMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"[0-9]+"
