"""Spare-parts inventory: demand series, forecasts, reorder points and replenishment suggestions."""
