"""Signing in to the API: a token for the host's own accounts (region or federation)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access.fetch import require_region_admin
from accounts import lockout, selectors
from myschool.errors import ApplicationError, NotFound
from myschool.region_api import RegionApiView


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
        if getattr(request, "axes_locked_out", False):
            error = ApplicationError(lockout.lockout_message(request))
            error.status, error.code = 429, "locked_out"
            raise error
        if user is None or not user.is_active:
            error = ApplicationError(_("Wrong e-mail or password for this host."))
            error.status, error.code = 401, "authentication_failed"
            raise error
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenOutput({"token": token.key, "role": user.role}).data)


class LoginLockOutput(serializers.ModelSerializer):
    account = serializers.CharField(source="username", allow_null=True)
    address = serializers.CharField(source="ip_address", allow_null=True)
    failures = serializers.IntegerField(source="failures_since_start")
    last_attempt_at = serializers.DateTimeField(source="attempt_time")

    class Meta:
        model = AccessAttempt
        fields = ["id", "account", "address", "failures", "last_attempt_at"]


class LoginLockListApi(RegionApiView):
    """Accounts and client addresses refused sign-in now for too many failures. Region admin."""

    @extend_schema(responses=LoginLockOutput(many=True))
    def get(self, request: Request) -> Response:
        require_region_admin(request.user)
        return self.paginated(selectors.login_locks(), LoginLockOutput)


class LoginLockApi(RegionApiView):
    """Lift one sign-in lock before its time. Region admin; audited."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        require_region_admin(request.user)
        attempt = selectors.login_locks().filter(pk=pk).first()
        if attempt is None:
            raise NotFound(_("No such sign-in lock."))
        lockout.lift_login_lock(attempt=attempt, actor=request.user)
        return Response(status=204)
