"""Quote, consent, held-quote and cost screens in the console and the portal, through the HTTP client."""

from decimal import Decimal

from fixloop.accounts.roles import Role
from fixloop.testing.world import new_order
from fixloop.workorders.models import Quote, WorkOrderEvent
from fixloop.workorders.states import Action
from fixloop.workorders.tests import factories
from fixloop.workorders.tests.helpers import advance, run

A = Action


def bench(world):
    return run(world, new_order(world, in_warranty=False), [A.TRIAGE, A.ASSIGN, A.RECEIVE_DEVICE])


def quote_post(order, lines: str, **extra) -> dict:
    data = {
        "findings": "电池鼓包", "cause": "hardware", "fault_point": "电池", "feasibility": "repairable",
        "labour_hours": "1.5", "option1_label": "换电池", "option1_lines": lines, "valid_days": "14",
        "version": order.version, **extra,
    }  # fmt: skip
    return {f"quote-{k}": v for k, v in data.items()}


def test_engineer_quotes_catalogue_parts_and_skills_from_the_console(client, world):
    part, skill = factories.part(), factories.skill()
    order = bench(world)
    client.force_login(world.users[Role.ENGINEER])
    lines = f"#{part.number} | 2\nlabour: #{skill.code} | 1.5\ntransport: 上门费 | 1 | 30 | chargeable"
    data = quote_post(order, lines, option2_label="退回", option2_lines="inspection: 检测费 | 1 | 50")
    response = client.post(f"/console/orders/{order.number}/act/quote/", data)
    assert response.status_code == 302, response.context and response.context["forms"][0].errors
    quote = Quote.objects.get(order=order)
    first = quote.options.get(position=1)
    assert [(li.part_id, li.skill_id, li.amount) for li in first.lines.order_by("id")] == [
        (part.pk, None, Decimal("300.00")), (None, skill.pk, Decimal("180.00")), (None, None, Decimal("30.00")),
    ]  # fmt: skip
    assert quote.diagnosis.fault_point == "电池" and quote.diagnosis.labour_hours == Decimal("1.50")
    page = client.get(f"/console/orders/{order.number}/")
    assert "换电池" in page.text and f'href="/documents/orders/{order.number}/quote.pdf"' in page.text


def test_an_unknown_catalogue_reference_is_a_form_error(client, world):
    order = bench(world)
    client.force_login(world.users[Role.ENGINEER])
    events = WorkOrderEvent.objects.filter(order=order).count()
    response = client.post(
        f"/console/orders/{order.number}/act/quote/", quote_post(order, "#NO-SUCH-PART | 1")
    )
    assert response.status_code == 200
    form = next(f for f in response.context["forms"] if f.action == "quote")
    assert "option1_lines" in form.errors and 'id="field-quote-option1_lines"' in response.text
    assert WorkOrderEvent.objects.filter(order=order).count() == events and not Quote.objects.exists()


def test_manager_releases_a_held_quote_and_sees_the_costs(client, world, settings):
    settings.FIXLOOP = {**settings.FIXLOOP, "QUOTE_INTERNAL_APPROVAL_ABOVE": "100"}
    order = advance(world, bench(world), A.QUOTE)

    client.force_login(world.users[Role.CUSTOMER])
    portal = client.get(f"/portal/orders/{order.number}/")
    assert 'id="h-quote"' not in portal.text and 'id="action-approve"' not in portal.text

    client.force_login(world.users[Role.ENGINEER])
    page = client.get(f"/console/orders/{order.number}/")
    assert 'id="release-quote"' not in page.text and 'id="h-costs"' not in page.text

    client.force_login(world.users[Role.MANAGER])
    page = client.get(f"/console/orders/{order.number}/")
    assert 'id="release-quote"' in page.text and 'id="h-costs"' in page.text
    response = client.post(f"/documents/orders/{order.number}/quote/release/", {"quote_revision": "1"})
    assert response.status_code == 302 and Quote.objects.get(order=order).status == "pending"
    again = client.post(
        f"/documents/orders/{order.number}/quote/release/", {"quote_revision": "1"}, follow=True
    )
    assert again.status_code == 200 and [m.level_tag for m in again.context["messages"]][-1] == "error"

    client.force_login(world.users[Role.CUSTOMER])
    portal = client.get(f"/portal/orders/{order.number}/")
    assert 'id="h-quote"' in portal.text and 'id="action-approve"' in portal.text
    assert (
        client.post(f"/documents/orders/{order.number}/quote/release/", {"quote_revision": "1"}).status_code
        == 302
    )


def test_the_customer_consents_to_data_access_when_the_work_touches_it(client, world):
    order = advance(world, bench(world), A.QUOTE, touches_data=True, data_safety_note="刷机前完整备份")
    client.force_login(world.users[Role.CUSTOMER])
    data = {
        "approve-version": order.version, "approve-option": "1", "approve-signer_name": "张伟",
        "approve-signature": "data:image/png;base64,iVBORw0KGgo=",
    }  # fmt: skip
    response = client.post(f"/portal/orders/{order.number}/act/approve/", data)
    assert response.status_code == 200 and "刷机前完整备份" in response.text
    form = next(f for f in response.context["forms"] if f.action == "approve")
    assert "data_consent" in form.errors
    response = client.post(
        f"/portal/orders/{order.number}/act/approve/",
        {**data, "approve-data_consent": "on", "approve-backup_made": "on"},
    )
    assert response.status_code == 302
    assert order.data_consents.get().backup_made is True
