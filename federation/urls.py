"""Pages of the federal operator's console, mounted on the federation host."""

from django.urls import path

from federation import views

app_name = "federation"
urlpatterns = [
    path("regions/", views.regions, name="regions"),
    path("regions/onboard/", views.onboard, name="onboard"),
    path("regions/<str:code>/", views.region, name="region"),
    path("regions/onboarding/<uuid:pk>/", views.onboarding, name="onboarding"),
    path("regions/onboarding/<uuid:pk>/retry/", views.retry_onboarding, name="retry-onboarding"),
]
