"""Spare parts."""
