"""Pages of the portfolio, on region hosts."""

from django.urls import path

from portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("portfolio/", views.achievements, name="achievements"),
]
