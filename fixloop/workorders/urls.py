"""Cost-accounting pages, mounted at /costs/: budgets per service point and month (managers)."""

from django.urls import path

from fixloop.workorders import views

app_name = "costs"
urlpatterns = [
    path("budgets/", views.budgets, name="budgets"),
]
