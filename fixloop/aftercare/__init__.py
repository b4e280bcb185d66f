"""Maintenance and follow-up."""
