"""Every API error as one JSON shape: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from myschool.errors import ApplicationError


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def messages(detail: Any, at: str = "") -> list[str]:
    """The plain messages in a DRF error detail; a nested one says where, e.g. "0.url: Required."."""
    if isinstance(detail, dict):
        return [message for key, value in detail.items() for message in messages(value, f"{at}{key}.")]
    if isinstance(detail, list) and any(isinstance(value, dict | list) for value in detail):
        return [message for index, value in enumerate(detail) for message in messages(value, f"{at}{index}.")]
    if isinstance(detail, list):
        return [message for value in detail for message in messages(value, at)]
    return [f"{at[:-1]}: {detail}" if at else str(detail)]


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
