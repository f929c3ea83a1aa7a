"""The schools API answers only this region's people, on this region's host."""

from __future__ import annotations

import pytest

from accounts.models import ApiToken, Role
from tenants.context import in_federation, in_region
from tests import factories
from tests.api import Api, token_of
from tests.world import World

pytestmark = pytest.mark.django_db

URLS = [
    "/api/v1/schools/",
    "/api/v1/people/",
    "/api/v1/subjects/",
    "/api/v1/class-groups/",
    "/api/v1/guardianships/",
    "/api/v1/settings/",
    "/api/v1/grading-scales/",
    "/api/v1/mark-kinds/",
    "/api/v1/academic-years/",
]


def test_a_token_of_another_region_is_unknown_here(api: Api) -> None:
    kaliningrad = factories.region("RU-KGD")
    admin = factories.region_user(kaliningrad, "regionadmin@school.example", Role.REGION_ADMIN)
    with in_region(kaliningrad):
        token = ApiToken.objects.create(user=admin).key

    for url in URLS:
        response = api.call("get", url, None, token=token, host=factories.host(api.world.region))
        assert response.status_code == 401, url
    assert api.call("get", URLS[0], None, token=token, host=factories.host(kaliningrad)).status_code == 200


def test_anonymous_callers_are_asked_to_sign_in(client, world: World) -> None:
    for url in URLS:
        assert client.get(url, HTTP_HOST=factories.host(world.region)).status_code == 401, url


def test_the_federation_host_has_none_of_these_pages(api: Api) -> None:
    with in_federation():
        token = ApiToken.objects.create(user=factories.operator())
    for url in [*URLS, "/api/v1/class-groups/1/", "/api/v1/people/1/"]:
        response = api.call("get", url, None, token=token.key, host=factories.host(None))
        assert response.status_code == 404, url


def test_listing_people_takes_the_same_queries_however_many_there_are(
    api: Api, world: World, django_assert_max_num_queries
) -> None:
    token, host = token_of(world, "regionadmin"), factories.host(world.region)
    api.call("get", "/api/v1/people/", None, token=token, host=host)  # warm the routing cache
    with django_assert_max_num_queries(6) as few:
        api.call("get", "/api/v1/people/", None, token=token, host=host)
    queries = len(few.captured_queries)  # read now: the next request clears the log
    for n in range(10):
        world.pupil(f"pupil{n}", "5А")
        world.teacher(f"teacher{n}")
    api.call("get", "/api/v1/people/", None, token=token, host=host)
    with django_assert_max_num_queries(queries):
        response = api.call("get", "/api/v1/people/", None, token=token, host=host)
    assert response.json()["count"] == 33
