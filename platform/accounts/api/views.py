"""Signing in to the API: a token for the host's own accounts (region or federation)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from myschool.errors import ApplicationError


class TokenInput(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    role = serializers.CharField()


class TokenObtainApi(APIView):
    """Exchange e-mail and password for an API token. Works only on the account's own host."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=TokenInput, responses=TokenOutput)
    def post(self, request: Request) -> Response:
        data = TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request, username=data.validated_data["email"], password=data.validated_data["password"]
        )
        if user is None or not user.is_active:
            error = ApplicationError(_("Wrong e-mail or password for this host."))
            error.status, error.code = 401, "authentication_failed"
            raise error
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenOutput({"token": token.key, "role": user.role}).data)
