"""URLs of the federation host (BASE_DOMAIN): federal operators."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("api/v1/", include("tenants.api.urls")),
    path("api/v1/", include("accounts.api.urls")),
    path("api/v1/library/", include("shared_library.api.urls")),
    path("api/v1/", include("federation.api.urls")),
    path("api/v1/", include("audit.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(urlconf=__name__), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("", include("federation.urls")),
    path("", include("accounts.urls")),
]

handler404 = "myschool.error_pages.page_not_found"
handler500 = "myschool.error_pages.server_error"
