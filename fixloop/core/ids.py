"""Ids from user input that no database integer column can hold.

SQLite raises OverflowError on them instead of finding nothing, so input handling refuses them first.
"""

MAX_ID = 2**63 - 1


def storable(pk: int) -> bool:
    """Whether `pk` fits a signed 64-bit column (the widest id any backend stores)."""
    return -MAX_ID - 1 <= pk <= MAX_ID
