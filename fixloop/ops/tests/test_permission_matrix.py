"""The permission matrix: every API operation and page × every role, generated from one table.

Each GET row of TABLE is checked for every role column: ok (2xx), 401, 403, 404, 405, login (sent to
sign in) or away (a signed-in user of another area sent to their own home). The objects belong to
customer A, taken in through partner A at the agent's service point and assigned to the engineer, so
the other_* columns must never see them. On top of the status, any ok answer to an outsider (anonymous,
other_*) must not contain the order number, the complaint number, or customer A's name and phone.
Rows marked (missing) use ids of objects the world does not create: allowed roles answer 404 there.
Unsafe API methods are checked for anonymous callers (401, nothing written) and, in WRITES, for roles
that must be refused with a real body (nothing written).
"""

import json
import os

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from fixloop.config.api import api
from fixloop.testing.matrix import ROLES, build_matrix_world, outcome

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "api/", "i18n/", "static/")
OUTSIDERS = ("anonymous", "other_customer", "other_agent", "other_engineer", "other_partner")
# Outsiders that do see customer A's data in an ok answer, on purpose (a decision, no longer an open
# question): customers walk into any service point, so an agent looks them up company-wide by their exact
# phone number at intake and gets the name for it (engineers and the warehouse get the match masked).
# Complaints follow the service points of the orders they are about (see complaint_scope), so another
# point's agent no longer sees customer A's complaint.
EXPOSED = {
    ("GET /api/customers", "other_agent"),
}
# Rows whose URL itself is the capability (survey token, number + last four phone digits).
CAPABILITY_ROWS = {
    "GET /api/surveys/{token}",
    "GET /surveys/s/<str:token>/",
    "GET /api/track/{number}",
    "GET /portal/track/",
}

# fmt: off
TABLE = """
# case                                                        anon   cust   cust2  agent  agent2 disp   eng    eng2   ware   mgr    partn  partn2
GET /api/auth/me                                              401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/orders                                               401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/orders/{number}                                      401    ok     404    ok     404    ok     ok     404    ok     ok     ok     404
GET /api/orders/{number}/timeline                             401    ok     404    ok     404    ok     ok     404    ok     ok     ok     404
GET /api/orders/{number}/quote                                401    404    404    404    404    404    404    404    404    404    404    404  # no quote yet: 404 for all (refusal order not shown)
GET /api/orders/{number}/costs                                401    403    404    403    404    403    403    404    403    ok     403    404
GET /api/orders/{number}/documents/{kind}.pdf                 401    404    404    404    404    404    404    404    404    404    404    404  # no receipt yet: 404 for all
GET /api/orders/{number}/attachments                          401    ok     404    ok     404    ok     ok     404    ok     ok     ok     404
GET /api/track/{number}                                       ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/categories                                           401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/models                                               401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/devices/{serial}                                     401    ok     404    ok     ok     ok     ok     ok     ok     ok     ok     404  # staff look devices up company-wide at intake
GET /api/service-points                                       401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/engineers                                            401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/customers                                            401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403  # exact phone only, company-wide (intake); masked for engineers and warehouse; see EXPOSED
GET /api/orders/{number}/messages                             401    ok     404    ok     404    ok     ok     404    ok     ok     ok     404
GET /api/audit/entries                                        401    403    403    403    403    403    403    403    403    ok     403    403
GET /api/privacy/export                                       401    ok     ok     404    404    404    404    404    404    404    404    404
GET /api/privacy/deletion-requests                            401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/sla/orders/{number}                                  401    ok     404    ok     404    ok     ok     404    ok     ok     ok     404
GET /api/mail/inbound                                         401    403    403    ok     ok     ok     403    403    403    ok     403    403
GET /api/aftercare/followups                                  401    403    403    ok     ok     403    403    403    403    ok     403    403
GET /api/aftercare/plans                                      401    403    403    ok     ok     ok     403    403    403    ok     403    403
GET /api/parts/locations                                      401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/parts/stock                                          401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/parts/movements                                      401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/parts/transfers                                      401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/parts/shortages                                      401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/parts/orders/{number}                                401    403    403    ok     404    ok     ok     404    ok     ok     403    403
GET /api/parts/returns                                        401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/parts/suggestions                                    401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/parts/demand/{part_id}/{location_id}                401    403    403    404    404    404    404    404    404    404    403    403  # (missing)
GET /api/parts/valuation                                      401    403    403    ok     ok     ok     ok     ok     ok     ok     403    403
GET /api/scheduling/orders/{number}/suggestions               401    403    403    403    403    ok     403    403    403    ok     403    403
GET /api/scheduling/orders/{number}/windows                   401    422    404    422    404    422    422    404    422    422    422    404  # 422: a carry-in order has no visit windows; scoped first
GET /api/scheduling/plans/{service_point_id}/{date}           401    403    403    403    403    404    403    403    403    404    403    403
GET /api/kb/search                                            ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/kb/articles/{article_id}                             404    404    404    404    404    404    404    404    404    404    404    404  # (missing)
GET /api/complaints                                           401    ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok  # scoped by the orders' service points: another point's agent gets a list without A's
GET /api/complaints/{number}                                  401    ok     404    ok     404    ok     404    404    404    ok     404    404
GET /api/surveys/{token}                                      ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /api/analytics/kpis                                       401    403    403    403    403    403    403    403    403    ok     403    403
GET /api/analytics/scorecards                                 401    403    403    403    403    403    403    403    403    ok     403    403
GET /api/analytics/quality                                    401    403    403    403    403    403    403    403    403    ok     403    403
GET /health/live                                              ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /health/ready                                             ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /metrics                                                  ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok  # loopback or METRICS_TOKEN only; the test client is 127.0.0.1
GET /accounts/login/                                          ok     away   away   away   away   away   away   away   away   away   ok     ok
GET /accounts/logout/                                         405    405    405    405    405    405    405    405    405    405    405    405
GET /accounts/password-reset/                                 ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /accounts/password-reset/sent/                            ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /accounts/reset/<uidb64>/<token>/                         ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok  # (missing): the "link no longer works" page
GET /accounts/reset/done/                                     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /files/orders/<int:pk>/                                   login  ok     404    ok     404    ok     ok     404    ok     ok     login  login  # the order's photo: order_scope; a partner key is no session
GET /files/mail/<int:pk>/                                     login  404    404    404    404    404    404    404    404    404    login  login  # (missing)
GET /files/kb/<int:pk>/                                       404    404    404    404    404    404    404    404    404    404    404    404  # (missing)
GET /files/devices/<int:pk>/proof/                            login  404    404    404    404    404    404    404    404    404    login  login  # (missing)
GET /accounts/2fa/                                            login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /accounts/2fa/verify/                                     login  away   away   away   away   away   away   away   away   away   login  login
GET /accounts/2fa/disable/                                    405    405    405    405    405    405    405    405    405    405    405    405
GET /accounts/2fa/staff/                                      login  away   away   away   away   away   away   away   away   ok     login  login
GET /accounts/2fa/staff/<int:user_id>/                        405    405    405    405    405    405    405    405    405    405    405    405
GET /console/                                                 login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /console/intake/                                          login  away   away   ok     ok     ok     away   away   away   ok     login  login  # intake is agent, dispatcher and manager work
GET /console/my-jobs/                                         login  away   away   away   away   away   ok     ok     away   away   login  login
GET /console/board/                                           login  away   away   away   away   ok     away   away   away   ok     login  login
GET /console/board/<str:number>/assign/                       login  away   away   away   away   405    away   away   away   405    login  login
GET /console/bulk-assign/                                     login  away   away   away   away   405    away   away   away   405    login  login
GET /console/intake/lookup/                                   login  away   away   ok     ok     ok     away   away   away   ok     login  login  # the intake form's helper: the intake roles only
GET /console/orders/<str:number>/receipt/                     login  away   away   ok     404    ok     ok     404    ok     ok     login  login
GET /console/orders/<str:number>/                             login  away   away   ok     404    ok     ok     404    ok     ok     login  login
GET /console/orders/<str:number>/photos/                      login  away   away   405    405    405    405    405    405    405    login  login
GET /console/orders/<str:number>/act/<str:action>/            login  away   away   405    405    405    405    405    405    405    login  login
GET /portal/                                                  login  ok     ok     away   away   away   away   away   away   away   login  login
GET /portal/signup/                                           ok     away   away   away   away   away   away   away   away   away   ok     ok
GET /portal/report/                                           login  ok     ok     away   away   away   away   away   away   away   login  login
GET /portal/track/                                            ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /portal/orders/<str:number>/                              login  ok     404    away   away   away   away   away   away   away   login  login
GET /portal/orders/<str:number>/photos/                       login  405    405    away   away   away   away   away   away   away   login  login
GET /portal/orders/<str:number>/act/<str:action>/             login  405    405    away   away   away   away   away   away   away   login  login
GET /audit/                                                   login  away   away   away   away   away   away   away   away   ok     login  login
GET /privacy/                                                 login  ok     ok     away   away   away   away   away   away   away   login  login
GET /privacy/export.json                                      login  ok     ok     away   away   away   away   away   away   away   login  login
GET /privacy/requests/                                        login  away   away   away   away   away   away   away   away   ok     login  login
GET /privacy/requests/<int:request_id>/withdraw/             405    405    405    405    405    405    405    405    405    405    405    405
GET /privacy/requests/<int:request_id>/<str:decision>/        405    405    405    405    405    405    405    405    405    405    405    405
GET /conversations/<str:number>/                              login  405    405    405    405    405    405    405    405    405    login  login
GET /notifications/log/                                       login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /notifications/log/<int:pk>/retry/                        login  away   away   405    405    405    405    405    405    405    login  login
GET /notifications/outbox/<int:pk>/requeue/                   login  away   away   away   away   away   away   away   away   405    login  login
GET /notifications/templates/                                 login  away   away   away   away   away   away   away   away   ok     login  login
GET /notifications/templates/<int:pk>/                        login  away   away   away   away   away   away   away   away   404    login  login  # (missing)
GET /notifications/settings/                                  login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /notifications/my/                                        login  ok     ok     away   away   away   away   away   away   away   login  login
GET /mail/inbound/                                            405    405    405    405    405    405    405    405    405    405    405    405
GET /mail/console/                                            login  away   away   ok     ok     ok     away   away   away   ok     login  login
GET /mail/console/<int:pk>/                                   login  away   away   404    404    404    away   away   away   404    login  login  # (missing)
GET /mail/console/<int:pk>/retry/                             login  away   away   405    405    405    away   away   away   405    login  login
GET /aftercare/followups/                                     login  away   away   ok     ok     away   away   away   away   ok     login  login
GET /aftercare/followups/<int:pk>/                            login  away   away   404    404    away   away   away   away   404    login  login  # (missing)
GET /aftercare/plans/                                         login  away   away   ok     ok     ok     away   away   away   ok     login  login
GET /aftercare/plans/new/                                     login  away   away   ok     ok     ok     away   away   away   ok     login  login
GET /aftercare/plans/<int:pk>/active/                         login  away   away   405    405    405    away   away   away   405    login  login
GET /parts/                                                   login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /parts/receive/                                           login  away   away   away   away   away   away   away   405    405    login  login
GET /parts/adjust/                                            login  away   away   away   away   away   away   away   405    405    login  login
GET /parts/movements/                                         login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /parts/reservations/                                      login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /parts/shortages/<int:shortage_id>/source/                login  away   away   away   away   away   away   away   405    405    login  login
GET /parts/transfers/                                         login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /parts/transfers/ship/                                    login  away   away   away   away   away   away   away   405    405    login  login
GET /parts/transfers/<int:transfer_id>/receive/               login  away   away   away   away   away   away   away   405    405    login  login
GET /parts/returns/                                           login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /parts/returns/<int:return_id>/step/                      login  away   away   away   away   away   away   away   405    405    login  login
GET /parts/counts/                                            login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /parts/counts/start/                                      login  away   away   away   away   away   away   away   405    405    login  login
GET /parts/counts/<int:count_id>/                             login  away   away   away   away   away   away   away   404    404    login  login  # (missing)
GET /parts/orders/<str:number>/issue/                         login  away   away   405    405    405    405    405    405    405    login  login
GET /parts/suggestions/                                       login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /parts/demand/<int:part_id>/<int:location_id>/           login  away   away   404    404    404    404    404    404    404    login  login  # (missing)
GET /parts/suggestions/<int:suggestion_id>/act/              login  away   away   away   away   away   away   away   405    405    login  login
GET /documents/orders/<str:number>/<slug:kind>.pdf            login  404    404    404    404    404    404    404    404    404    login  login  # no receipt yet: 404 for all
GET /documents/orders/<str:number>/quote/release/             login  away   away   away   away   away   away   away   away   405    login  login
GET /documents/orders/<str:number>/quote/decline/             login  405    405    away   away   away   away   away   away   away   login  login
GET /costs/budgets/                                           login  away   away   away   away   away   away   away   away   ok     login  login
GET /scheduling/plan/                                         login  away   away   away   away   ok     away   away   away   ok     login  login
GET /scheduling/plan/replan/                                  login  away   away   away   away   405    away   away   away   405    login  login
GET /scheduling/plan/sick/                                    login  away   away   away   away   405    away   away   away   405    login  login
GET /scheduling/plan/pin/                                     login  away   away   away   away   405    away   away   away   405    login  login
GET /scheduling/plan/apply/                                   login  away   away   away   away   405    away   away   away   405    login  login
GET /scheduling/orders/<str:number>/windows/                  login  away   away   ok     404    ok     ok     404    away   ok     login  login
GET /scheduling/orders/<str:number>/assign/                   login  away   away   away   away   405    away   away   away   405    login  login
GET /scheduling/portal/orders/<str:number>/windows/           login  ok     404    away   away   away   away   away   away   away   login  login
GET /kb/help/                                                 ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /kb/help/<int:pk>/                                        404    404    404    404    404    404    404    404    404    404    404    404  # (missing)
GET /kb/help/<int:pk>/vote/                                   405    405    405    405    405    405    405    405    405    405    405    405
GET /kb/help/<int:pk>/solved/                                 login  405    405    away   away   away   away   away   away   away   login  login
GET /kb/help/suggest/                                         ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /kb/help/models/                                          ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /kb/help/symptoms/                                        ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /kb/help/trees/                                           ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /kb/help/trees/<int:pk>/                                  404    404    404    404    404    404    404    404    404    404    404    404  # (missing)
GET /kb/help/trees/<int:pk>/finish/                           login  405    405    away   away   away   away   away   away   away   login  login
GET /kb/help/runs/<int:pk>/                                   login  404    404    away   away   away   away   away   away   away   login  login  # (missing)
GET /kb/console/                                              login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /kb/console/new/                                          login  away   away   ok     ok     away   ok     ok     away   ok     login  login
GET /kb/console/<int:pk>/                                     login  away   away   404    404    away   404    404    away   404    login  login  # (missing)
GET /kb/console/<int:pk>/status/                              login  away   away   405    405    away   405    405    away   405    login  login
GET /kb/console/<int:pk>/image/                               login  away   away   405    405    away   405    405    away   405    login  login
GET /kb/console/suggest/                                      login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /kb/console/trees/                                        login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /kb/console/trees/outcomes/                               login  away   away   away   away   away   away   away   away   ok     login  login
GET /kb/console/trees/<int:pk>/                               login  away   away   away   away   away   away   away   away   404    login  login  # (missing)
GET /kb/console/trees/<int:pk>/walk/                          login  away   away   404    404    404    404    404    404    404    login  login  # (missing)
GET /kb/console/trees/<int:pk>/finish/                        login  away   away   405    405    405    405    405    405    405    login  login
GET /kb/console/runs/<int:pk>/                                login  away   away   404    404    404    404    404    404    404    login  login  # (missing)
GET /kb/console/triage/                                       login  away   away   away   away   away   away   away   away   ok     login  login
GET /kb/console/orders/<str:number>/accept-triage/            login  away   away   405    405    405    away   away   away   405    login  login
GET /complaints/                                              login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /complaints/new/                                          login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /complaints/export.<str:fmt>                              login  away   away   ok     ok     ok     ok     ok     ok     ok     login  login
GET /complaints/c/<str:number>/                               login  away   away   ok     404    ok     404    404    404    ok     login  login
GET /complaints/c/<str:number>/act/<str:action>/              login  away   away   405    405    405    405    405    405    405    login  login
GET /complaints/c/<str:number>/owner/                         login  away   away   405    405    405    405    405    405    405    login  login
GET /complaints/c/<str:number>/actions/                       login  away   away   405    405    405    405    405    405    405    login  login
GET /complaints/c/<str:number>/actions/<int:action_id>/done/  login  away   away   405    405    405    405    405    405    405    login  login
GET /complaints/mine/                                         login  ok     ok     away   away   away   away   away   away   away   login  login
GET /complaints/mine/new/                                     login  ok     ok     away   away   away   away   away   away   away   login  login
GET /complaints/mine/<str:number>/                            login  ok     404    away   away   away   away   away   away   away   login  login
GET /surveys/s/<str:token>/                                   ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok     ok
GET /surveys/order/<str:number>/                              login  ok     404    away   away   away   away   away   away   away   login  login
GET /analytics/                                               login  away   away   away   away   away   away   away   away   ok     login  login
GET /analytics/scorecards/                                    login  away   away   away   away   away   away   away   away   ok     login  login
GET /analytics/quality/                                       login  away   away   away   away   away   away   away   away   ok     login  login
GET /analytics/import/                                        login  away   away   away   away   away   away   away   away   ok     login  login
GET /analytics/export/<str:report>.<str:fmt>                  login  away   away   away   away   away   away   away   away   ok     login  login
"""
# fmt: on


def parse_table(text: str) -> dict[str, list[str]]:
    rows = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            method, path, *cells = line.split()
            assert len(cells) == len(ROLES), line
            rows[f"{method} {path}"] = cells
    return rows


EXPECTED = parse_table(TABLE)


def api_operations() -> list[str]:
    schema = api.get_openapi_schema()
    return [f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops]


def page_paths() -> list[str]:
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                path = prefix + str(pattern.pattern)
                if path and not path.startswith(SKIP_PREFIXES):
                    found.append("GET /" + path)

    walk(get_resolver().url_patterns, "")
    return found


GET_CASES = [c for c in api_operations() if c.startswith("GET ")] + page_paths()
UNSAFE_API_CASES = [c for c in api_operations() if not c.startswith("GET ")]


def test_the_table_has_one_row_per_operation_and_page():
    missing = sorted(set(GET_CASES) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(GET_CASES))
    assert not missing, "add these rows to TABLE:\n" + "\n".join(missing)
    assert not stale, "remove these rows from TABLE:\n" + "\n".join(stale)


@pytest.fixture
def mw(db):
    return build_matrix_world()


def secrets_of(mw) -> list[str]:
    return [mw.order.number, mw.complaint_number, mw.world.customer.phone, mw.world.customer.name]


@pytest.mark.parametrize("case", GET_CASES)
def test_get(mw, case):
    if case not in EXPECTED and not os.environ.get("FIXLOOP_MATRIX_DUMP"):
        pytest.skip("no row in TABLE (see test_the_table_has_one_row_per_operation_and_page)")
    path = case.split(" ", 1)[1]
    url = mw.url(path)
    actual, leaks = [], []
    for role in ROLES:
        client = mw.api_client(role) if path.startswith("/api/") else mw.client(role)
        response = client.get(url)
        actual.append(outcome(response))
        checked = case not in CAPABILITY_ROWS and (case, role) not in EXPOSED
        if actual[-1] == "ok" and role in OUTSIDERS and checked:
            body = response.content.decode(errors="replace")
            leaks += [f"{role} sees {secret!r}" for secret in secrets_of(mw) if secret in body]
    if os.environ.get("FIXLOOP_MATRIX_DUMP"):
        with open(os.environ["FIXLOOP_MATRIX_DUMP"], "a") as out:
            out.write(json.dumps([case, actual, leaks], ensure_ascii=False) + "\n")
    assert actual == EXPECTED.get(case), f"{url}: {dict(zip(ROLES, actual, strict=True))}"
    assert not leaks, leaks


def row_counts() -> dict[str, int]:
    """Rows per fixloop model: a refused write must leave every one of them unchanged."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("fixloop.") and not model._meta.proxy
    }


def versions(mw) -> tuple:
    mw.order.refresh_from_db()
    return mw.order.state, mw.order.version


def test_every_unsafe_api_operation_refuses_anonymous_callers_and_writes_nothing(mw):
    client = mw.client("anonymous")
    before, state = row_counts(), versions(mw)
    refused = {}
    for case in UNSAFE_API_CASES:
        method, path = case.split(" ", 1)
        if path in ANONYMOUS_WRITES:
            continue
        response = getattr(client, method.lower())(mw.url(path), data={}, content_type="application/json")
        refused[case] = outcome(response)
    assert refused == {case: "401" for case in refused}
    assert row_counts() == before and versions(mw) == state


# Open on purpose: signing in, answering a survey by its token, tracking by number and phone digits
# (a read that takes its digits in the body; it writes nothing).
ANONYMOUS_WRITES = {"/api/auth/token", "/api/surveys/{token}", "/api/track/{number}"}


def _cancel(mw) -> dict:
    return {"action": "cancel", "version": mw.order.version, "payload": {"reason": "matrix test"}}


# Writes with a valid body by roles that must be refused: (method, path, body(mw), {role: outcome}).
WRITES = [
    ("POST", "/api/orders/{number}/transitions", _cancel,
     {"other_customer": "404", "other_partner": "404", "other_agent": "404", "other_engineer": "404",
      "engineer": "403", "warehouse": "403"}),
    ("POST", "/api/orders/{number}/messages", lambda mw: {"body": "你好"},
     {"other_customer": "404", "other_partner": "404", "other_agent": "404", "other_engineer": "404"}),
    ("POST", "/api/complaints/{number}/investigate", lambda mw: {"version": 1},
     {"customer": "403", "other_customer": "404", "engineer": "404", "warehouse": "404",
      "partner": "404", "other_partner": "404"}),
    ("POST", "/portal/orders/<str:number>/act/<str:action>/", lambda mw: {"version": mw.order.version,
     "reason": "matrix test"},
     {"other_customer": "404", "agent": "away", "manager": "away", "partner": "login"}),
    ("POST", "/console/orders/<str:number>/act/<str:action>/", lambda mw: {"version": mw.order.version,
     "reason": "matrix test"},
     {"customer": "away", "other_customer": "away", "other_agent": "404", "other_engineer": "404",
      "anonymous": "login", "partner": "login"}),
]  # fmt: skip


@pytest.mark.parametrize("method, path, body, expected", WRITES, ids=[f"{w[0]} {w[1]}" for w in WRITES])
def test_refused_writes_change_nothing(mw, method, path, body, expected):
    clients = {
        role: mw.api_client(role) if path.startswith("/api/") else mw.client(role) for role in expected
    }
    before, state = row_counts(), versions(mw)
    actual = {}
    for role, client in clients.items():
        url = mw.url(path)
        if path.startswith("/api/"):
            response = client.generic(method, url, json.dumps(body(mw)), content_type="application/json")
        else:
            response = client.post(url, body(mw))
        actual[role] = outcome(response)
    assert actual == expected
    assert row_counts() == before and versions(mw) == state
