"""Documents pages, mounted at /documents/: order PDFs and the manager's quote release."""

from django.urls import path

from fixloop.documents import views

app_name = "documents"
urlpatterns = [
    path("orders/<str:number>/<slug:kind>.pdf", views.document, name="pdf"),
    path("orders/<str:number>/quote/release/", views.release_quote, name="release_quote"),
]
