"""Benchmark instrumentation, installed only when ``SPP_BENCH`` is on (never in production).

``QueryCountMiddleware`` counts the SQL statements a request runs and answers the count in the
``X-SQL-Queries`` header, so that the harness reports queries per request next to latency."""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-SQL-Queries"] = str(count)
        return response
