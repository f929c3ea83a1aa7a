"""Rights: federal operators act on the library only with the capability for it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role, User
from myschool.errors import Forbidden
from shared_library.models import LibraryItem, OperatorGrant
from shared_library.rights import has_capability, require_capability
from shared_library.services.collections import create_collection
from shared_library.services.grants import grant_capability, revoke_capability
from shared_library.services.items import create_item
from shared_library.services.moderation import approve_version, publish_version, submit_version, withdraw_item
from tenants.context import in_region
from tests import factories
from tests.shared_library import library

pytestmark = pytest.mark.django_db


def test_an_operator_without_the_grant_is_refused(editor) -> None:
    plain = factories.operator("plain@federation.example")

    with pytest.raises(Forbidden) as error:
        create_item(actor=plain, **library.content())
    assert error.value.message == (
        "You lack the “edit” capability (Edit library items and collections); "
        "a federal administrator can grant it."
    )
    with pytest.raises(Forbidden, match="“edit” capability"):
        create_collection(actor=plain, slug="x", title="x")
    assert not LibraryItem.objects.exists()


def test_editors_do_not_moderate_and_moderators_do_not_edit(editor, moderator) -> None:
    item = library.create(editor)
    version = submit_version(version=library.latest(item), actor=editor)

    with pytest.raises(Forbidden, match="“moderate” capability"):
        approve_version(version=version, actor=editor)
    with pytest.raises(Forbidden, match="“moderate” capability"):
        withdraw_item(item=item, actor=editor, reason="x")
    with pytest.raises(Forbidden, match="“edit” capability"):
        library.create(moderator)
    version = approve_version(version=version, actor=moderator)
    with pytest.raises(Forbidden, match="“release” capability"):
        require_capability(moderator, "release")
    assert publish_version(version=version, actor=moderator).state == "published"


def test_region_people_hold_no_capability_even_with_a_colliding_id() -> None:
    mos = factories.region("RU-MOS")
    admin = factories.region_user(mos, "boss@mos.example", Role.REGION_ADMIN)
    operator = factories.operator(capabilities=["edit", "moderate", "release"])
    with in_region(mos):
        twin = User.objects.get(email="boss@mos.example")
        twin.pk = operator.pk  # a region's person whose id equals the operator's
        twin.role = Role.FEDERAL_OPERATOR  # ...even claiming the role

    for person in (admin, twin):
        assert not has_capability(person, "edit")
    with pytest.raises(Forbidden) as error:
        require_capability(admin, "release")
    assert error.value.message == (
        "Only federal operators work on the federal library "
        "(this needs the “release” capability: Cut releases of the library)."
    )
    assert has_capability(operator, "release")


def test_grants_are_idempotent_and_revocable() -> None:
    operator = factories.operator()
    grant_capability(user=operator, capability="release")
    grant_capability(user=operator, capability="release")
    assert OperatorGrant.objects.filter(user=operator).count() == 1
    assert has_capability(operator, "release")

    assert revoke_capability(user=operator, capability="release")
    assert not revoke_capability(user=operator, capability="release")
    assert not has_capability(operator, "release")


def test_inactive_operators_lose_their_capabilities() -> None:
    operator = factories.operator(capabilities=["edit"])
    operator.is_active = False
    operator.save()
    assert not has_capability(operator, "edit")


def test_the_command_grants_all_three_by_default_or_those_named(capsys) -> None:
    call_command("create_federal_operator", email="ops@federation.example", password="long-password-1")
    call_command("create_federal_operator", email="rel@federation.example", password="long-password-1",
                 capability=["release"])

    ops = User.objects.get(email="ops@federation.example")
    rel = User.objects.get(email="rel@federation.example")
    assert all(has_capability(ops, cap) for cap in ("edit", "moderate", "release"))
    assert has_capability(rel, "release") and not has_capability(rel, "edit")
    assert "capabilities: release" in capsys.readouterr().out


def test_capabilities_are_granted_and_revoked_from_the_command_line() -> None:
    operator = factories.operator()
    call_command("grant_operator_capability", "--email", operator.email,
                 "--capability", "edit", "--capability", "moderate")
    assert has_capability(operator, "edit") and has_capability(operator, "moderate")

    call_command("grant_operator_capability", "--email", operator.email, "--capability", "edit", "--revoke")
    assert not has_capability(operator, "edit") and has_capability(operator, "moderate")
    with pytest.raises(CommandError) as error:
        call_command("grant_operator_capability", "--email", "nobody@x.example", "--capability", "edit")
    assert str(error.value) == "email: nobody@x.example is not a federal operator."
