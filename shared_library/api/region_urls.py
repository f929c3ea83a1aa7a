"""Region API: the region's contributions to the federal library, under /api/v1/library/."""

from django.urls import path

from shared_library.api import contributions

urlpatterns = [
    path("subjects/", contributions.RegionSubjectListApi.as_view(), name="library-subjects"),
    path("contributions/", contributions.ContributionListApi.as_view(), name="library-contributions"),
    path("contributions/<str:pk>/", contributions.ContributionDetailApi.as_view(),
         name="library-contribution"),
]
