"""Who may read the API's schema and docs (/api/schema/, /api/docs/).

Anyone where API_DOCS_PUBLIC is on (the default outside production); in
production only a signed-in person of the host, so the map of every endpoint
is not handed to whoever asks.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


class ApiDocsReader(BasePermission):
    """Anyone with API_DOCS_PUBLIC; otherwise a signed-in person."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)
