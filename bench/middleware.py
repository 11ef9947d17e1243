"""Bench-only middleware (bench/settings.py): every response carries X-SQL-Queries, the number
of SQL statements the request ran, so the load driver can report queries per request as
measured in the server under load."""

from __future__ import annotations

from django.db import connection


def count_queries(get_response):
    def middleware(request):
        statements = 0

        def counter(execute, sql, params, many, context):
            nonlocal statements
            statements += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = get_response(request)
        response["X-SQL-Queries"] = str(statements)
        return response

    return middleware
