from django.urls import path

from tenants.api import views

urlpatterns = [
    path("onboardings/", views.OnboardingStartApi.as_view(), name="onboarding-start"),
    path("onboardings/<str:pk>/", views.OnboardingDetailApi.as_view(), name="onboarding-detail"),
    path("regions/", views.RegionListApi.as_view(), name="region-list"),
    path("regions/<str:code>/", views.RegionDetailApi.as_view(), name="region-detail"),
    path("regions/<str:code>/suspend/", views.RegionSuspendApi.as_view(), name="region-suspend"),
    path("regions/<str:code>/resume/", views.RegionResumeApi.as_view(), name="region-resume"),
]
