"""No page answers 500 to bad input: every POST form each demo role can reach, sent empty and with nonsense.

The crawl follows same-site links from each role's start pages over the demo company's data, so new
pages and forms are covered as soon as they are linked.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.test import Client

from fixloop.demo import data, loader

START = {
    "customer": ["/portal/"],
    "agent": ["/console/"],
    "dispatcher": ["/console/"],
    "engineer": ["/console/"],
    "warehouse": ["/console/"],
    "manager": ["/console/"],
}
SKIP = ("/accounts/logout", "/i18n/", "/static/", "/files/", "/admin/", "/api/", "/metrics", "/health")
MAX_PAGES = 120  # per role: enough to reach every kind of page, bounded for time
NONSENSE = ["", "-1", "x" * 3000, "9" * 40, "2026-13-45", "\x00"]


class _Forms(HTMLParser):
    """Links and POST forms of one page (field names, with the options of each select)."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            if a.get("type") not in ("submit", "button", "file", "hidden") or a["name"] != "csrfmiddlewaretoken":
                self._form["fields"].setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


def _local(base: str, href: str) -> str | None:
    url = urldefrag(urljoin(base, href)).url
    parsed = urlparse(url)
    if parsed.netloc not in ("", "testserver") or not parsed.path.startswith("/"):
        return None
    if any(parsed.path.startswith(prefix) for prefix in SKIP) or parsed.path.endswith((".pdf", ".csv", ".xlsx")):
        return None
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


def _shape(url: str) -> str:
    """The URL with ids as <n>, so one fault on many rows reads as one failure."""
    return re.sub(r"/\d+/", "/<n>/", url.split("?")[0])


def _error(response) -> str:
    exc = getattr(response, "exc_info", None)
    return f"{exc[0].__name__}: {str(exc[1])[:120]}" if exc else str(response.status_code)


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    loader.load_master()
    loader.load_orders(count=24)
    loader.load_modules()


@pytest.mark.parametrize("username", sorted(START))
def test_every_form_survives_empty_and_nonsense_input(demo, username):
    client = Client(raise_request_exception=False)
    assert client.login(username=username, password=data.DEMO_PASSWORD)
    seen, queue, failures, forms_tried = set(), list(START[username]), [], 0
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"GET {_shape(url)}: {_error(response)}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _parse(response.content.decode())
        queue += [u for u in (_local(url, h) for h in page.links) if u and u not in seen]
        for form in page.forms:
            action = _local(url, form["action"]) if form["action"] else url
            if action is None or "logout" in action:
                continue
            forms_tried += 1
            for value in NONSENSE:
                body = {name: value for name in form["fields"]}
                answer = client.post(action, body)
                if answer.status_code >= 500:
                    failures.append(f"POST {_shape(action)} with {value[:12]!r}: {_error(answer)}")
                    break
    assert forms_tried > 0, "the crawl found no form: the start pages or the parser are stale"
    assert sorted(set(failures)) == []
