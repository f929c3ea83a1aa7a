"""URLs of a region host (<slug>.BASE_DOMAIN): the regional segment."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

api = [
    path("", include("accounts.api.urls")),
    path("", include("academics.api.urls")),
    path("", include("schools.api.urls")),
    path("", include("schedule.api.urls")),
    path("", include("journal.api.urls")),
    path("", include("diary.api.urls")),
    path("", include("portfolio.api.urls")),
    path("", include("catalogue.api.urls")),
    path("", include("rostering.api.urls")),
    path("library/", include("shared_library.api.region_urls")),
    path("", include("federation.api.region_urls")),
    path("", include("audit.api.region_urls")),
]

urlpatterns = [
    path("api/v1/", include(api)),
    path("api/schema/", SpectacularAPIView.as_view(urlconf=__name__), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("diary.urls")),
    path("", include("journal.urls")),
    path("", include("portfolio.urls")),
    path("", include("catalogue.urls")),
    path("", include("accounts.urls")),
]

handler404 = "myschool.error_pages.page_not_found"
handler500 = "myschool.error_pages.server_error"
