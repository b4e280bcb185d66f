"""Policy matching: the most specific active policy wins; a policy with no criteria is the default."""

from datetime import timedelta

import pytest

from fixloop.sla.models import Policy
from fixloop.sla.policies import OrderFacts, match_policy, targets_for

H = timedelta(hours=1)


def policy(pk: int, **criteria) -> Policy:
    return Policy(pk=pk, name=f"p{pk}", first_response=H, arrival=4 * H, resolution=24 * H, **criteria)


DEFAULT = policy(1)
URGENT = policy(2, priority="urgent")
VIP = policy(3, customer_tier="vip")
VIP_URGENT = policy(4, customer_tier="vip", priority="urgent")
PARTNER_REPAIR = policy(5, kind="repair", channel="partner")
ALL = [VIP_URGENT, PARTNER_REPAIR, VIP, URGENT, DEFAULT]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (OrderFacts("repair", "normal", "standard", "web"), DEFAULT),
        (OrderFacts("repair", "urgent", "standard", "web"), URGENT),
        (OrderFacts("repair", "normal", "vip", "web"), VIP),
        (OrderFacts("repair", "urgent", "vip", "web"), VIP_URGENT),  # two criteria beat one
        (OrderFacts("repair", "normal", "standard", "partner"), PARTNER_REPAIR),
        (OrderFacts("maintenance", "normal", "standard", "partner"), DEFAULT),  # kind differs
        (OrderFacts("repair", "urgent", "contract", "partner"), PARTNER_REPAIR),  # 2 criteria beat urgent's 1
    ],
)
def test_most_specific_match_wins(facts, expected):
    assert match_policy(facts, ALL) is expected


def test_equally_specific_matches_go_to_the_older_policy():
    facts = OrderFacts("repair", "urgent", "vip", "web")
    assert match_policy(facts, [VIP, URGENT]) is URGENT  # pk 2 before pk 3


def test_no_default_and_no_match_means_no_policy():
    assert match_policy(OrderFacts("repair", "low", "standard", "web"), [URGENT, VIP]) is None
    inactive = policy(9)
    inactive.is_active = False
    assert match_policy(OrderFacts("repair", "low", "standard", "web"), [inactive]) is None


def test_arrival_applies_on_site_only_and_pauses_follow_the_policy():
    p = policy(1, pause_for_customer=True, pause_for_parts=False)
    assert targets_for(p, "on_site").arrival == 4 * H
    assert targets_for(p, "carry_in").arrival is None
    assert targets_for(p, "carry_in").pause_states == {"quoted", "awaiting_acceptance"}
    p.pause_for_parts, p.pause_for_customer = True, False
    assert targets_for(p, "carry_in").pause_states == {"awaiting_parts"}
