"""Personal data pages, mounted at /privacy/."""

app_name = "privacy"
urlpatterns: list = []
