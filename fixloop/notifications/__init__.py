"""Outbound notifications: channel adapters (email, SMS, webhooks, group bots) and retry rules."""
