"""Triage assistant: suggests kind, fault category, skill and priority from request text."""
