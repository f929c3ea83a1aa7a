"""What the platform shows to anyone: a Content-Security-Policy on every page, API docs behind login."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from tests import factories
from tests.api import Api
from tests.pages.browser import Browser
from tests.world import World, classroom

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.fixture
def world() -> World:
    return classroom(factories.region("RU-MOS"))


def test_every_page_forbids_inline_scripts_and_keeps_none_itself(world: World) -> None:
    pupil, teacher = Browser(world, "sidorov"), Browser(world, "ivanova")
    pages = [Browser(world).get("/login/"), pupil.get("/diary/?week_of=2026-11-23"),
             pupil.get("/portfolio/"), teacher.get("/")]

    for page in pages:
        assert page.status_code == 200
        policy = page["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "style-src 'self'" in policy and "object-src 'none'" in policy
        html = page.content.decode()
        assert not INLINE_SCRIPT.search(html) and "<style" not in html and ' style="' not in html
    assert finders.find("myschool/site.css")


def test_api_docs_need_a_signed_in_person_unless_made_public(client, settings, world: World) -> None:
    settings.API_DOCS_PUBLIC = False
    host = factories.host(world.region)
    api = Api(client, world)

    assert client.get("/api/schema/", HTTP_HOST=host).status_code in (401, 403)
    assert client.get("/api/docs/", HTTP_HOST=host).status_code in (401, 403)
    assert client.get("/api/schema/", HTTP_HOST=factories.host(None)).status_code in (401, 403)
    assert api("ivanova", "get", "/api/schema/").status_code == 200
    docs = api("ivanova", "get", "/api/docs/")
    assert docs.status_code == 200 and not INLINE_SCRIPT.search(docs.content.decode())
    assert api("ivanova", "get", "/api/docs/?script=")["Content-Type"].startswith("application/javascript")

    settings.API_DOCS_PUBLIC = True
    assert client.get("/api/schema/", HTTP_HOST=host).status_code == 200
