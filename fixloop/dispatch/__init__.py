"""Dispatch: route planning for on-site engineers (pure Python core, no Django imports)."""
