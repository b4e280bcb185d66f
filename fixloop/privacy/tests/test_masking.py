"""Masking of phone numbers and addresses for roles that do not need them."""

import pytest

from fixloop.accounts.roles import Role
from fixloop.privacy.masking import (
    contact_visible,
    mask_address,
    mask_name,
    masked_contact_fields,
    masked_phone_for,
)
from fixloop.testing.world import PASSWORD, new_order

pytestmark = pytest.mark.django_db


def test_mask_address_keeps_only_the_start():
    assert mask_address("上海市徐汇区漕溪北路 88 号 3 楼") == "上海市徐汇区****"
    assert mask_address("") == ""
    assert mask_address("上海市徐汇区****") == "上海市徐汇区****"  # masking twice changes nothing


def test_mask_name_keeps_the_family_name():
    assert (mask_name("张伟"), mask_name(""), mask_name(" Li Na ")) == ("张**", "", "L**")


def test_masked_contact_fields_masks_phone_and_address_keys_only_without_need(world):
    data = {
        "contact_phone": "13800001234",
        "service_address": "上海市徐汇区漕溪北路 88 号",
        "symptoms": "黑屏",
    }
    assert masked_contact_fields(world.actor(Role.AGENT), data) is data
    masked = masked_contact_fields(world.actor(Role.WAREHOUSE), data)
    assert masked == {"contact_phone": "138****1234", "service_address": "上海市徐汇****", "symptoms": "黑屏"}
    assert data["contact_phone"] == "13800001234"  # the caller's dict is left alone


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.AGENT, True),
        (Role.DISPATCHER, True),
        (Role.MANAGER, True),
        (Role.CUSTOMER, True),
        (Role.PARTNER, True),
        (Role.WAREHOUSE, False),
        (Role.ENGINEER, False),
    ],
)
def test_who_sees_contact_details(world, role, visible):
    order = new_order(world)
    assert contact_visible(world.actor(role), order) is visible
    assert masked_phone_for(world.actor(role), "13800001234", order) == (
        "13800001234" if visible else "138****1234"
    )


def test_the_assigned_engineer_sees_them(world):
    order = new_order(world)
    order.assignee = world.engineer
    assert contact_visible(world.actor(Role.ENGINEER), order)
    order.assignee = world.other_engineer
    assert not contact_visible(world.actor(Role.ENGINEER), order)


@pytest.mark.parametrize(("user", "shown"), [("agent", "13800001234"), ("warehouse", "138****1234")])
def test_console_queue_and_order_page_mask_for_the_warehouse(client, world, user, shown):
    order = new_order(world)
    assert client.login(username=user, password=PASSWORD)
    queue = client.get("/console/").content.decode()
    page = client.get(f"/console/orders/{order.number}/")
    assert shown in queue
    if page.status_code == 200:
        assert shown in page.content.decode()
