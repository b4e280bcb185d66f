"""Service levels pages, mounted at /sla/."""

app_name = "sla"
urlpatterns: list = []
