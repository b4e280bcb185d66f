"""Sign-in, sign-out, the language switch and the shared layout."""

import re

from django.test import override_settings

from fixloop.accounts.roles import Role
from fixloop.testing.world import PASSWORD


def test_login_page_is_labelled_and_csrf_protected(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.text
    for name in ("username", "password"):
        assert re.search(rf'<label for="id_{name}"', response.text)
    assert 'name="viewport"' in response.text


def test_staff_land_in_the_console_and_customers_in_the_portal(client, world):
    response = client.post("/accounts/login/", {"username": "agent", "password": PASSWORD})
    assert response["Location"] == "/console/"
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "customer", "password": PASSWORD})
    assert response["Location"] == "/portal/"


def test_warehouse_lands_on_the_stock_page(client, world):
    response = client.post("/accounts/login/", {"username": "warehouse", "password": PASSWORD})
    assert response["Location"] == "/parts/"
    assert client.get("/parts/").status_code == 200
    # A page of another role sends them back to their own start page, and the brand link goes there too.
    assert client.get("/console/board/")["Location"] == "/parts/"
    assert 'class="brand" href="/parts/"' in client.get("/console/").text


def test_wrong_password_shows_an_error_with_status_200(client, world):
    response = client.post("/accounts/login/", {"username": "agent", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_logout_signs_out(client, world):
    client.force_login(world.users[Role.AGENT])
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/console/").status_code == 302


def test_root_redirects_to_the_portal(client, db):
    assert client.get("/")["Location"] == "/portal/"


def test_language_switch_sets_the_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/portal/track/"})
    assert response.status_code == 302 and response["Location"] == "/portal/track/"
    page = client.get("/portal/track/")
    assert '<html lang="en">' in page.text
    assert "Track a repair" in page.text


def test_default_language_is_chinese(client, db):
    page = client.get("/portal/track/")
    assert '<html lang="zh-Hans">' in page.text


def test_static_files_are_local(client, db):
    page = client.get("/accounts/login/")
    assert "htmx.min.js" in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text)


@override_settings(CSRF_TRUSTED_ORIGINS=[])
def test_posts_without_csrf_token_are_refused(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "agent", "password": PASSWORD})
    assert response.status_code == 403


def test_a_role_without_an_area_is_refused_not_looped(client, world):
    from fixloop.testing.world import make_user

    client.force_login(make_user("dealer-user", Role.PARTNER))
    assert client.get("/portal/").status_code == 403
    assert client.get("/console/")["Location"] == "/portal/"
