"""A login works only on the host whose schema holds the account."""

from __future__ import annotations

import pytest

from accounts.models import ApiToken, Role, User
from tenants.context import in_federation, in_region
from tests import factories

pytestmark = pytest.mark.django_db


def login(client, reg, email: str) -> int:
    return client.post("/login/", {"username": email, "password": factories.PASSWORD},
                       HTTP_HOST=factories.host(reg)).status_code


def test_region_login_works_only_in_its_region(client) -> None:
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    factories.region_user(mos, "petrov@mos.example", Role.REGION_ADMIN)

    assert login(client, mow, "petrov@mos.example") == 200  # form shown again: refused
    assert login(client, None, "petrov@mos.example") == 200
    assert login(client, mos, "petrov@mos.example") == 302


def test_operator_login_works_only_on_the_federation_host(client) -> None:
    mos = factories.region("RU-MOS")
    factories.operator("operator@federation.example")

    assert login(client, mos, "operator@federation.example") == 200
    assert login(client, None, "operator@federation.example") == 302


def test_same_email_in_two_regions_are_two_people() -> None:
    mos, mow = factories.region("RU-MOS"), factories.region("RU-MOW")
    factories.region_user(mos, "same@example.org", Role.TEACHER, password="mos-password-1")
    factories.region_user(mow, "same@example.org", Role.PUPIL, password="mow-password-1")

    with in_region(mos):
        assert User.objects.get(email="same@example.org").check_password("mos-password-1")
    with in_region(mow):
        assert User.objects.get(email="same@example.org").role == Role.PUPIL
    with in_federation():
        assert not User.objects.filter(email="same@example.org").exists()


def test_passwords_are_hashed_with_argon2() -> None:
    mos = factories.region("RU-MOS")
    user = factories.region_user(mos, "hash@mos.example")
    assert user.password.startswith("argon2$")


def test_a_region_users_token_is_unknown_on_the_federation_api(client) -> None:
    mos = factories.region("RU-MOS")
    admin = factories.region_user(mos, "admin2@mos.example", Role.REGION_ADMIN)
    with in_region(mos):
        token = ApiToken.objects.create(user=admin)

    response = client.get("/api/v1/regions/", HTTP_HOST=factories.host(None),
                          HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401
