"""Who is acting: a user in a role, or a partner's API key. Services and selectors take an Actor."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from fixloop.accounts.models import Partner, User
from fixloop.accounts.roles import Role


@dataclass(frozen=True)
class Actor:
    role: str
    user: User | None = None
    partner: Partner | None = None
    customer_id: int | None = None
    engineer_id: int | None = None
    home_service_point_id: int | None = None

    @classmethod
    def for_user(cls, user: User) -> "Actor":
        """Build from a user loaded with `customer_profile` and `engineer_profile` (see USER_RELATED)."""
        customer = _related_or_none(user, "customer_profile")
        engineer = _related_or_none(user, "engineer_profile")
        return cls(
            role=user.role,
            user=user,
            customer_id=customer.pk if customer else None,
            engineer_id=engineer.pk if engineer else None,
            home_service_point_id=engineer.home_service_point_id if engineer else None,
        )

    @classmethod
    def for_partner(cls, partner: Partner) -> "Actor":
        return cls(role=Role.PARTNER, partner=partner)

    @classmethod
    def system(cls) -> "Actor":
        """The system itself (worker jobs, demo loaders acting as nobody in particular)."""
        return cls(role=Role.MANAGER)

    @property
    def label(self) -> str:
        if self.partner is not None:
            return f"partner:{self.partner.code}"
        if self.user is not None:
            return self.user.get_username()
        return "system"

    @property
    def principal_key(self) -> str:
        """A stable identity string (for idempotency keys and rate limits)."""
        if self.partner is not None:
            return f"p{self.partner.pk}"
        return f"u{self.user.pk}" if self.user is not None else "system"


# select_related paths that let Actor.for_user() run without further queries.
USER_RELATED = ("customer_profile", "engineer_profile")


def _related_or_none(user: User, name: str):
    try:
        return getattr(user, name)
    except ObjectDoesNotExist:  # the per-relation RelatedObjectDoesNotExist subclasses it
        return None
