"""Person names: Chinese family name first without a space, Western names "First Last"."""

import pytest

from fixloop.accounts.models import User
from fixloop.accounts.names import person_name


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [
        ("强", "赵", "赵强"),
        ("师傅", "李", "李师傅"),
        ("Wei", "张", "张Wei"),  # either part Chinese: the Chinese order
        ("Anna", "Schmidt", "Anna Schmidt"),
        ("Anna", "", "Anna"),
        ("", "赵", "赵"),
        (" 强 ", " 赵 ", "赵强"),
        ("", "", ""),
    ],
)
def test_person_name(first, last, shown):
    assert person_name(first, last) == shown


def test_users_full_name_follows_the_rule():
    assert User(first_name="强", last_name="赵").get_full_name() == "赵强"
    assert User(first_name="Anna", last_name="Schmidt").get_full_name() == "Anna Schmidt"
