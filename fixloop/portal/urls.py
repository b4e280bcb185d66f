"""Customer portal URLs, mounted at /portal/."""

from django.urls import path

from fixloop.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.my_orders, name="orders"),
    path("signup/", views.signup, name="signup"),
    path("report/", views.report, name="report"),
    path("track/", views.track, name="track"),
    path("orders/<str:number>/", views.order_page, name="order"),
    path("orders/<str:number>/photos/", views.order_photo, name="photo"),
    path("orders/<str:number>/act/<str:action>/", views.order_action, name="action"),
]
