"""Every API error as one JSON shape: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from myschool.errors import ApplicationError


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def messages(detail: Any) -> list[str]:
    """The plain messages in a DRF error detail, however nested (a list, a dict per item or field)."""
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in messages(value)]
    return [str(detail)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        fields = {name: messages(msgs) for name, msgs in exc.detail.items()}
        message = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in fields.items())
        response.data = error_body("invalid", message, fields)
    elif isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", " ".join(messages(exc.detail)))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(exc, "default_code", "error")
        response.data = error_body(code, str(detail))
    return response
