"""Email intake."""
