"""Tests for the pure SLA core."""
