"""Counting the SQL a page costs, for tests that hold query counts constant."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for_page(client, path: str) -> int:
    """GET `path` (it must answer 200) and return how many SQL queries it ran."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)
