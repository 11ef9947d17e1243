"""Page-number pagination with counts for every list of /api/v1/: `?page=2&page_size=100`
(at most 200 a page); the answer is {"count", "next", "previous", "results"}.

`page` and `page_size` are held to what the schema states (common.api.filters.value_errors):
a page below 1, a size outside 1–200 or a value that is not a whole number is refused with
a 400, never silently replaced by the default; an empty value means the default; a page
past the last one is a 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from common.api.filters import Schema, query_errors


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()  # the schema says a page is a number

    def parameter_schemas(self) -> dict[str, Schema]:
        return {
            self.page_query_param: {"type": "integer", "minimum": 1},
            self.page_size_query_param: {
                "type": "integer",
                "minimum": 1,
                "maximum": self.max_page_size,
            },
        }

    def paginate_queryset(self, queryset, request, view=None):
        errors = query_errors(self.parameter_schemas(), request.query_params)
        if errors:
            raise ValidationError(errors)
        return super().paginate_queryset(queryset, request, view)

    def get_page_number(self, request, paginator):
        return request.query_params.get(self.page_query_param) or 1

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        return int(value) if value else self.page_size

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        schemas = self.parameter_schemas()
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], **schemas.get(parameter["name"], {})}
        return parameters
