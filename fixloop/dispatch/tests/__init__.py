"""Unit tests for the pure route-planning core."""
