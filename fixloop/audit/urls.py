"""Audit log pages, mounted at /audit/."""

app_name = "audit"
urlpatterns: list = []
