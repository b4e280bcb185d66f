"""Who may do what in the knowledge base."""

from fixloop.accounts.roles import STAFF_ROLES, Role

AUTHOR_ROLES = frozenset({Role.AGENT, Role.ENGINEER, Role.MANAGER})
REVIEW_ROLES = frozenset({Role.MANAGER})
TREE_AUTHOR_ROLES = frozenset({Role.MANAGER})
# Staff who walk fault trees with a caller and see suggestions.
HELPDESK_ROLES = STAFF_ROLES
TRIAGE_ROLES = frozenset({Role.AGENT, Role.DISPATCHER, Role.MANAGER})
