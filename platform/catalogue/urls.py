"""Pages of the library catalogue, on region hosts."""

from django.urls import path

from catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", views.items, name="items"),
    path("catalogue/<uuid:item_id>/", views.item, name="item"),
]
