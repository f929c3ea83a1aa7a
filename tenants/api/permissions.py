from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


class IsFederalOperator(BasePermission):
    """Only federal operators, and only on the federation host."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and getattr(user, "is_federal_operator", False)
            and getattr(request, "region", None) is None
        )
