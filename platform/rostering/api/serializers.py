"""Input and output of the rostering API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rostering.models import RosterImport


class ImportInput(serializers.Serializer):
    """multipart/form-data: the bundle, and whether rows with errors are skipped when applying."""

    file = serializers.FileField(help_text="A zip of OneRoster 1.2 CSV files with manifest.csv")
    skip_errors = serializers.BooleanField(default=False, help_text="«пропустить строки с ошибками»")


class RowErrorOutput(serializers.Serializer):
    file = serializers.CharField()
    line = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ProgressOutput(serializers.Serializer):
    stage = serializers.CharField(help_text="reading, merging or done")
    rows = serializers.DictField(child=serializers.IntegerField(), help_text="rows read per file")
    percent = serializers.FloatField()
    elapsed_seconds = serializers.FloatField()
    eta_seconds = serializers.IntegerField(allow_null=True)


class SchoolPreviewOutput(serializers.Serializer):
    sourced_id = serializers.CharField()
    name = serializers.CharField()
    files = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))


class ReportOutput(serializers.Serializer):
    modes = serializers.DictField(child=serializers.CharField(), help_text="bulk or delta per file")
    files = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="per file: rows to create, change, archive, unchanged (same), with errors",
    )
    schools = SchoolPreviewOutput(many=True)
    errors = RowErrorOutput(many=True)
    error_count = serializers.IntegerField()
    written = serializers.IntegerField(help_text="region rows written (0 for a dry run)")


class ImportOutput(serializers.ModelSerializer):
    report = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = RosterImport
        fields = ["id", "original_name", "size", "skip_errors", "state", "progress", "report", "error",
                  "created_at", "checked_at", "applied_at"]

    @extend_schema_field(ReportOutput(allow_null=True))
    def get_report(self, instance: RosterImport) -> dict | None:
        return instance.report or None

    @extend_schema_field(ProgressOutput(allow_null=True))
    def get_progress(self, instance: RosterImport) -> dict | None:
        return instance.progress or None


class ExportFilter(serializers.Serializer):
    period = serializers.IntegerField(required=False, help_text="A period's id: add its marks (gradebook)")
