"""Plain pytest tests of the inventory forecasting core (no Django, no database, no benchmark files)."""
