"""Documents pages, mounted at /documents/: order PDFs, the manager's quote release, the customer's
decline of one quote option."""

from django.urls import path

from fixloop.documents import views

app_name = "documents"
urlpatterns = [
    path("orders/<str:number>/<slug:kind>.pdf", views.document, name="pdf"),
    path("orders/<str:number>/quote/release/", views.release_quote, name="release_quote"),
    path("orders/<str:number>/quote/decline/", views.decline_option_view, name="decline_option"),
]
