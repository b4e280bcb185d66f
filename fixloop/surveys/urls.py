"""Surveys pages, mounted at /surveys/."""

from django.urls import path

from fixloop.surveys import views

app_name = "surveys"
urlpatterns = [
    path("s/<str:token>/", views.answer, name="answer"),
    path("order/<str:number>/", views.rate_order, name="rate_order"),
]
