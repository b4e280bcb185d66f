"""Uploaded files, mounted at /files/: every download goes through its owner's permission check."""

from django.urls import path

from fixloop.web import downloads

app_name = "files"
urlpatterns = [
    path("orders/<int:pk>/", downloads.order_attachment, name="order_attachment"),
    path("mail/<int:pk>/", downloads.mail_attachment, name="mail_attachment"),
    path("kb/<int:pk>/", downloads.article_image, name="article_image"),
    path("devices/<int:pk>/proof/", downloads.purchase_proof, name="purchase_proof"),
]
