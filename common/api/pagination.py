"""Page-number pagination with counts for every list of /api/v1/: `?page=2&page_size=100`
(at most 200 a page); the answer is {"count", "next", "previous", "results"}."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
