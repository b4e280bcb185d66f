"""Spare parts pages, mounted at /parts/."""

from django.urls import path

from fixloop.parts import views

app_name = "parts"
urlpatterns = [
    path("", views.stock_view, name="stock"),
    path("receive/", views.receive, name="receive"),
    path("adjust/", views.adjust, name="adjust"),
    path("movements/", views.movement_list, name="movements"),
    path("reservations/", views.reservation_list, name="reservations"),
    path("shortages/<int:shortage_id>/source/", views.source_shortage, name="source_shortage"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("transfers/ship/", views.ship_transfer, name="ship_transfer"),
    path("transfers/<int:transfer_id>/receive/", views.receive_transfer, name="receive_transfer"),
    path("returns/", views.return_list, name="returns"),
    path("returns/<int:return_id>/step/", views.return_step, name="return_step"),
    path("counts/", views.count_list, name="counts"),
    path("counts/start/", views.start_count, name="start_count"),
    path("counts/<int:count_id>/", views.count_detail, name="count"),
    path("orders/<str:number>/issue/", views.issue_to_order, name="issue"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("demand/<int:part_id>/<int:location_id>/", views.demand_history, name="demand"),
    path("suggestions/<int:suggestion_id>/act/", views.act_on_suggestion, name="act_on_suggestion"),
]
