"""Survey invitation on close, the one-time link (hashing, single use, expiry), portal rating, escalation."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from fixloop.accounts.roles import Role
from fixloop.complaints.models import Complaint
from fixloop.core.errors import Conflict, NotFound, ValidationFailed
from fixloop.core.models import OutboxMessage
from fixloop.surveys import services
from fixloop.surveys.models import Survey
from fixloop.testing.world import PASSWORD, new_order
from fixloop.workorders.tests.helpers import run

pytestmark = pytest.mark.django_db
CLOSE_PATH = ["triage", "resolve_remotely", "close"]


def _closed(world, **kwargs):
    return run(world, new_order(world, mode="remote", **kwargs), CLOSE_PATH)


def _close_message(order) -> OutboxMessage:
    return OutboxMessage.objects.filter(topic="workorder.close", payload__order_id=order.pk).get()


def _invite(world, **kwargs) -> tuple[Survey, str]:
    order = _closed(world, **kwargs)
    services.on_order_closed(_close_message(order))
    message = OutboxMessage.objects.filter(topic="notify", payload__event="survey.invitation").latest("id")
    token = re.search(r"/surveys/s/([^/]+)/", message.payload["context"]["url"]).group(1)
    return Survey.objects.get(order=order), token


def test_close_invites_once_with_a_hashed_token_in_the_customers_language(world):
    world.customer.language = "en"
    world.customer.save(update_fields=["language"])
    survey, token = _invite(world)
    assert survey.language == "en" and len(token) >= 40
    assert survey.token_hash == services.hash_token(token) and token not in survey.token_hash
    assert survey.expires_at - survey.created_at == pytest.approx(
        dt.timedelta(days=14), abs=dt.timedelta(seconds=5)
    )
    services.on_order_closed(_close_message(survey.order))  # redelivered: nothing new
    assert Survey.objects.count() == 1
    assert OutboxMessage.objects.filter(topic="notify", payload__event="survey.invitation").count() == 1


def test_open_order_gets_no_survey(world):
    order = new_order(world)
    fake = OutboxMessage(topic="workorder.close", payload={"order_id": order.pk})
    assert services.on_order_closed(fake) is None and not Survey.objects.exists()


def test_link_answers_once_in_the_customers_language(client, world):
    world.customer.language = "en"
    world.customer.save(update_fields=["language"])
    survey, token = _invite(world)
    page = client.get(f"/surveys/s/{token}/")
    assert page.status_code == 200 and "How satisfied are you" in page.content.decode()
    bad = client.post(f"/surveys/s/{token}/", {"csat": "9", "nps": "11"})
    assert bad.status_code == 200 and bad.content.decode().count('class="error"') == 2
    done = client.post(f"/surveys/s/{token}/", {"csat": "5", "nps": "10", "comment": "很快"})
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    survey.refresh_from_db()
    assert (survey.csat, survey.nps, survey.comment, survey.escalated) == (5, 10, "很快", False)
    again = client.post(f"/surveys/s/{token}/", {"csat": "1", "nps": "0"})
    assert again.status_code == 410
    survey.refresh_from_db()
    assert survey.csat == 5
    assert client.get("/surveys/s/not-a-real-token/").status_code == 404


def test_expired_link_is_refused(world):
    survey, token = _invite(world)
    later = survey.expires_at + dt.timedelta(seconds=1)
    with pytest.raises(Conflict) as expired:
        services.survey_by_token(token, now=later)
    assert expired.value.code == "survey_expired"
    with pytest.raises(Conflict):
        services.submit_answer(survey=survey, csat=4, nps=8, now=later)
    survey.refresh_from_db()
    assert survey.answered_at is None
    with pytest.raises(NotFound):
        services.survey_by_token("x" + token)


def test_low_score_opens_a_complaint_escalation_once(world):
    survey, _token = _invite(world)
    services.submit_answer(survey=survey, csat=2, nps=3, comment="等了太久")
    complaint = Complaint.objects.get()
    assert complaint.channel == "survey" and complaint.source_key == f"survey:{survey.pk}"
    assert list(complaint.orders.all()) == [survey.order] and "等了太久" in complaint.description
    low = OutboxMessage.objects.get(topic="notify", payload__event="survey.low_score")
    assert low.payload["user_ids"] == [world.users[Role.MANAGER].pk]
    with pytest.raises(Conflict):
        services.submit_answer(survey=survey, csat=2, nps=3)
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(("csat", "nps"), [(0, 5), (6, 5), (3, -1), (3, 11)])
def test_out_of_range_scores_are_refused(world, csat, nps):
    survey, _token = _invite(world)
    with pytest.raises(ValidationFailed):
        services.submit_answer(survey=survey, csat=csat, nps=nps)
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_portal_panel_and_rating_page_only_for_the_owner(client, world):
    survey, _token = _invite(world)
    number = survey.order.number
    client.login(username="customer", password=PASSWORD)
    page = client.get(f"/portal/orders/{number}/")
    assert f"/surveys/order/{number}/" in page.content.decode()
    response = client.post(f"/surveys/order/{number}/", {"csat": "4", "nps": "9"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.csat, survey.nps) == (4, 9)
    client.logout()
    client.login(username="other_customer", password=PASSWORD)
    assert client.get(f"/surveys/order/{number}/").status_code == 404
    assert client.post(f"/surveys/order/{number}/", {"csat": "1", "nps": "0"}).status_code == 404
    survey.refresh_from_db()
    assert survey.csat == 4 and survey.answered_at <= timezone.now()


def test_api_answers_by_token_once(client, world):
    survey, token = _invite(world)
    assert client.get(f"/api/surveys/{token}").json()["order_number"] == survey.order.number
    bad = client.post(f"/api/surveys/{token}", {"csat": 7, "nps": 5}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "csat"
    ok = client.post(f"/api/surveys/{token}", {"csat": 4, "nps": 8}, content_type="application/json")
    assert ok.status_code == 204
    again = client.post(f"/api/surveys/{token}", {"csat": 4, "nps": 8}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "survey_answered"
