"""The dispatcher board in the browser: pick an engineer on a card and assign."""

from fixloop.accounts.roles import Role
from fixloop.testing.world import new_order
from fixloop.workorders import services
from fixloop.workorders.models import WorkOrderEvent


def test_dispatcher_assigns_a_card_on_the_board(session, world, screenshot):
    waiting = new_order(world, serial="SN-BOARD-1")
    order = new_order(world, serial="SN-BOARD-2")
    order = services.triage(
        actor=world.actor(Role.AGENT), number=order.number, expected_version=order.version,
        priority="high", service_point_id=world.centre.pk,
    )  # fmt: skip
    dispatcher = session.login("dispatcher")
    dispatcher.click("a[href='/console/board/']")
    dispatcher.wait_for_selector(f"#card-{order.number}")
    assert dispatcher.locator(f"#card-{waiting.number}").count() == 1
    dispatcher.select_option(f"#engineer-{order.number}", str(world.engineer.pk))
    dispatcher.click(f"#card-{order.number} button[type=submit]")
    dispatcher.wait_for_selector(".messages .msg-success")
    assert order.number in dispatcher.locator(".messages").inner_text()
    assert dispatcher.locator(f"#card-{order.number}").count() == 1  # high priority: still shown, now at risk
    order.refresh_from_db()
    assert (order.state, order.assignee_id) == ("assigned", world.engineer.pk)
    assert WorkOrderEvent.objects.filter(order=order, action="assign").count() == 1
    screenshot(dispatcher, "console-board")
