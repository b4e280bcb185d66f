"""Stock services: the only writers of the ledger, reservations, transfers, returns, counts and plans."""
