"""Federation API for federal operators: onboarding and the regions' lifecycle."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenants import selectors
from tenants.api.permissions import IsFederalOperator
from tenants.api.serializers import OnboardingInput, OnboardingRunOutput, RegionChangeInput, RegionOutput
from tenants.models import RunState
from tenants.services.lifecycle import resume_region, suspend_region
from tenants.services.onboarding import request_onboarding
from tenants.services.region_settings import rename_region
from tenants.tasks import run_onboarding_task


class OnboardingStartApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(request=OnboardingInput, responses={202: OnboardingRunOutput,
                                                       200: OnboardingRunOutput})
    def post(self, request: Request) -> Response:
        data = OnboardingInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        with transaction.atomic():
            run, _created = request_onboarding(
                code=fields["code"], name=fields["name"], time_zone=fields["time_zone"],
                admin_email=fields["admin_email"], domain=fields.get("domain") or None,
                actor=request.user,
            )
            if run.state != RunState.DONE:
                transaction.on_commit(
                    lambda: run_onboarding_task.delay(str(run.pk), run.region_code)
                )
        body = OnboardingRunOutput(run, context={"request": request}).data
        code = status.HTTP_200_OK if run.state == RunState.DONE else status.HTTP_202_ACCEPTED
        return Response(body, status=code, headers={"Location": str(body["url"])})


class OnboardingDetailApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(responses=OnboardingRunOutput)
    def get(self, request: Request, pk: str) -> Response:
        run = selectors.get_onboarding_run(pk)
        return Response(OnboardingRunOutput(run, context={"request": request}).data)


class RegionListApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(responses=RegionOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(RegionOutput(selectors.regions(), many=True).data)


class RegionDetailApi(APIView):
    """One region; PATCH renames it (its code, schema and hosts stay), with a federal audit row."""

    permission_classes = [IsFederalOperator]

    @extend_schema(responses=RegionOutput)
    def get(self, request: Request, code: str) -> Response:
        return Response(RegionOutput(selectors.get_region(code)).data)

    @extend_schema(request=RegionChangeInput, responses=RegionOutput)
    def patch(self, request: Request, code: str) -> Response:
        data = RegionChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        region = rename_region(region=selectors.get_region(code), name=data.validated_data["name"],
                               actor=request.user)
        return Response(RegionOutput(selectors.get_region(region.code)).data)


class RegionSuspendApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(request=None, responses=RegionOutput)
    def post(self, request: Request, code: str) -> Response:
        region = suspend_region(region=selectors.get_region(code), actor=request.user)
        return Response(RegionOutput(selectors.get_region(region.code)).data)


class RegionResumeApi(APIView):
    permission_classes = [IsFederalOperator]

    @extend_schema(request=None, responses=RegionOutput)
    def post(self, request: Request, code: str) -> Response:
        region = resume_region(region=selectors.get_region(code), actor=request.user)
        return Response(RegionOutput(selectors.get_region(region.code)).data)
