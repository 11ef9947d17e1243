"""common.versions.claim_version, the one optimistic-concurrency check of the records several
people edit through a form: any model with a `version` field (a committee here, the
simplest such record)."""

from __future__ import annotations

import pytest
from django.db import transaction

from common.testing import refused
from common.versions import claim_version
from members.tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def stored_version(obj) -> int:
    return type(obj).objects.values_list("version", flat=True).get(pk=obj.pk)


def test_a_claim_from_the_current_version_moves_it_forward():
    committee = CommitteeFactory()
    claim_version(committee, 1)
    assert committee.version == stored_version(committee) == 2
    claim_version(committee, 2)
    assert committee.version == stored_version(committee) == 3


def test_a_claim_from_a_stale_version_is_refused_and_changes_nothing():
    committee = CommitteeFactory()
    stale = type(committee).objects.get(pk=committee.pk)
    claim_version(committee, 1)  # someone else saved first
    with refused("stale_version") as error:
        claim_version(stale, 1)
    assert error.value.params == {"current": 2, "expected": 1}
    assert stale.version == 1  # the caller's copy is not moved either
    assert stored_version(committee) == 2


def test_no_expected_version_claims_without_a_check():
    committee = CommitteeFactory()
    claim_version(committee, 1)
    claim_version(committee, None)
    assert committee.version == stored_version(committee) == 3


def test_a_save_refused_later_in_the_transaction_gives_the_version_back():
    committee = CommitteeFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        claim_version(committee, 1)
        raise RuntimeError("a rule broken after the claim")
    assert stored_version(committee) == 1
    claim_version(committee, 1)  # the same form may be saved once fixed
    assert stored_version(committee) == 2
