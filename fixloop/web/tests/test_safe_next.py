"""`next` sends the user back only to a path on this site."""

import pytest
from django.test import RequestFactory

from fixloop.web.access import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/console/orders/?state=new", "/console/orders/?state=new"),
        ("-1", "/home/"),
        ("https://evil.example/", "/home/"),
        ("//evil.example/", "/home/"),
        ("javascript:alert(1)", "/home/"),
        ("", "/home/"),
    ],
)
def test_safe_next(target, expected):
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, "/home/") == expected


def test_within_keeps_the_user_in_one_area():
    request = RequestFactory().post("/x/", {"next": "/portal/"})
    assert safe_next(request, "/console/", within="/console/") == "/console/"
