"""Signing in to and out of the API (tokens for the host's own accounts, region or federation),
a person's own sign-ins, and the sign-in locks a region admin may lift."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import lockout, selectors, tokens
from accounts.authentication import TokenAuthentication
from accounts.models import ApiToken
from accounts.rights import require_region_admin
from myschool.errors import ApplicationError, NotFound
from myschool.region_api import RegionApiView


class TokenInput(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    role = serializers.CharField()


class TokenObtainApi(APIView):
    """Exchange e-mail and password for a new API token (POST); sign that token out (DELETE).

    Works only on the account's own host. Each sign-in gets its own token.
    """

    permission_classes = [AllowAny]

    def get_authenticators(self) -> list[BaseAuthentication]:
        # Signing in needs no credentials (and no CSRF check); signing out needs the token.
        return [TokenAuthentication()] if getattr(self.request, "method", None) == "DELETE" else []

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
        token = tokens.issue_token(user=user, client=request.headers.get("User-Agent", ""))
        return Response(TokenOutput({"token": token.key, "role": user.role}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):
            raise ApplicationError(_("Sign out sends the token to end in the Authorization header."))
        tokens.revoke_token(token=request.auth)
        return Response(status=204)


class SignInOutput(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "client", "created", "last_used_at", "current"]

    def get_current(self, token: ApiToken) -> bool:
        return token.pk == getattr(self.context["request"].auth, "pk", None)


class SignInListApi(APIView):
    """The caller's own API sign-ins still alive, most recently used first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=SignInOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(SignInOutput(selectors.active_tokens(request.user), many=True,
                                     context={"request": request}).data)


class SignInApi(APIView):
    """Sign one of the caller's own API sign-ins out."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        token = selectors.active_tokens(request.user).filter(pk=pk).first()
        if token is None:
            raise NotFound(_("No such sign-in."))
        tokens.revoke_token(token=token)
        return Response(status=204)


class SignOutEverywhereApi(APIView):
    """«Sign out everywhere»: every API token and browser session of the caller ends."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        tokens.sign_out_everywhere(user=request.user)
        return Response(status=204)


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
