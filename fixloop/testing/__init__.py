"""Test support shared by every app's tests: a small world of master data and API helpers."""
