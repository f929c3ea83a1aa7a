"""The interface language: Russian unless the person chose another.

A person chooses with the switch on every page (accounts.views.choose_language):
the choice is kept on their user record once they are logged in, and in a cookie
before (and after: the cookie follows the record, so pages shown before the
person is known, such as a 404, speak their language too). The browser's
Accept-Language is not asked: the platform speaks Russian first, whatever
language the computer was set up in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from accounts.models import Language
from myschool.errors import ApplicationError


def supported(code: str | None) -> str | None:
    """`code` if it names one of the interface's languages, else None."""
    return code if code in Language.values else None


def parse_language(code: str) -> str:
    """`code` if it names one of the interface's languages; else an error naming the field."""
    if supported(code) is None:
        raise ApplicationError.for_field(
            "language", _("“%(code)s” is not a language of the interface.") % {"code": code}
        )
    return code


def remember(response: HttpResponse, language: str) -> None:
    """Keep `language` in the browser's cookie, for pages shown before the person is known."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, httponly=True,
    )


class LanguageMiddleware:
    """Activates the cookie's language (else LANGUAGE_CODE), then the logged-in person's own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cookie = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        self._activate(request, cookie or settings.LANGUAGE_CODE)
        response = self.get_response(request)
        saved = getattr(request, "saved_language", None)
        if saved and saved != cookie:
            remember(response, saved)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ["Cookie"])
        return response

    def process_view(self, request: HttpRequest, *_args: Any) -> None:
        # After authentication: a person's saved choice wins over the cookie.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and supported(user.language):
            request.saved_language = user.language
            self._activate(request, user.language)

    @staticmethod
    def _activate(request: HttpRequest, language: str) -> None:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def languages(_request: HttpRequest) -> dict[str, Any]:
    """For the switch on every page (a template context processor)."""
    return {"languages": Language.choices}
