"""The API's own pages and errors: /api/docs under the CSP, JSON 404/405, translated 422 details."""

import datetime as dt
import enum
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils.translation import override
from pydantic import BaseModel, Field, ValidationError

from fixloop.core.validation import describe_errors
from fixloop.testing.i18n import translated

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def test_docs_page_loads_only_local_scripts_and_no_inline_script(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    scripts = SCRIPT.findall(html)
    assert len(scripts) == 2
    for attributes, body in scripts:
        src = re.search(r'src="([^"]+)"', attributes).group(1)
        assert src.startswith("/static/"), src  # same origin, never a CDN
        assert finders.find(src.removeprefix("/static/")), f"{src} is not a static file"
        assert body.strip() == ""  # the CSP would block inline code
    assert "cdn.jsdelivr.net" not in html and "https://" not in html
    for href in re.findall(r'<link[^>]+href="([^"]+)"', html):
        assert href.startswith("/static/") and finders.find(href.removeprefix("/static/")), href
    settings = json.loads(re.search(r'data-settings="([^"]+)"', html).group(1).replace("&quot;", '"'))
    assert settings["url"] == "/api/openapi.json" and settings["validatorUrl"] is None


@pytest.mark.parametrize(
    "method,path", [("get", "/api/nope"), ("post", "/api/orders/RO-1/nothing"), ("put", "/api/x/")]
)
def test_unknown_api_path_is_json_404(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"code": "not_found", "message": translated("Not found."), "details": {}}


def test_unknown_page_outside_the_api_stays_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")


def test_wrong_method_on_an_api_path_is_json_405_with_allow(client):
    response = client.delete("/api/auth/token")
    assert response.status_code == 405
    assert response.json() == {
        "code": "method_not_allowed",
        "message": translated("This method is not allowed here."),
        "details": {},
    }
    assert "POST" in response["Allow"]


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/docs"])
def test_the_schema_and_docs_answer_only_get_and_head(client, path):
    assert client.get(path).status_code == 200
    assert client.head(path).status_code == 200
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(path)
        assert response.status_code == 405, (method, response.status_code)
        assert response.json()["code"] == "method_not_allowed"
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/docs"])
def test_the_schema_and_docs_refuse_writes_with_json_even_when_csrf_is_enforced(path):
    # The CSRF middleware runs before the method check: without the exemption a POST got Django's HTML 403.
    response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_a_session_write_without_the_csrf_token_is_a_translated_json_403(django_user_model):
    user = django_user_model.objects.create_user("agent-csrf", password="pw-123456789")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/orders", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "code": "csrf_failed",
        "message": translated(
            "The CSRF token is missing or wrong: send the X-CSRFToken header, or use an API token."
        ),
        "details": {},
    }


def test_missing_body_fields_are_translated_without_a_doubled_body(client):
    response = client.post("/api/auth/token", "{}", content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["details"]["errors"] == [
        {"loc": ["body", "username"], "msg": translated("This field is required."), "type": "missing"},
        {"loc": ["body", "password"], "msg": translated("This field is required."), "type": "missing"},
    ]
    assert "Field required" not in response.content.decode()


def test_error_messages_follow_accept_language(client):
    english = client.post("/api/auth/token", "{}", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["details"]["errors"][0]["msg"] == "This field is required."


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Sample(BaseModel):
    name: str = Field(max_length=5)
    code: str = Field(min_length=3)
    count: int
    price: float
    day: dt.date
    colour: Colour
    tags: list[str] = Field(max_length=1)
    level: int = Field(ge=1)


def test_each_common_error_type_has_its_message():
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(
            {
                "name": "toolong",
                "code": "ab",
                "count": "many",
                "price": "cheap",
                "day": "yesterday",
                "colour": "green",
                "tags": ["a", "b"],
                "level": 0,
            }
        )
    with override("zh-hans"):
        errors = {e["loc"][1]: e for e in describe_errors(caught.value.errors(), prefix=("body",))}
    assert errors["name"]["msg"] == translated("Enter at most {max_length} characters.", max_length=5)
    assert errors["code"]["msg"] == translated("Enter at least {min_length} characters.", min_length=3)
    assert errors["count"]["msg"] == translated("Enter a whole number.")
    assert errors["price"]["msg"] == translated("Enter a number.")
    assert errors["day"]["msg"] == translated("Enter a valid date (YYYY-MM-DD).")
    assert errors["colour"]["msg"] == translated("Choose one of: {expected}.", expected="'red', 'blue'")
    assert errors["tags"]["msg"] == translated("Give at most {max_length} items.", max_length=1)
    assert errors["level"]["msg"] == translated("Enter a value of at least {ge}.", ge=1)
    assert all(e["loc"][0] == "body" and len(e["loc"]) == 2 for e in errors.values())
