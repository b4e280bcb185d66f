"""Background worker."""
