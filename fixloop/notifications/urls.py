"""Notifications pages, mounted at /notifications/."""

from django.urls import path

from fixloop.notifications import views

app_name = "notifications"
urlpatterns = [
    path("log/", views.delivery_log, name="log"),
    path("log/<int:pk>/retry/", views.retry, name="retry"),
    path("outbox/<int:pk>/requeue/", views.requeue, name="requeue"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("settings/", views.staff_preferences, name="staff_preferences"),
    path("my/", views.customer_preferences, name="my_preferences"),
]
