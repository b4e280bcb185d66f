"""Staff console URLs, mounted at /console/."""

from django.urls import path

from fixloop.console import board_views, views

app_name = "console"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("intake/", views.intake, name="intake"),
    path("my-jobs/", views.my_jobs, name="my_jobs"),
    path("board/", board_views.board, name="board"),
    path("board/<str:number>/assign/", board_views.board_assign, name="board_assign"),
    path("bulk-assign/", board_views.bulk_assign, name="bulk_assign"),
    path("intake/lookup/", views.intake_lookup, name="intake_lookup"),
    path("orders/<str:number>/receipt/", views.receipt, name="receipt"),
    path("orders/<str:number>/", views.order_page, name="order"),
    path("orders/<str:number>/photos/", views.order_photo, name="photo"),
    path("orders/<str:number>/act/<str:action>/", views.order_action, name="action"),
]
