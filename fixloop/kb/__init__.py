"""Knowledge base."""
