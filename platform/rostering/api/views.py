"""Region API: rostering imports (upload -> dry-run report -> apply -> progress) and exports.

Only the region admin rosters the region.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.rights import require_region_admin
from myschool.errors import ApplicationError
from myschool.region_api import RegionApiView
from rostering import selectors, services
from rostering.api.serializers import ExportFilter, ImportInput, ImportOutput
from rostering.export import export_roster
from rostering.personal import export_person_data, get_data_subject


class ImportListApi(RegionApiView):
    """The region's imports, newest first; upload a bundle to start one (its dry run is queued)."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=ImportOutput(many=True))
    def get(self, request: Request) -> Response:
        require_region_admin(request.user)
        return self.paginated(selectors.imports(), ImportOutput)

    @extend_schema(request={"multipart/form-data": ImportInput}, responses={202: ImportOutput})
    def post(self, request: Request) -> Response:
        # Refused, by who sends it and by its declared length, before a byte of the body is read
        # (upload_bundle checks the actor again for the command line and tasks).
        require_region_admin(request.user)
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.ROSTER_MAX_UPLOAD_BYTES:
            raise ApplicationError.for_field("file", _("The file is larger than %(limit)d MB.") % {
                "limit": settings.ROSTER_MAX_UPLOAD_BYTES // 2**20})
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        roster_import = services.upload_bundle(
            region=self.region, actor=request.user, upload=data.validated_data["file"],
            skip_errors=data.validated_data["skip_errors"],
        )
        return Response(ImportOutput(roster_import).data, status=status.HTTP_202_ACCEPTED)


class ImportDetailApi(RegionApiView):
    """One import: its state, live progress and, once checked, its preview and row errors."""

    @extend_schema(responses=ImportOutput)
    def get(self, request: Request, pk: str) -> Response:
        require_region_admin(request.user)
        return Response(ImportOutput(selectors.get_import(pk)).data)


class ImportApplyApi(RegionApiView):
    """Apply a checked import (queued; poll the import for progress)."""

    @extend_schema(request=None, responses={202: ImportOutput})
    def post(self, request: Request, pk: str) -> Response:
        roster_import = services.request_apply(
            region=self.region, roster_import=selectors.get_import(pk), actor=request.user
        )
        return Response(ImportOutput(roster_import).data, status=status.HTTP_202_ACCEPTED)


class ExportApi(RegionApiView):
    """The region's roster as a OneRoster 1.2 bundle (zip); with `period`, also that period's marks."""

    @extend_schema(parameters=[ExportFilter], responses={(200, "application/zip"): bytes})
    def get(self, request: Request) -> FileResponse:
        require_region_admin(request.user)
        query = ExportFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        period_id = query.validated_data.get("period")
        period = selectors.get_period(period_id) if period_id is not None else None
        out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so removes) it
        export_roster(region=self.region, out=out, period=period)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=f"oneroster-{self.region.code}.zip",
                            content_type="application/zip")


class PersonalDataApi(RegionApiView):
    """One person's data (152-ФЗ access request) as a zip: for themself, their parent or the region admin."""

    @extend_schema(responses={(200, "application/zip"): bytes})
    def get(self, request: Request, pk: str) -> FileResponse:
        person = get_data_subject(request.user, pk)
        out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes (and so removes) it
        export_person_data(region=self.region, person=person, out=out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=f"personal-data-{person.pk}.zip",
                            content_type="application/zip")
