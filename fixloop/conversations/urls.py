"""Conversation URLs, mounted at /conversations/."""

from django.urls import path

from fixloop.conversations import views

app_name = "conversations"
urlpatterns = [path("<str:number>/", views.post, name="post")]
