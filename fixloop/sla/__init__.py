"""SLA time: business calendars and clocks derived from an order's events (pure, no ORM)."""
